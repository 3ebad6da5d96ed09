package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import org.junit.jupiter.api.Test;

class FocalLossEngineTest {

    static final SegmentationBatch RANDOM = Batches.random(11, 2, 7, 9, 13, 4.0, 255);

    @Test
    void gammaZeroIsCrossEntropy() {
        LossResult r = Batches.evaluate(RANDOM, 0.0);
        assertArrayEquals(r.maps().crossEntropy(), r.maps().focal(), "per pixel");
        assertEquals(r.crossEntropy(), r.lossOnehot(), 1e-12, "reduced");
        // cross-entropy by hand in double for pixel 0
        assertEquals(crossEntropyByHand(RANDOM, 0), r.maps().crossEntropy()[0], 1e-5);
    }

    @Test
    void bothFormsAgree() {
        LossResult r = Batches.evaluate(Batches.random(5, 3, 19, 8, 8, 20.0, 255), 2.0);
        assertEquals(r.lossOnehot(), r.lossNll(), 1e-6 * r.lossOnehot());
        assertTrue(r.maxAbsDiff() <= 1e-6 * r.sum() / r.pixels(), "max per-pixel difference " + r.maxAbsDiff());
    }

    @Test
    void addingAConstantToAllLogitsChangesNothing() {
        float[] shifted = RANDOM.logits().clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 7.0f;
        }
        SegmentationBatch moved = new SegmentationBatch(shifted, RANDOM.labels(), 2, 7, 9, 13, "logits.npy", "labels.npy");
        float[] before = Batches.evaluate(RANDOM, 2.0).maps().focal();
        float[] after = Batches.evaluate(moved, 2.0).maps().focal();
        for (int p = 0; p < before.length; p++) {
            assertEquals(before[p], after[p], 2e-5 * Math.max(1, before[p]), "pixel " + p);
        }
    }

    @Test
    void logitsOfPlusMinusAThousandGiveFiniteExactValues() {
        float[][] z = {{1000, -1000, 0}, {1000, -1000, 0}, {1000, -1000, 0}};
        LossResult r = Batches.evaluate(Batches.ofPixels(z, new int[] {0, 1, 2}), 255, 2.0, new WeightScheme.None(), Reduction.SUM);
        // log p = 0, -2000, -1000; the factor is 1 where p ≈ 0
        assertArrayEquals(new float[] {0f, 2000f, 1000f}, r.maps().focal());
        assertArrayEquals(new float[] {0f, 2000f, 1000f}, r.maps().focalNll());
        assertEquals(3000.0, r.sum());
    }

    @Test
    void confidentPixelsKeepTheirPrecision() {
        // p_t = 1/(1 + e^-10): log p_t = -log1p(e^-10), a value float32 loses through log(1 + ε)
        float[][] z = {{0, -10}, {0, -20}};
        LossResult r = Batches.evaluate(Batches.ofPixels(z, new int[] {0, 0}), 255, 2.0, new WeightScheme.None(), Reduction.SUM);
        for (int p = 0; p < 2; p++) {
            double logPt = -Math.log1p(Math.exp(-10 - 10 * p));
            double expected = -Math.pow(-Math.expm1(logPt), 2) * logPt;
            assertEquals(expected, r.maps().focal()[p], 1e-5 * expected, "pixel " + p);
            assertEquals(-logPt, r.maps().crossEntropy()[p], 1e-5 * -logPt, "cross-entropy of pixel " + p);
        }
    }

    @Test
    void lossNeverRisesWithGamma() {
        float[] previous = null;
        for (double gamma : new double[] {0, 0.5, 1, 2, 3.7, 5}) {
            float[] focal = Batches.evaluate(RANDOM, gamma).maps().focal();
            if (previous != null) {
                for (int p = 0; p < focal.length; p++) {
                    assertTrue(focal[p] <= previous[p], "pixel " + p + " at gamma " + gamma);
                }
            }
            previous = focal;
        }
    }

    @Test
    void reductionsFollowTheirFormulas() {
        WeightScheme w = new WeightScheme.Enet(1.10);
        LossResult sum = Batches.evaluate(RANDOM, 255, 2.0, w, Reduction.SUM);
        double alphaSum = 0;
        for (int k = 0; k < sum.classes(); k++) {
            alphaSum += sum.counts()[k] * sum.classWeights()[k];
        }
        assertEquals(sum.sum(), sum.lossOnehot(), 0.0, "sum");
        assertEquals(sum.sum() / sum.pixels(), Batches.evaluate(RANDOM, 255, 2.0, w, Reduction.MEAN).lossOnehot(), 1e-12);
        assertEquals(sum.sum() / alphaSum, Batches.evaluate(RANDOM, 255, 2.0, w, Reduction.WEIGHTED_MEAN).lossOnehot(), 1e-9);
        assertEquals(sum.sum() / (2 * 9 * 13), Batches.evaluate(RANDOM, 255, 2.0, w, Reduction.MEAN_ALL).lossOnehot(), 1e-12);
        assertTrue(sum.ignored() > 0, "the batch has ignored pixels, so mean and mean-all differ");
    }

    @Test
    void ignoredPixelsAreZeroInTheMapsAndLeftOutOfCounts() {
        LossResult r = Batches.evaluate(RANDOM, 2.0);
        int[] labels = RANDOM.labels();
        long ignored = 0;
        for (int p = 0; p < labels.length; p++) {
            if (labels[p] == 255) {
                ignored++;
                assertEquals(0f, r.maps().focal()[p]);
                assertTrue(Float.isNaN(r.maps().pt()[p]));
            }
        }
        assertEquals(ignored, r.ignored());
        assertEquals(labels.length - ignored, r.pixels());
    }

    @Test
    void sharesSumToOneAndPerClassMeansMatchTheMap() {
        LossResult r = Batches.evaluate(RANDOM, 255, 1.5, new WeightScheme.Inverse(), Reduction.MEAN);
        double shares = r.perClass().stream().mapToDouble(ClassFigures::share).sum();
        assertEquals(1.0, shares, 1e-12);
        double class3 = 0;
        for (int p = 0; p < RANDOM.labels().length; p++) {
            if (RANDOM.labels()[p] == 3) {
                class3 += r.maps().focal()[p];
            }
        }
        assertEquals(class3 / r.counts()[3], r.perClass().get(3).meanLoss(), 1e-9);
    }

    @Test
    void mapsHoldPtModulationAndPrediction() {
        float[][] z = {{2, 1, 0}, {0, 3, 1}};
        LossResult r = Batches.evaluate(Batches.ofPixels(z, new int[] {1, 1}), 255, 2.0, new WeightScheme.None(), Reduction.MEAN);
        double p0 = Math.exp(1) / (Math.exp(2) + Math.exp(1) + 1);
        assertEquals(p0, r.maps().pt()[0], 1e-6);
        assertEquals(Math.pow(1 - p0, 2), r.maps().modulation()[0], 1e-6);
        assertArrayEquals(new int[] {0, 1}, r.maps().predicted());
    }

    @Test
    void nonFiniteLogitsAreMarkedAndLeftOut() {
        float[][] z = {{1, 2}, {Float.NaN, 0}, {Float.POSITIVE_INFINITY, 1}, {0, 1}};
        try (PreparedBatch prepared = FocalLossEngine.prepare(Batches.ofPixels(z, new int[] {0, 1, 0, 1}), 255)) {
            assertEquals(2, prepared.nonFinitePixels());
            assertEquals(new PixelPosition(0, 0, 1), prepared.firstNonFinite());
            LossResult r = prepared.evaluate(2.0, new WeightScheme.None(), Reduction.MEAN);
            assertEquals(2, r.pixels());
            assertEquals(0f, r.maps().focal()[1]);
            assertEquals(-1, r.maps().predicted()[2]);
            assertTrue(Double.isFinite(r.lossOnehot()));
        }
        try (PreparedBatch clean = FocalLossEngine.prepare(RANDOM, 255)) {
            assertNull(clean.firstNonFinite());
        }
    }

    @Test
    void refusesLabelsOutOfRange() {
        float[][] z = {{1, 2}, {0, 0}, {0, 0}};
        InputException e = assertThrows(InputException.class,
                () -> FocalLossEngine.prepare(Batches.ofPixels(z, new int[] {0, 7, -1}), 255));
        assertEquals("labels.npy: label 7 at (n=0, y=0, x=1) is outside the 2 classes 0..1 and is not the ignore index 255"
                + " (1 more pixels are out of range)", e.getMessage());
        InputException none = assertThrows(InputException.class,
                () -> FocalLossEngine.prepare(Batches.ofPixels(z, new int[] {0, 255, 1}), null));
        assertEquals("labels.npy: label 255 at (n=0, y=0, x=1) is outside the 2 classes 0..1 (no ignore index is set)",
                none.getMessage());
    }

    @Test
    void refusesABatchWithoutLabelledPixels() {
        float[][] z = {{1, 2}, {0, 0}};
        InputException e = assertThrows(InputException.class,
                () -> FocalLossEngine.prepare(Batches.ofPixels(z, new int[] {255, 255}), 255));
        assertEquals("labels.npy: no labelled pixels: all 2 pixels are the ignore index 255", e.getMessage());
    }

    @Test
    void refusesNegativeGamma() {
        try (PreparedBatch prepared = FocalLossEngine.prepare(RANDOM, 255)) {
            InputException e = assertThrows(InputException.class,
                    () -> prepared.evaluate(-0.5, new WeightScheme.None(), Reduction.MEAN));
            assertEquals("--gamma: must be a finite number >= 0, got -0.5", e.getMessage());
        }
    }

    @Test
    void aNewGammaReusesThePreparedSoftmax() {
        try (PreparedBatch prepared = FocalLossEngine.prepare(RANDOM, 255)) {
            LossResult two = prepared.evaluate(2.0, new WeightScheme.None(), Reduction.MEAN);
            LossResult zero = prepared.evaluate(0.0, new WeightScheme.None(), Reduction.MEAN);
            LossResult twoAgain = prepared.evaluate(2.0, new WeightScheme.None(), Reduction.MEAN);
            assertArrayEquals(two.maps().focal(), twoAgain.maps().focal(), "evaluations do not disturb each other");
            assertEquals(Batches.evaluate(RANDOM, 0.0).lossOnehot(), zero.lossOnehot(), 0.0);
        }
    }

    private static double crossEntropyByHand(SegmentationBatch b, int pixel) {
        int hw = b.height() * b.width();
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < b.classes(); c++) {
            max = Math.max(max, b.logits()[c * hw + pixel]);
        }
        double sum = 0;
        for (int c = 0; c < b.classes(); c++) {
            sum += Math.exp(b.logits()[c * hw + pixel] - max);
        }
        return -(b.logits()[b.labels()[pixel] * hw + pixel] - max - Math.log(sum));
    }
}
