package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.io.BatchLoader;
import io.focalscope.io.DType;
import io.focalscope.io.InputException;
import io.focalscope.io.NdArray;
import io.focalscope.io.NpyWriter;
import io.focalscope.io.SegmentationBatch;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Shapes and values at the edges: every figure finite and right, or a clear message. */
class ExtremeInputsTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @MethodSource("io.focalscope.loss.Batches#engines")
    void onePixel(FocalLossEngine engine) {
        float[][] z = {{2f, -1f, 0.5f}};
        LossResult r = Batches.evaluate(engine, Batches.ofPixels(z, new int[] {2}), 255, 2.0, new WeightScheme.Enet(1.1), Reduction.MEAN);
        double p = Math.exp(0.5) / (Math.exp(2) + Math.exp(-1) + Math.exp(0.5));
        double alpha = 1 / Math.log(1.1 + 1.0);
        assertEquals(-alpha * Math.pow(1 - p, 2) * Math.log(p), r.lossOnehot(), 1e-6);
        assertEquals(1, r.pixels());
    }

    @ParameterizedTest
    @MethodSource("io.focalscope.loss.Batches#engines")
    void oneClassHasNoLoss(FocalLossEngine engine) {
        float[][] z = {{3f}, {-7f}};
        LossResult r = Batches.evaluate(engine, Batches.ofPixels(z, new int[] {0, 0}), 255, 2.0, new WeightScheme.None(), Reduction.MEAN);
        assertEquals(0.0, r.lossOnehot());
        assertEquals(0.0, r.crossEntropy());
        assertEquals(1f, r.maps().pt()[1]);
    }

    @ParameterizedTest
    @MethodSource("io.focalscope.loss.Batches#engines")
    void aThousandClasses(FocalLossEngine engine) {
        SegmentationBatch b = Batches.random(3, 1, 1000, 4, 5, 3.0, 255);
        LossResult r = Batches.evaluate(engine, b, 255, 2.0, new WeightScheme.Inverse(), Reduction.MEAN);
        assertTrue(Double.isFinite(r.lossOnehot()) && r.lossOnehot() > 0);
        assertEquals(1000, r.perClass().size());
        assertEquals(r.lossOnehot(), r.lossNll(), 1e-6 * r.lossOnehot(), "the forms differ by float rounding only");
    }

    @ParameterizedTest
    @MethodSource("io.focalscope.loss.Batches#engines")
    void gammaZeroAndFifty(FocalLossEngine engine) {
        SegmentationBatch b = Batches.random(4, 1, 5, 6, 6, 4.0, 255);
        LossResult zero = Batches.evaluate(engine, b, 255, 0.0, new WeightScheme.None(), Reduction.MEAN);
        LossResult fifty = Batches.evaluate(engine, b, 255, 50.0, new WeightScheme.None(), Reduction.MEAN);
        DoubleReference want = new DoubleReference(b, 255, 0, "none");
        double mean = DoubleReference.sum(want.crossEntropy) / want.labelled;
        assertEquals(mean, zero.crossEntropy(), 2e-5 * mean, "cross-entropy against the double reference");
        assertEquals(mean, zero.lossOnehot(), 2e-5 * mean, "focal at γ = 0 against the double reference");
        assertTrue(Double.isFinite(fifty.lossOnehot()) && fifty.lossOnehot() >= 0 && fifty.lossOnehot() < zero.lossOnehot());
        for (float v : fifty.maps().focal()) {
            assertTrue(Float.isFinite(v) && v >= 0, "focal " + v);
        }
    }

    @ParameterizedTest
    @MethodSource("io.focalscope.loss.Batches#engines")
    void everyPixelIgnoredIsAClearMessageNotNaN(FocalLossEngine engine) {
        float[][] z = {{1, 2}, {3, 4}};
        InputException e = assertThrows(InputException.class,
                () -> engine.prepare(Batches.ofPixels(z, new int[] {255, 255}), 255));
        assertEquals("labels.npy: no labelled pixels: all 2 pixels are the ignore index 255", e.getMessage());
    }

    /** No pixel left to compute because of non-finite logits: the logits are named, and the ignored rest where there is one. */
    @ParameterizedTest
    @MethodSource("io.focalscope.loss.Batches#engines")
    void noComputablePixelNamesTheLogitsAndTheIgnoredRest(FocalLossEngine engine) {
        float[][] allBad = {{Float.NaN, 2}, {3, Float.POSITIVE_INFINITY}, {Float.NEGATIVE_INFINITY, 0}};
        InputException every = assertThrows(InputException.class, () -> engine.prepare(Batches.ofPixels(allBad, new int[] {0, 1, 0}), 255));
        assertEquals("logits.npy: no pixel can be computed: every one of the 3 pixels has non-finite logits (NaN or infinity)",
                every.getMessage());
        float[][] someBad = {{Float.NaN, 2}, {3, 4}, {1, Float.POSITIVE_INFINITY}, {0, 0}};
        InputException some = assertThrows(InputException.class,
                () -> engine.prepare(Batches.ofPixels(someBad, new int[] {0, 255, 1, 255}), 255));
        assertEquals("logits.npy: no pixel can be computed: 2 of the 4 pixels have non-finite logits (NaN or infinity) and the other 2"
                + " are the ignore index 255 in labels.npy", some.getMessage());
    }

    @ParameterizedTest
    @MethodSource("io.focalscope.loss.Batches#engines")
    void logitsOfPlusMinusTenToTheThirty(FocalLossEngine engine) {
        float[][] z = {{1e30f, -1e30f, 0f}, {1e30f, -1e30f, 0f}, {-1e30f, -1e30f, 1e30f}};
        LossResult r = Batches.evaluate(engine, Batches.ofPixels(z, new int[] {0, 1, 2}), 255, 2.0, new WeightScheme.None(), Reduction.SUM);
        assertEquals(0f, r.maps().focal()[0]);
        assertEquals(2e30f, r.maps().focal()[1], 1e24f);
        assertEquals(0f, r.maps().focal()[2]);
        assertEquals(2e30, r.sum(), 1e24);
        assertEquals(0, r.nonFinite());
    }

    @ParameterizedTest
    @MethodSource("io.focalscope.loss.Batches#engines")
    void float16LimitsReadAndComputeFinitely(FocalLossEngine engine) {
        float max = 65504f; // the largest float16
        float[] logits = {max, -max, 0f, -max, max, 6.1e-5f};
        Path l = tmp.resolve("half.npy");
        NpyWriter.write(l, NdArray.ofFloats("half", DType.FLOAT16, new int[] {1, 3, 1, 2}, logits));
        Path y = tmp.resolve("labels.npy");
        NpyWriter.write(y, NdArray.ofBytes("labels", new int[] {1, 1, 2}, new int[] {1, 2}));
        SegmentationBatch b = BatchLoader.load(l.toString(), y.toString());
        assertEquals(max, b.logits()[0]);
        LossResult r = Batches.evaluate(engine, b, 255, 2.0, new WeightScheme.None(), Reduction.SUM);
        // class planes: pixel 0 has logits (65504, 0, 65504) and label 1: log p = -65504 - ln 2;
        // pixel 1 has (-65504, -65504, 6.1e-5) and label 2: p = 1 to float precision, no loss
        assertEquals(65504 + Math.log(2), r.maps().focal()[0], 0.01);
        assertEquals(0f, r.maps().focal()[1]);
    }

    @ParameterizedTest
    @MethodSource("io.focalscope.loss.Batches#engines")
    void manyRandomShapesNeverGiveNaN(FocalLossEngine engine) {
        Random rng = new Random(5);
        for (int i = 0; i < 40; i++) {
            SegmentationBatch b = Batches.random(rng.nextLong(), 1 + rng.nextInt(2), 1 + rng.nextInt(30), 1 + rng.nextInt(9),
                    1 + rng.nextInt(9), Math.pow(10, rng.nextInt(7) - 2), rng.nextBoolean() ? 255 : null);
            try {
                LossResult r = Batches.evaluate(engine, b, 255, rng.nextDouble() * 8, new WeightScheme.Enet(1.02), Reduction.MEAN);
                assertTrue(Double.isFinite(r.lossOnehot()) && Double.isFinite(r.crossEntropy()) && Double.isFinite(r.sum()), "case " + i);
            } catch (InputException e) {
                assertTrue(e.getMessage().contains("no labelled pixels"), e.getMessage());
            }
        }
    }
}
