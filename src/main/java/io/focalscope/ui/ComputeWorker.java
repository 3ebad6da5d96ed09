package io.focalscope.ui;

import io.focalscope.session.Inspection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javafx.concurrent.Task;

/**
 * The one thread that owns the open {@link Inspection} (its ND4J buffers are reused between
 * evaluations, so no two threads may touch it). Loads run as {@link Task}s with progress; an
 * evaluation request replaces any request not yet started, so moving γ never queues stale work.
 */
final class ComputeWorker implements AutoCloseable {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "focalscope-compute");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<Function<Inspection, Runnable>> pending = new AtomicReference<>();
    private Inspection inspection;

    /** Runs a load; on success the new inspection replaces the old one, which is closed. */
    void load(Task<Inspection> task, java.util.function.Consumer<Inspection> onInstalled) {
        thread.execute(() -> {
            task.run();
            Inspection fresh;
            try {
                fresh = task.get(); // done: run() returned on this thread
            } catch (Exception failedOrCancelled) {
                return; // the task reports its failure to the window itself; the open data stays
            }
            if (inspection != null) {
                inspection.close();
            }
            inspection = fresh;
            onInstalled.accept(fresh);
        });
    }

    /**
     * Asks for an evaluation of the open inspection; {@code work} runs on the worker thread and
     * returns what to do on the JavaFX thread. A newer request replaces this one if it has not started.
     */
    void evaluate(Function<Inspection, Runnable> work) {
        if (pending.getAndSet(work) == null) {
            thread.execute(this::drain);
        }
    }

    private void drain() {
        Function<Inspection, Runnable> work = pending.getAndSet(null);
        if (work == null || inspection == null) {
            return;
        }
        Runnable publish = work.apply(inspection);
        if (publish != null) {
            javafx.application.Platform.runLater(publish);
        }
    }

    @Override
    public void close() {
        thread.execute(() -> {
            if (inspection != null) {
                inspection.close();
                inspection = null;
            }
        });
        thread.shutdown();
    }
}
