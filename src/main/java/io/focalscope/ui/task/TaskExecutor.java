package io.focalscope.ui.task;

/**
 * Where the window's background work runs: every load, evaluation, frame and export goes
 * through one, so that the JavaFX thread only installs finished results. The window uses
 * {@link FxTaskExecutor}; tests run the same view models on an executor that works at once.
 */
public interface TaskExecutor extends AutoCloseable {

    /** Runs the task's work in the background, then its success or failure on the UI thread. */
    <V> void execute(BackgroundTask<V> task);

    /** Runs on the UI thread. */
    void runOnUi(Runnable r);

    /** Lets the work in hand finish and takes no more; safe to call twice. */
    @Override
    void close();
}
