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
 * first failing part's error is thrown, as a pass run part after part would throw it.
 */
final class SharedParts<T> {

    private final IntFunction<T> part;
    private final Object[] results;
    private final Throwable[] errors;
    private final AtomicInteger next = new AtomicInteger();
    /** The lowest part that failed: the parts after it are not run, those before it are. */
    private final AtomicInteger firstFailed = new AtomicInteger(Integer.MAX_VALUE);
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
                if (p < firstFailed.get()) {
                    results[p] = part.apply(p);
                }
            } catch (RuntimeException | Error e) {
                errors[p] = e;
                firstFailed.accumulateAndGet(p, Math::min);
            } finally {
                ended.countDown();
            }
        }
    }

    /**
     * Every part's result in part order, once every part has ended (an interrupt waits too, and is
     * kept for the caller: a part is a fraction of a second).
     *
     * @throws RuntimeException the first failing part's (or an Error)
     */
    @SuppressWarnings("unchecked")
    List<T> results() {
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
        int failed = firstFailed.get();
        if (failed != Integer.MAX_VALUE) {
            if (errors[failed] instanceof Error err) {
                throw err;
            }
            throw (RuntimeException) errors[failed];
        }
        List<T> out = new ArrayList<>(results.length);
        for (Object r : results) {
            out.add((T) r);
        }
        return out;
    }
}
