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
    private volatile boolean closed;

    /** Runs a load; on success the new inspection replaces the old one, which is closed. */
    void load(Task<Inspection> task, java.util.function.Consumer<Inspection> onInstalled) {
        submit(() -> {
            task.run();
            Inspection fresh;
            try {
                fresh = task.get(); // done: run() returned on this thread
            } catch (Exception failedOrCancelled) {
                return; // the task reports its failure to the window itself; the open data stays
            }
            if (closed) {
                fresh.close(); // the window closed while this was loading
                return;
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
            submit(this::drain);
        }
    }

    private void drain() {
        Function<Inspection, Runnable> work = pending.getAndSet(null);
        if (work == null || inspection == null || closed) {
            return;
        }
        Runnable publish = work.apply(inspection);
        if (publish != null) {
            javafx.application.Platform.runLater(publish);
        }
    }

    /** Runs on the worker unless it is closed; after closing, requests are dropped. */
    private void submit(Runnable r) {
        if (closed) {
            return;
        }
        try {
            thread.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // closed between the check and the call: nothing is left to do
        }
    }

    /** Finishes the work in hand, frees the open inspection and ends the thread; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        submit(() -> {
            if (inspection != null) {
                inspection.close();
                inspection = null;
            }
        });
        closed = true;
        pending.set(null);
        thread.shutdown();
    }
}
