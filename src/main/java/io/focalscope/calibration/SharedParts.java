package io.focalscope.calibration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A pass cut into parts that any thread calling {@link #work} takes in turn, the next not begun:
 * a pass started on one thread beside other work (a scan's loss pass) is joined by that work's
 * thread once it is free, so that neither core waits. The results come in part order whoever ran
 * them, so their merged sums do not depend on which thread took which part; where parts fail, the
 * first failing part's error is thrown, as a pass run part after part would throw it (a part after
 * it that has not begun is not run).
 */
final class SharedParts<T> {

    private final IntFunction<T> part;
    private final Object[] results;
    private final Throwable[] errors;
    private final AtomicInteger next = new AtomicInteger();
    /** The lowest part that failed: the parts after it not yet begun are not run, those before it are. */
    private final AtomicInteger firstFailed = new AtomicInteger(Integer.MAX_VALUE);
    /** Set by {@link #stop}: no part not yet begun is run. */
    private volatile boolean stopped;
    private final CountDownLatch ended;

    SharedParts(int parts, IntFunction<T> part) {
        this.part = part;
        results = new Object[parts];
        errors = new Throwable[parts];
        ended = new CountDownLatch(parts);
    }

    /** Runs parts not yet begun until none is left; returns while other threads may still run theirs. */
    void work() {
        for (int p = next.getAndIncrement(); p < results.length; p = next.getAndIncrement()) {
            try {
                if (!stopped && p < firstFailed.get()) {
                    results[p] = part.apply(p);
                }
            } catch (Throwable e) { // whatever it is, said by results() rather than lost on a pool's thread
                errors[p] = e;
                firstFailed.accumulateAndGet(p, Math::min);
            } finally {
                ended.countDown();
            }
        }
    }

    /** No part not yet begun is run: the pass is given up ({@link #awaitEnd} then waits for those begun). */
    void stop() {
        stopped = true;
        work(); // counts the parts not begun as ended, running none
    }

    /**
     * Every part's result in part order, once every part has ended.
     *
     * @throws RuntimeException the first failing part's (or an Error); IllegalStateException after {@link #stop}
     */
    @SuppressWarnings("unchecked")
    List<T> results() {
        awaitEnd();
        if (stopped) {
            throw new IllegalStateException("the pass was stopped");
        }
        int failed = firstFailed.get();
        if (failed != Integer.MAX_VALUE) {
            if (errors[failed] instanceof Error err) {
                throw err;
            }
            if (errors[failed] instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(errors[failed]);
        }
        List<T> out = new ArrayList<>(results.length);
        for (Object r : results) {
            out.add((T) r);
        }
        return out;
    }

    /** Waits until every part has ended, run or not (an interrupt waits too, and is kept for the caller: a part is a fraction of a second). */
    void awaitEnd() {
        boolean interrupted = false;
        while (true) {
            try {
                ended.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
