package io.focalscope.ui.task;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Work of which only the newest request counts: a request replaces one that has not started, so
 * that moving γ never queues stale evaluations behind the one in hand.
 */
public final class LatestOnly {

    private final TaskExecutor executor;
    private final AtomicReference<BackgroundTask<?>> pending = new AtomicReference<>();

    public LatestOnly(TaskExecutor executor) {
        this.executor = executor;
    }

    public void submit(BackgroundTask<?> task) {
        if (pending.getAndSet(task) == null) {
            executor.execute(drain());
        }
    }

    /** A task that runs whichever request is newest when it starts. */
    private BackgroundTask<Runnable> drain() {
        AtomicReference<BackgroundTask<?>> taken = new AtomicReference<>();
        return BackgroundTask.<Runnable>of(progress -> {
            BackgroundTask<?> newest = pending.getAndSet(null);
            taken.set(newest);
            return newest == null ? () -> { } : run(newest, progress);
        }).onSuccess(Runnable::run).onFailure(e -> {
            if (taken.get() != null) {
                taken.get().failed(e);
            }
        });
    }

    private static <V> Runnable run(BackgroundTask<V> task, BackgroundTask.Progress progress) throws Exception {
        V value = task.call(progress);
        return () -> task.succeeded(value);
    }
}
