package io.focalscope.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A dataset read on a thread of its own from the moment it is asked for, and handed over when it is
 * wanted. The window's start asks for its file before JavaFX starts: the read then overlaps the
 * toolkit's start (0.5-1 s on two cores) instead of following the window's first layout.
 */
public final class DatasetPrefetch {

    private final String what;
    private final CompletableFuture<Dataset> read = new CompletableFuture<>();

    private DatasetPrefetch(String what) {
        this.what = what;
    }

    /**
     * Starts reading.
     *
     * @param what   what is read, as messages name it ("the demo", a file)
     * @param loader reads it; what it throws is thrown again by {@link #dataset}
     */
    public static DatasetPrefetch start(String what, Supplier<Dataset> loader) {
        return start(what, loader, () -> { });
    }

    /**
     * The same; {@code afterRead} then runs on the reading thread, once the dataset is handed over
     * (work that helps the start and should not delay the read); what it throws is dropped.
     */
    public static DatasetPrefetch start(String what, Supplier<Dataset> loader, Runnable afterRead) {
        DatasetPrefetch p = new DatasetPrefetch(what);
        Thread t = new Thread(() -> {
            try {
                p.read.complete(loader.get());
            } catch (Throwable e) {
                p.read.completeExceptionally(e);
            }
            try {
                afterRead.run();
            } catch (Throwable e) {
                // it only saves time: the start goes on without it
            }
        }, "focalscope-read");
        t.setDaemon(true);
        t.start();
        return p;
    }

    public String what() {
        return what;
    }

    /** The dataset, once read; throws what the read threw (an {@code InputException} names the file and the problem). */
    public Dataset dataset() {
        try {
            return read.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
