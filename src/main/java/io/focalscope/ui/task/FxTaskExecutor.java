package io.focalscope.ui.task;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import javafx.application.Platform;
import javafx.concurrent.Task;

/**
 * The window's executor: each task a {@link Task} on one background thread, so that work is done
 * in the order asked and one thread owns the open inspection (its ND4J buffers are reused between
 * evaluations); the work itself spreads over the cores. Results reach the JavaFX thread.
 */
public final class FxTaskExecutor implements TaskExecutor {

    private final ExecutorService thread;

    /** On the thread {@code focalscope-worker}. */
    public FxTaskExecutor() {
        this("focalscope-worker");
    }

    /** On a thread of its own, so that long work (a dataset scan) never holds up the inspector's. */
    public FxTaskExecutor(String threadName) {
        thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public <V> void execute(BackgroundTask<V> work) {
        Task<V> task = new Task<>() {
            @Override
            protected V call() throws Exception {
                return work.call((done, message) -> {
                    updateProgress(done, 1);
                    updateMessage(message);
                });
            }
        };
        BackgroundTask.Progress shown = work.shownProgress();
        if (shown != null) {
            task.progressProperty().addListener((o, a, done) -> shown.update(done.doubleValue(), task.getMessage()));
            task.messageProperty().addListener((o, a, message) -> shown.update(task.getProgress(), message));
        }
        task.setOnSucceeded(e -> work.succeeded(task.getValue()));
        task.setOnFailed(e -> work.failed(task.getException() instanceof Exception ex ? ex : new RuntimeException(task.getException())));
        try {
            thread.execute(task);
        } catch (RejectedExecutionException closed) {
            // the window is closing: nothing more is done
        }
    }

    @Override
    public void runOnUi(Runnable r) {
        Platform.runLater(r);
    }

    @Override
    public void close() {
        thread.shutdown();
    }
}
