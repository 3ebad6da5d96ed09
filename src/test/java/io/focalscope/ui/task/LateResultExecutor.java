package io.focalscope.ui.task;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Runs each task's work at once, as a worker thread may, but hands its result over only when the
 * test says, after the UI work already waiting: the order in which a real UI thread may meet them,
 * a result arriving after a newer request.
 */
public final class LateResultExecutor implements TaskExecutor {

    private final Deque<Runnable> onUi = new ArrayDeque<>();
    private final Deque<Runnable> results = new ArrayDeque<>();

    @Override
    public <V> void execute(BackgroundTask<V> task) {
        V value;
        try {
            value = task.call((done, message) -> { });
        } catch (Exception e) {
            results.add(() -> task.failed(e));
            return;
        }
        results.add(() -> task.succeeded(value));
    }

    @Override
    public void runOnUi(Runnable r) {
        onUi.add(r);
    }

    /** Runs what waits for the UI thread, then the results that wait, and what they start, until nothing waits. */
    public void settle() {
        while (!onUi.isEmpty() || !results.isEmpty()) {
            (onUi.isEmpty() ? results : onUi).poll().run();
        }
    }

    @Override
    public void close() {
        onUi.clear();
        results.clear();
    }
}
