package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.focalscope.io.SegmentationBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CPU kernel's tiles are 256 pixels wide for few classes and 128 for many (its logits kept within
 * the L1 cache): both widths, over whole and partial tiles of two samples, per pixel against the
 * double-precision reference, on both engines.
 */
class TileWidthsTest {

    @ParameterizedTest(name = "{0} classes, {1} x {2}")
    @CsvSource({"19, 13, 43", "60, 13, 29"}) // 559 pixels a sample: two tiles of 256 and part of a third; 377: two of 128 and part
    void everyPixelOfWholeAndPartialTilesIsTheReferences(int classes, int h, int w) {
        SegmentationBatch b = Batches.random(71, 2, classes, h, w, 4.0, 255);
        DoubleReference want = new DoubleReference(b, 255, 2, "enet");
        for (FocalLossEngine engine : Batches.engines()) {
            LossResult r = Batches.evaluate(engine, b, 255, 2, new WeightScheme.Enet(1.10), Reduction.MEAN);
            want.assertFocalMatches(b, 2, r, engine.id());
            for (int p = 0; p < b.pixels(); p++) {
                if (b.labels()[p] != 255) {
                    assertEquals(want.crossEntropy[p], r.maps().crossEntropy()[p], 2e-5 * Math.abs(want.crossEntropy[p]) + 1e-5,
                            engine.id() + ", cross-entropy at pixel " + p);
                }
            }
        }
    }
}
