package io.focalscope.ui.task;

import java.util.function.Consumer;

/**
 * Work for a {@link TaskExecutor}: what runs in the background, and what is done with its result
 * or failure on the UI thread. Free of the toolkit, so that view models that make these are tested
 * without one.
 *
 * @param <V> the result
 */
public final class BackgroundTask<V> {

    /** The background part; it may report its progress. */
    @FunctionalInterface
    public interface Work<V> {
        V call(Progress progress) throws Exception;
    }

    /** How far the work has come: {@code done} in [0, 1] and what it is doing. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, message) -> { };

        void update(double done, String message);
    }

    private final Work<V> work;
    private Consumer<? super V> onSuccess = v -> { };
    private Consumer<? super Exception> onFailure = e -> { };
    private Progress progress;

    private BackgroundTask(Work<V> work) {
        this.work = work;
    }

    public static <V> BackgroundTask<V> of(Work<V> work) {
        return new BackgroundTask<>(work);
    }

    /** A task without a result. */
    public static BackgroundTask<Void> running(Runnable work) {
        return new BackgroundTask<>(p -> {
            work.run();
            return null;
        });
    }

    /** Runs on the UI thread with the result. */
    public BackgroundTask<V> onSuccess(Consumer<? super V> then) {
        onSuccess = then;
        return this;
    }

    /** Runs on the UI thread with what the work threw. */
    public BackgroundTask<V> onFailure(Consumer<? super Exception> then) {
        onFailure = then;
        return this;
    }

    /** Where the work's progress goes, on the UI thread: work worth a progress bar. */
    public BackgroundTask<V> showingProgress(Progress shown) {
        progress = shown;
        return this;
    }

    // For executors //

    /** The work, reporting to {@code progress} (on the background thread). */
    public V call(Progress p) throws Exception {
        return work.call(p);
    }

    /** Where progress is shown on the UI thread, or null. */
    public Progress shownProgress() {
        return progress;
    }

    public void succeeded(V value) {
        onSuccess.accept(value);
    }

    public void failed(Exception e) {
        onFailure.accept(e);
    }
}
