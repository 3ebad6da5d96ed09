package io.focalscope.ui.task;

/**
 * Runs each task at once on the calling thread, its success or failure after it, and UI work at
 * once: view models then behave deterministically in tests without a toolkit.
 */
public final class ImmediateTaskExecutor implements TaskExecutor {

    @Override
    public <V> void execute(BackgroundTask<V> task) {
        V value;
        try {
            value = task.call((done, message) -> {
                if (task.shownProgress() != null) {
                    task.shownProgress().update(done, message);
                }
            });
        } catch (Exception e) {
            task.failed(e);
            return;
        }
        task.succeeded(value);
    }

    @Override
    public void runOnUi(Runnable r) {
        r.run();
    }

    @Override
    public void close() {
    }
}
