package io.focalscope.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.io.InputException;
import org.junit.jupiter.api.Test;

/** A read started ahead hands over what the read gave: the dataset, or the reader's own exception. */
class DatasetPrefetchTest {

    @Test
    void theReadersMessageReachesWhoeverTakesTheDataset() {
        InputException refused = InputException.of("/data/x_logits.npy", "not a .npy, .npz or PNG file");
        DatasetPrefetch p = DatasetPrefetch.start("/data/x_logits.npy", () -> {
            throw refused;
        });
        assertEquals("/data/x_logits.npy", p.what());
        InputException e = assertThrows(InputException.class, p::dataset);
        assertSame(refused, e, "the reader's exception itself, not one wrapping it");
        assertEquals("/data/x_logits.npy: not a .npy, .npz or PNG file", e.getMessage());
    }

    @Test
    void theDatasetReadIsHandedOver() {
        Dataset demo = DatasetLoader.demo();
        assertSame(demo, DatasetPrefetch.start("the demo", () -> demo).dataset());
    }

    /** What runs after the read (the colour key's warm-up) neither holds the dataset back nor, failing, takes it away. */
    @Test
    void whatRunsAfterTheReadWaitsForNothingAndFailsQuietly() throws Exception {
        Dataset demo = DatasetLoader.demo();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(1);
        DatasetPrefetch held = DatasetPrefetch.start("the demo", () -> demo, () -> {
            ran.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertSame(demo, org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), held::dataset),
                "handed over while what follows the read still runs");
        assertTrue(ran.await(30, java.util.concurrent.TimeUnit.SECONDS), "it ran, after the read");
        release.countDown();
        DatasetPrefetch failing = DatasetPrefetch.start("the demo", () -> demo, () -> {
            throw new IllegalStateException("no fonts");
        });
        assertSame(demo, failing.dataset());
    }

    /** The key's warm-up paints as a key does, without a window or display. */
    @Test
    void theKeysWarmUpPaintsWithoutADisplay() {
        io.focalscope.render.ColorbarPainter.warmUp();
    }
}
