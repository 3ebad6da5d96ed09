package io.focalscope.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.focalscope.io.InputException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The dataset commands' threads: every index once, a failure ends the run, and running out of memory ends it in a message. */
class ParallelTest {

    @Test
    void everyIndexRunsExactlyOnce() {
        AtomicIntegerArray runs = new AtomicIntegerArray(1000);
        Parallel.forEach(1000, 2, "focalscope-test", runs::incrementAndGet);
        for (int i = 0; i < 1000; i++) {
            assertEquals(1, runs.get(i), "index " + i);
        }
    }

    @Test
    void aFailureOfTheWorkStopsTheOthersAndIsRethrown() {
        AtomicIntegerArray runs = new AtomicIntegerArray(1000);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forEach(1000, 2, "focalscope-test", i -> {
            runs.incrementAndGet(i);
            if (i == 10) {
                throw new IllegalStateException("broken at 10");
            }
        }));
        assertEquals("broken at 10", e.getMessage());
        int ran = 0;
        for (int i = 0; i < 1000; i++) {
            ran += runs.get(i);
        }
        assertTrue(ran < 1000, "the others stopped: " + ran + " ran");
    }

    /** Before, a pool's worker killed by it left the queue unrun and the caller waiting for ever. */
    @Test
    void runningOutOfMemoryEndsInAMessageNotAWait() {
        // a deadline for a hang, not a speed target
        InputException e = assertTimeoutPreemptively(Duration.ofMinutes(2), () -> assertThrows(InputException.class,
                () -> Parallel.forEach(50, 2, "focalscope-scan", i -> {
                    throw new OutOfMemoryError("Java heap space");
                })));
        assertTrue(e.getMessage().startsWith("not enough memory for 2 scan threads at once (Java's heap is "), e.getMessage());
        assertTrue(e.getMessage().endsWith("): run with fewer --threads, or raise FOCALSCOPE_HEAP"), e.getMessage());
    }
}
