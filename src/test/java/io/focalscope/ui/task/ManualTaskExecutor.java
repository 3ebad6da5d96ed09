package io.focalscope.ui.task;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Holds tasks until the test runs them, so that a test can see what a command does on the UI
 * thread by itself (nothing, for the heavy ones) and what it leaves to the background.
 */
public final class ManualTaskExecutor implements TaskExecutor {

    private final Deque<BackgroundTask<?>> waiting = new ArrayDeque<>();
    private final ImmediateTaskExecutor now = new ImmediateTaskExecutor();
    private int ran;

    @Override
    public <V> void execute(BackgroundTask<V> task) {
        waiting.add(task);
    }

    @Override
    public void runOnUi(Runnable r) {
        r.run();
    }

    /** Tasks waiting to run. */
    public int waiting() {
        return waiting.size();
    }

    /** Tasks run so far. */
    public int ran() {
        return ran;
    }

    /** Runs the task that has waited longest. */
    public void runNext() {
        ran++;
        now.execute(waiting.poll());
    }

    /** Runs the waiting tasks, and those they start, in order, until none waits. */
    public void runAll() {
        while (!waiting.isEmpty()) {
            ran++;
            now.execute(waiting.poll());
        }
    }

    @Override
    public void close() {
        waiting.clear();
    }
}
