package io.focalscope.dataset;

import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** Work over a list of files on a few threads of its own, so that a scan's reads overlap its computing. */
public final class Parallel {

    private Parallel() {
    }

    /**
     * Runs {@code work} for 0 ... count - 1 on {@code threads} daemon threads and returns when all
     * have run; a failure of the work itself (not a file's: the work catches those) stops the others
     * and is rethrown.
     *
     * <p>Each thread takes the next index itself and catches whatever ends it, rather than a pool
     * running queued tasks: an OutOfMemoryError that escapes a pool's task can kill its worker
     * threads outside the task, leave the queue unrun and the caller waiting forever (seen with
     * {@code FOCALSCOPE_HEAP=200m}, two threads and two 40 MB images).
     */
    public static void forEach(int count, int threads, String threadName, IntConsumer work) {
        int n = Math.max(1, Math.min(Threads.useful(threads), count));
        AtomicInteger next = new AtomicInteger();
        Outcome outcome = new Outcome();
        next.getAndIncrement(); // links the atomic's code now: linking it first under an OutOfMemoryError would fail
        next.set(0);
        Thread[] workers = new Thread[n];
        int started = 0;
        try {
            for (; started < n; started++) {
                workers[started] = new Thread(() -> {
                    try {
                        for (int i = next.getAndIncrement(); i < count && !outcome.stop; i = next.getAndIncrement()) {
                            work.accept(i);
                        }
                    } catch (Throwable e) {
                        outcome.fail(e);
                    }
                }, threadName);
                workers[started].setDaemon(true);
                workers[started].start();
            }
            for (Thread w : workers) {
                w.join();
            }
        } catch (InterruptedException e) {
            stopAndWait(workers, started, outcome);
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        } catch (Throwable e) {
            // a thread that could not start (no memory for its stack): the started ones stop before this ends
            stopAndWait(workers, started, outcome);
            throw e;
        }
        Throwable f = outcome.failure;
        if (f instanceof OutOfMemoryError) {
            // the threads are gone and their arrays with them: room again for a message
            throw new io.focalscope.io.InputException("not enough memory for " + n + " " + threadName.replace("focalscope-", "")
                    + " threads at once (Java's heap is " + io.focalscope.io.MemoryBudget.megabytes(Runtime.getRuntime().maxMemory())
                    + "): run with fewer --threads, or raise FOCALSCOPE_HEAP");
        }
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error err) {
            throw err;
        }
        if (f != null) {
            throw new IllegalStateException(f);
        }
    }

    /**
     * Stops the started threads and waits for them, a minute in all: what they write (a search's
     * temporary files) must not outlive the caller's cleanup.
     */
    private static void stopAndWait(Thread[] workers, int started, Outcome outcome) {
        outcome.stop = true;
        for (int t = 0; t < started; t++) {
            workers[t].interrupt();
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (int t = 0; t < started; t++) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break;
            }
            try {
                workers[t].join(left);
            } catch (InterruptedException again) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    /** The first failure and the stop it asks for: plain volatile fields, which a write under an OutOfMemoryError cannot fail to set. */
    private static final class Outcome {
        volatile boolean stop;
        volatile Throwable failure;

        synchronized void fail(Throwable e) {
            if (failure == null) {
                failure = e;
            }
            stop = true;
        }
    }
}
