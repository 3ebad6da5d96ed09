package io.focalscope.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
