package io.focalscope.dataset;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/** Work over a list of files on a few threads of its own, so that a scan's reads overlap its computing. */
public final class Parallel {

    private Parallel() {
    }

    /**
     * Runs {@code work} for 0 ... count - 1 on {@code threads} daemon threads and returns when all
     * have run; a failure of the work itself (not a file's: the work catches those) is rethrown.
     */
    public static void forEach(int count, int threads, String threadName, IntConsumer work) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(Threads.useful(threads), count)), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> work.accept(index)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        } finally {
            pool.shutdownNow();
            try {
                // a failure or a cancel returns only once the other threads have stopped: what they
                // write (a search's temporary files) must not outlive the caller's cleanup
                pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
