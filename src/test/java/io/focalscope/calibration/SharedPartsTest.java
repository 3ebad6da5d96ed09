package io.focalscope.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A pass in parts taken by whichever thread comes: results in part order, the first failing part's error. */
class SharedPartsTest {

    @Test
    void twoThreadsTakeEveryPartOnceAndTheResultsComeInPartOrder() throws InterruptedException {
        Set<Integer> ranBy = ConcurrentHashMap.newKeySet();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        CountDownLatch bothIn = new CountDownLatch(2);
        SharedParts<Integer> parts = new SharedParts<>(40, p -> {
            assertTrue(ranBy.add(p), "part " + p + " ran twice");
            threads.add(Thread.currentThread().getName());
            bothIn.countDown();
            await(bothIn); // no thread ends before the other has taken a part
            return p * p;
        });
        Thread other = new Thread(parts::work, "other");
        other.start();
        parts.work();
        other.join();
        assertEquals(IntStream.range(0, 40).map(p -> p * p).boxed().toList(), parts.results());
        assertEquals(Set.of("other", Thread.currentThread().getName()), threads);
    }

    @Test
    void theFirstFailingPartsErrorIsThrownEvenWhereALaterPartFailedFirst() throws InterruptedException {
        CountDownLatch firstBegun = new CountDownLatch(1);
        CountDownLatch secondFailed = new CountDownLatch(1);
        IllegalStateException first = new IllegalStateException("part 0");
        SharedParts<Integer> parts = new SharedParts<>(2, p -> {
            if (p == 0) {
                firstBegun.countDown();
                await(secondFailed);
                throw first;
            }
            secondFailed.countDown();
            throw new IllegalStateException("part 1");
        });
        Thread other = new Thread(parts::work);
        other.start();
        await(firstBegun); // the other thread holds part 0
        parts.work(); // part 1 here, failing first
        other.join();
        assertSame(first, assertThrows(IllegalStateException.class, parts::results));
    }

    @Test
    void aFailedPartStopsThePartsAfterItNotThoseBefore() {
        Set<Integer> ran = ConcurrentHashMap.newKeySet();
        SharedParts<Integer> parts = new SharedParts<>(6, p -> {
            ran.add(p);
            if (p == 3) {
                throw new IllegalArgumentException("part 3");
            }
            return p;
        });
        parts.work();
        assertEquals("part 3", assertThrows(IllegalArgumentException.class, parts::results).getMessage());
        assertEquals(Set.of(0, 1, 2, 3), ran);
    }

    @Test
    void resultsWaitForAPartAnotherThreadStillRuns() throws InterruptedException {
        CountDownLatch begun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SharedParts<String> parts = new SharedParts<>(1, p -> {
            begun.countDown();
            await(release);
            return "done";
        });
        Thread other = new Thread(parts::work);
        other.start();
        await(begun);
        parts.work(); // nothing left to take: returns at once
        AtomicReference<List<String>> got = new AtomicReference<>();
        Thread reader = new Thread(() -> got.set(parts.results()));
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (reader.getState() != Thread.State.WAITING) { // blocked on the part, not ended with a result
            assertTrue(reader.isAlive() && System.nanoTime() < deadline, "results() did not wait for the running part");
            Thread.onSpinWait();
        }
        assertNull(got.get());
        release.countDown();
        reader.join();
        other.join();
        assertEquals(List.of("done"), got.get());
    }

    @Test
    void aStoppedPassRunsNoPartNotBegunAndEndsOnceThoseBegunHave() throws InterruptedException {
        Set<Integer> ran = ConcurrentHashMap.newKeySet();
        CountDownLatch begun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SharedParts<Integer> parts = new SharedParts<>(5, p -> {
            ran.add(p);
            begun.countDown();
            await(release);
            return p;
        });
        Thread other = new Thread(parts::work);
        other.start();
        await(begun); // part 0 runs there
        parts.stop(); // the others, not begun, end here without running
        Thread ender = new Thread(parts::awaitEnd);
        ender.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ender.getState() != Thread.State.WAITING) { // waits for part 0, still running
            assertTrue(ender.isAlive() && System.nanoTime() < deadline, "awaitEnd() did not wait for the running part");
            Thread.onSpinWait();
        }
        release.countDown();
        ender.join();
        other.join();
        assertEquals(Set.of(0), ran);
        assertEquals("the pass was stopped", assertThrows(IllegalStateException.class, parts::results).getMessage());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS), "waited 30 s");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
