package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The engines' formulas and invariants, each test on every engine. */
class FocalLossEngineTest {

    static final String ENGINES = "io.focalscope.loss.Batches#engines";

    static final SegmentationBatch RANDOM = Batches.random(11, 2, 7, 9, 13, 4.0, 255);

    @ParameterizedTest
    @MethodSource(ENGINES)
    void gammaZeroIsCrossEntropy(FocalLossEngine engine) {
        LossResult r = Batches.evaluate(engine, RANDOM, 0.0);
        // both against cross-entropy by hand in double, every pixel, and reduced
        DoubleReference want = new DoubleReference(RANDOM, 255, 0, "none");
        for (int p = 0; p < RANDOM.pixels(); p++) {
            assertEquals(want.crossEntropy[p], r.maps().crossEntropy()[p], 2e-5 * want.crossEntropy[p] + 1e-5, "cross-entropy, pixel " + p);
            assertEquals(want.crossEntropy[p], r.maps().focal()[p], 2e-5 * want.crossEntropy[p] + 1e-5, "focal at γ = 0, pixel " + p);
        }
        double mean = DoubleReference.sum(want.crossEntropy) / want.labelled;
        assertEquals(mean, r.crossEntropy(), 2e-5 * mean, "cross-entropy, reduced");
        assertEquals(mean, r.lossOnehot(), 2e-5 * mean, "focal at γ = 0, reduced");
        assertEquals(crossEntropyByHand(RANDOM, 0), want.crossEntropy[0], 1e-12, "the reference is the by-hand formula");
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void bothFormsAgree(FocalLossEngine engine) {
        LossResult r = Batches.evaluate(engine, Batches.random(5, 3, 19, 8, 8, 20.0, 255), 2.0);
        assertEquals(r.lossOnehot(), r.lossNll(), 1e-6 * r.lossOnehot());
        // each form on its own path: they differ by float rounding, and by no more
        assertTrue(r.maxAbsDiff() <= 1e-5 * maxOf(r.maps().focal()), "max per-pixel difference " + r.maxAbsDiff());
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void addingAConstantToAllLogitsChangesNothing(FocalLossEngine engine) {
        float[] shifted = RANDOM.logits().clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 7.0f;
        }
        SegmentationBatch moved = new SegmentationBatch(shifted, RANDOM.labels(), 2, 7, 9, 13, "logits.npy", "labels.npy");
        float[] before = Batches.evaluate(engine, RANDOM, 2.0).maps().focal();
        float[] after = Batches.evaluate(engine, moved, 2.0).maps().focal();
        for (int p = 0; p < before.length; p++) {
            assertEquals(before[p], after[p], 2e-5 * Math.max(1, before[p]), "pixel " + p);
        }
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void logitsOfPlusMinusAThousandGiveFiniteExactValues(FocalLossEngine engine) {
        float[][] z = {{1000, -1000, 0}, {1000, -1000, 0}, {1000, -1000, 0}};
        LossResult r = Batches.evaluate(engine, Batches.ofPixels(z, new int[] {0, 1, 2}), 255, 2.0, new WeightScheme.None(), Reduction.SUM);
        // log p = 0, -2000, -1000; the factor is 1 where p ≈ 0
        assertArrayEquals(new float[] {0f, 2000f, 1000f}, r.maps().focal());
        assertArrayEquals(new float[] {0f, 2000f, 1000f}, r.maps().focalNll());
        assertEquals(3000.0, r.sum());
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void confidentPixelsKeepTheirPrecision(FocalLossEngine engine) {
        // p_t = 1/(1 + e^-10): log p_t = -log1p(e^-10), a value float32 loses through log(1 + ε)
        float[][] z = {{0, -10}, {0, -20}};
        LossResult r = Batches.evaluate(engine, Batches.ofPixels(z, new int[] {0, 0}), 255, 2.0, new WeightScheme.None(), Reduction.SUM);
        for (int p = 0; p < 2; p++) {
            double logPt = -Math.log1p(Math.exp(-10 - 10 * p));
            double expected = -Math.pow(-Math.expm1(logPt), 2) * logPt;
            assertEquals(expected, r.maps().focal()[p], 1e-5 * expected, "pixel " + p);
            assertEquals(-logPt, r.maps().crossEntropy()[p], 1e-5 * -logPt, "cross-entropy of pixel " + p);
        }
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void lossNeverRisesWithGamma(FocalLossEngine engine) {
        float[] previous = null;
        for (double gamma : new double[] {0, 0.5, 1, 2, 3.7, 5}) {
            float[] focal = Batches.evaluate(engine, RANDOM, gamma).maps().focal();
            if (previous != null) {
                for (int p = 0; p < focal.length; p++) {
                    assertTrue(focal[p] <= previous[p], "pixel " + p + " at gamma " + gamma);
                }
            }
            previous = focal;
        }
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void reductionsFollowTheirFormulas(FocalLossEngine engine) {
        WeightScheme w = new WeightScheme.Enet(1.10);
        LossResult sum = Batches.evaluate(engine, RANDOM, 255, 2.0, w, Reduction.SUM);
        double alphaSum = 0;
        for (int k = 0; k < sum.classes(); k++) {
            alphaSum += sum.counts()[k] * sum.classWeights()[k];
        }
        assertEquals(sum.sum(), sum.lossOnehot(), 0.0, "sum");
        assertEquals(sum.sum() / sum.pixels(), Batches.evaluate(engine, RANDOM, 255, 2.0, w, Reduction.MEAN).lossOnehot(), 1e-12);
        assertEquals(sum.sum() / alphaSum, Batches.evaluate(engine, RANDOM, 255, 2.0, w, Reduction.WEIGHTED_MEAN).lossOnehot(), 1e-9);
        assertEquals(sum.sum() / (2 * 9 * 13), Batches.evaluate(engine, RANDOM, 255, 2.0, w, Reduction.MEAN_ALL).lossOnehot(), 1e-12);
        assertTrue(sum.ignored() > 0, "the batch has ignored pixels, so mean and mean-all differ");
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void ignoredPixelsAreZeroInTheMapsAndLeftOutOfCounts(FocalLossEngine engine) {
        LossResult r = Batches.evaluate(engine, RANDOM, 2.0);
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

    @ParameterizedTest
    @MethodSource(ENGINES)
    void sharesSumToOneAndPerClassMeansMatchTheMap(FocalLossEngine engine) {
        LossResult r = Batches.evaluate(engine, RANDOM, 255, 1.5, new WeightScheme.Inverse(), Reduction.MEAN);
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

    @ParameterizedTest
    @MethodSource(ENGINES)
    void mapsHoldPtModulationAndPrediction(FocalLossEngine engine) {
        float[][] z = {{2, 1, 0}, {0, 3, 1}};
        LossResult r = Batches.evaluate(engine, Batches.ofPixels(z, new int[] {1, 1}), 255, 2.0, new WeightScheme.None(), Reduction.MEAN);
        double p0 = Math.exp(1) / (Math.exp(2) + Math.exp(1) + 1);
        assertEquals(p0, r.maps().pt()[0], 1e-6);
        assertEquals(Math.pow(1 - p0, 2), r.maps().modulation(0), 1e-6);
        assertArrayEquals(new int[] {0, 1}, r.maps().predicted());
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void nonFiniteLogitsAreMarkedAndLeftOut(FocalLossEngine engine) {
        float[][] z = {{1, 2}, {Float.NaN, 0}, {Float.POSITIVE_INFINITY, 1}, {0, 1}};
        try (PreparedBatch prepared = engine.prepare(Batches.ofPixels(z, new int[] {0, 1, 0, 1}), 255)) {
            assertEquals(2, prepared.participation().nonFinite());
            assertEquals(new PixelPosition(0, 0, 1), prepared.participation().firstNonFinite());
            LossResult r = prepared.evaluate(Batches.settings(2.0, new WeightScheme.None(), Reduction.MEAN));
            assertEquals(2, r.pixels());
            assertEquals(0f, r.maps().focal()[1]);
            assertEquals(-1, r.maps().predicted()[2]);
            assertTrue(Double.isFinite(r.lossOnehot()));
        }
        try (PreparedBatch clean = engine.prepare(RANDOM, 255)) {
            assertNull(clean.participation().firstNonFinite());
        }
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void refusesLabelsOutOfRange(FocalLossEngine engine) {
        float[][] z = {{1, 2}, {0, 0}, {0, 0}};
        InputException e = assertThrows(InputException.class,
                () -> engine.prepare(Batches.ofPixels(z, new int[] {0, 7, -1}), 255));
        assertEquals("labels.npy: label 7 at (n=0, y=0, x=1) is outside the 2 classes 0..1 and is not the ignore index 255"
                + " (1 more pixel is out of range)", e.getMessage());
        InputException none = assertThrows(InputException.class,
                () -> engine.prepare(Batches.ofPixels(z, new int[] {0, 255, 1}), null));
        assertEquals("labels.npy: label 255 at (n=0, y=0, x=1) is outside the 2 classes 0..1 (no ignore index is set)",
                none.getMessage());
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void oneChannelLogitsUnderSoftmaxAskForTheSigmoid(FocalLossEngine engine) {
        float[][] z = {{2}, {-1}, {0}};
        InputException e = assertThrows(InputException.class,
                () -> engine.prepare(Batches.ofPixels(z, new int[] {0, 1, 1}), 255));
        assertEquals("logits.npy: binary (one-channel) logits need the sigmoid activation: pass --activation sigmoid"
                + " (with softmax one channel is the only class, and labels.npy has label 1 at (n=0, y=0, x=1))", e.getMessage());
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void refusesABatchWithoutLabelledPixels(FocalLossEngine engine) {
        float[][] z = {{1, 2}, {0, 0}};
        InputException e = assertThrows(InputException.class,
                () -> engine.prepare(Batches.ofPixels(z, new int[] {255, 255}), 255));
        assertEquals("labels.npy: no labelled pixels: all 2 pixels are the ignore index 255", e.getMessage());
    }

    @Test
    void settingsRefuseANegativeOrNonFiniteGamma() {
        InputException e = assertThrows(InputException.class,
                () -> new LossSettings(-0.5, new WeightScheme.None(), 255, Reduction.MEAN));
        assertEquals("gamma (γ) must be a number from 0 to 1000, got -0.5", e.getMessage());
        InputException nan = assertThrows(InputException.class,
                () -> new LossSettings(Double.NaN, new WeightScheme.None(), 255, Reduction.MEAN));
        assertEquals("gamma (γ) must be a number from 0 to 1000, got NaN", nan.getMessage());
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void aNewGammaReusesThePreparedSoftmax(FocalLossEngine engine) {
        try (PreparedBatch prepared = engine.prepare(RANDOM, 255)) {
            LossResult two = prepared.evaluate(Batches.settings(2.0, new WeightScheme.None(), Reduction.MEAN));
            LossResult zero = prepared.evaluate(Batches.settings(0.0, new WeightScheme.None(), Reduction.MEAN));
            LossResult twoAgain = prepared.evaluate(Batches.settings(2.0, new WeightScheme.None(), Reduction.MEAN));
            assertArrayEquals(two.maps().focal(), twoAgain.maps().focal(), "evaluations do not disturb each other");
            assertEquals(Batches.evaluate(engine, RANDOM, 0.0).lossOnehot(), zero.lossOnehot(), 0.0);
        }
    }

    /**
     * The post's code in float32: p = softmax(z)[y], l = -α (1 - p)^γ log p; with a logit gap of
     * 150 p underflows to 0 and its loss is +inf, where ours is the gap.
     */
    @ParameterizedTest
    @MethodSource(ENGINES)
    void asWrittenIsThePostsFloat32Arithmetic(FocalLossEngine engine) {
        float[][] z = {{2f, -1f, 0.5f}, {0f, 150f, 0f}, {9f, 0f, 0f}, {0.1f, 0.2f, 0.3f}};
        int[] labels = {2, 0, 0, 1};
        // a whole γ is taken by products, any other through exp(γ log(1 - p)): both as powf gives them
        for (double gamma : new double[] {0, 0.5, 2, 2.7, 3}) {
            LossResult g = Batches.evaluate(engine, Batches.ofPixels(z, labels), 255, gamma, new WeightScheme.None(), Reduction.MEAN);
            for (int p : new int[] {0, 2, 3}) {
                float max = Math.max(z[p][0], Math.max(z[p][1], z[p][2]));
                float sum = 0f;
                for (float v : z[p]) {
                    sum += (float) Math.exp(v - max);
                }
                float pt = (float) Math.exp(z[p][labels[p]] - max) / sum;
                float expected = -(float) Math.pow(1f - pt, gamma) * (float) Math.log(pt);
                assertEquals(expected, g.maps().asWritten()[p], 2e-6f * Math.abs(expected), "γ " + gamma + ", pixel " + p);
            }
        }
        LossResult r = Batches.evaluate(engine, Batches.ofPixels(z, labels), 255, 2.0, new WeightScheme.None(), Reduction.MEAN);
        assertEquals(Float.POSITIVE_INFINITY, r.maps().asWritten()[1], "log(0) where p_t underflows");
        assertEquals(150f, r.maps().focal()[1], 1e-4f, "ours: log p_t = -150, the factor 1");
        assertEquals(1, r.asWritten().nonFinitePixels());
        assertNull(r.asWritten().loss(), "the post's mean is not finite");
        // near p_t = 1 (pixel 2, p_t = 1 - 2.5e-4) float32's 1 - p loses digits: the error shows
        assertTrue(r.asWritten().maxRelError() > 1e-5 && r.asWritten().maxRelError() < 1e-2, "" + r.asWritten().maxRelError());
    }

    static double maxOf(float[] values) {
        double m = 0;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
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
