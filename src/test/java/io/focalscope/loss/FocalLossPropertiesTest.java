package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.io.SegmentationBatch;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/** Invariants of the engines on random shapes, classes, logits and labels; each try runs on every engine. */
class FocalLossPropertiesTest {

    /** A random batch: shape, logits of a random spread, labels with a few ignored pixels. */
    record Case(SegmentationBatch batch, long seed) {
        @Override
        public String toString() {
            return batch.samples() + "x" + batch.classes() + "x" + batch.height() + "x" + batch.width() + " seed " + seed;
        }
    }

    @Provide
    Arbitrary<Case> batches() {
        return Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 12),
                Arbitraries.integers().between(1, 7), Arbitraries.integers().between(1, 7),
                Arbitraries.doubles().between(0.05, 60), Arbitraries.longs()).as((n, c, h, w, spread, seed) -> {
                    Random rng = new Random(seed);
                    float[] logits = new float[n * c * h * w];
                    for (int i = 0; i < logits.length; i++) {
                        logits[i] = (float) (rng.nextGaussian() * spread);
                    }
                    int[] labels = new int[n * h * w];
                    for (int p = 0; p < labels.length; p++) {
                        labels[p] = rng.nextInt(8) == 0 ? 255 : rng.nextInt(c);
                    }
                    labels[0] = 0; // at least one labelled pixel
                    return new Case(new SegmentationBatch(logits, labels, n, c, h, w, "logits", "labels"), seed);
                });
    }

    @Property(tries = 60)
    void bothFormsAgree(@ForAll("batches") Case c, @ForAll @DoubleRange(min = 0, max = 6) double gamma) {
        for (FocalLossEngine engine : Batches.engines()) {
            LossResult r = Batches.evaluate(engine, c.batch(), 255, gamma, new WeightScheme.Enet(1.1), Reduction.MEAN);
            assertEquals(r.lossOnehot(), r.lossNll(), 1e-6 * Math.max(1, Math.abs(r.lossOnehot())));
            // each form's per-pixel loss is a few float32 roundings from the same number: their difference stays within a
            // few dozen ulps of the largest loss (3,000 random cases gave 8.8e-7 of it at worst; 1e-6 failed now and then)
            assertTrue(r.maxAbsDiff() <= 4e-6 * Math.max(1, maxOf(r.maps().focal())), "max difference " + r.maxAbsDiff());
        }
    }

    /**
     * γ = 0 is cross-entropy, and both are the double reference's, weights and reduction worked out
     * there: focal at γ = 0 against the engine's own cross-entropy alone would share their weights.
     */
    @Property(tries = 60)
    void gammaZeroIsCrossEntropy(@ForAll("batches") Case c) {
        DoubleReference want = new DoubleReference(c.batch(), 255, 0, "inverse");
        for (FocalLossEngine engine : Batches.engines()) {
            LossResult r = Batches.evaluate(engine, c.batch(), 255, 0.0, new WeightScheme.Inverse(), Reduction.WEIGHTED_MEAN);
            float[] focal = r.maps().focal();
            float[] ce = r.maps().crossEntropy();
            for (int p = 0; p < focal.length; p++) {
                double tolerance = 2e-5 * Math.abs(want.crossEntropy[p]) + 1e-5;
                assertEquals(want.crossEntropy[p], ce[p], tolerance, "cross-entropy, pixel " + p);
                assertEquals(want.crossEntropy[p], focal[p], tolerance, "focal at γ = 0, pixel " + p);
            }
            double reduced = DoubleReference.sum(want.crossEntropy) / want.weightSum;
            assertEquals(reduced, r.crossEntropy(), 2e-5 * reduced + 1e-6, "cross-entropy, weighted mean");
            assertEquals(reduced, r.lossOnehot(), 2e-5 * reduced + 1e-6, "focal at γ = 0, weighted mean");
        }
    }

    @Property(tries = 60)
    void perPixelLossNeverRisesWithGamma(@ForAll("batches") Case c, @ForAll @DoubleRange(min = 0, max = 5) double low,
                                         @ForAll @DoubleRange(min = 0, max = 5) double more) {
        for (FocalLossEngine engine : Batches.engines()) {
            try (PreparedBatch prepared = engine.prepare(c.batch(), 255)) {
                float[] a = prepared.evaluate(Batches.settings(low, new WeightScheme.None(), Reduction.MEAN)).maps().focal().clone();
                float[] b = prepared.evaluate(Batches.settings(low + more, new WeightScheme.None(), Reduction.MEAN)).maps().focal();
                for (int p = 0; p < a.length; p++) {
                    assertTrue(b[p] <= a[p] * (1 + 1e-6f), "pixel " + p + ": " + a[p] + " at γ " + low + ", " + b[p] + " at γ " + (low + more));
                }
            }
        }
    }

    @Property(tries = 60)
    void addingAConstantToEveryLogitOfAPixelChangesNothing(@ForAll("batches") Case c,
                                                          @ForAll @DoubleRange(min = -40, max = 40) double shift) {
        for (FocalLossEngine engine : Batches.engines()) {
            SegmentationBatch b = c.batch();
            int hw = b.height() * b.width();
            float[] moved = b.logits().clone();
            Random rng = new Random(c.seed() + 1);
            double[] perPixel = new double[b.pixels()];
            for (int p = 0; p < perPixel.length; p++) {
                perPixel[p] = shift * rng.nextDouble();
            }
            for (int i = 0; i < moved.length; i++) {
                int p = (i / (b.classes() * hw)) * hw + i % hw;
                moved[i] = (float) (moved[i] + perPixel[p]);
            }
            SegmentationBatch shifted = new SegmentationBatch(moved, b.labels(), b.samples(), b.classes(), b.height(), b.width(), "l", "y");
            float[] before = Batches.evaluate(engine, b, 255, 2.0, new WeightScheme.None(), Reduction.MEAN).maps().focal();
            float[] after = Batches.evaluate(engine, shifted, 255, 2.0, new WeightScheme.None(), Reduction.MEAN).maps().focal();
            for (int p = 0; p < before.length; p++) {
                // the shifted logits are rounded to float: allow that rounding, relative to the shift
                double tolerance = 1e-5 * Math.max(1, Math.abs(before[p])) + 4e-7 * (Math.abs(shift) + maxAbs(b.logits()));
                assertEquals(before[p], after[p], tolerance, "pixel " + p);
            }
        }
    }

    @Property(tries = 60)
    void scalingTheWeightsScalesMeanAndLeavesWeightedMean(@ForAll("batches") Case c,
                                                          @ForAll @DoubleRange(min = 0.01, max = 100) double k) {
        for (FocalLossEngine engine : Batches.engines()) {
            int classes = c.batch().classes();
            double[] w = new double[classes];
            double[] kw = new double[classes];
            Random rng = new Random(c.seed());
            for (int i = 0; i < classes; i++) {
                w[i] = 0.1 + rng.nextDouble() * 5;
                kw[i] = k * w[i];
            }
            WeightScheme base = new WeightScheme.Explicit(w, "w");
            WeightScheme scaled = new WeightScheme.Explicit(kw, "kw");
            LossResult mean = Batches.evaluate(engine, c.batch(), 255, 1.5, base, Reduction.MEAN);
            LossResult meanK = Batches.evaluate(engine, c.batch(), 255, 1.5, scaled, Reduction.MEAN);
            assertEquals(k * mean.lossOnehot(), meanK.lossOnehot(), 1e-5 * Math.max(1e-6, k * mean.lossOnehot()));
            LossResult weighted = Batches.evaluate(engine, c.batch(), 255, 1.5, base, Reduction.WEIGHTED_MEAN);
            LossResult weightedK = Batches.evaluate(engine, c.batch(), 255, 1.5, scaled, Reduction.WEIGHTED_MEAN);
            assertEquals(weighted.lossOnehot(), weightedK.lossOnehot(), 1e-5 * Math.max(1e-6, weighted.lossOnehot()));
        }
    }

    /** Each class's share is its pixels' part of the reference's summed loss (not merely shares that add up to one). */
    @Property(tries = 60)
    void sharesAreEachClasssPartOfTheLoss(@ForAll("batches") Case c, @ForAll @DoubleRange(min = 0, max = 5) double gamma) {
        DoubleReference want = new DoubleReference(c.batch(), 255, gamma, "inverse");
        double total = DoubleReference.sum(want.focal);
        for (FocalLossEngine engine : Batches.engines()) {
            LossResult r = Batches.evaluate(engine, c.batch(), 255, gamma, new WeightScheme.Inverse(), Reduction.SUM);
            assertEquals(total, r.lossOnehot(), 2e-5 * total + 1e-5, "summed");
            if (total > 1e-3) {
                for (ClassFigures f : r.perClass()) {
                    double share = want.classFocal(c.batch(), 255, f.classId()) / total;
                    assertEquals(share, f.share(), 1e-4, "class " + f.classId());
                }
            }
        }
    }

    @Property(tries = 80)
    void matchesAPlainDoublePrecisionReference(@ForAll("batches") Case c, @ForAll @DoubleRange(min = 0, max = 6) double gamma) {
        for (FocalLossEngine engine : Batches.engines()) {
            SegmentationBatch b = c.batch();
            LossResult r = Batches.evaluate(engine, b, 255, gamma, new WeightScheme.Enet(1.10), Reduction.MEAN);
            // the weights from the labels here, not the result's: a mutant weighing wrongly must fail
            new DoubleReference(b, 255, gamma, "enet").assertFocalMatches(b, gamma, r, engine.id());
        }
    }

    /** The two engines, each its own computation, give the same figures and maps to float rounding. */
    @Property(tries = 60)
    void theEnginesAgree(@ForAll("batches") Case c, @ForAll @DoubleRange(min = 0, max = 6) double gamma) {
        List<FocalLossEngine> engines = Batches.engines();
        LossResult a = Batches.evaluate(engines.get(0), c.batch(), 255, gamma, new WeightScheme.Enet(1.1), Reduction.MEAN);
        LossResult b = Batches.evaluate(engines.get(1), c.batch(), 255, gamma, new WeightScheme.Enet(1.1), Reduction.MEAN);
        double scale = Math.max(1, Math.abs(a.lossOnehot()));
        assertEquals(a.lossOnehot(), b.lossOnehot(), 1e-5 * scale, "onehot");
        assertEquals(a.lossNll(), b.lossNll(), 1e-5 * scale, "nll");
        assertEquals(a.crossEntropy(), b.crossEntropy(), 1e-5 * Math.max(1, a.crossEntropy()), "cross-entropy");
        assertEquals(a.asWritten().nonFinitePixels(), b.asWritten().nonFinitePixels(), "the post's non-finite pixels");
        for (int p = 0; p < a.maps().focal().length; p++) {
            float x = a.maps().focal()[p];
            assertEquals(x, b.maps().focal()[p], 1e-5 * Math.max(1, Math.abs(x)) + 1e-6 * Math.abs(maxAbs(c.batch().logits())),
                    "pixel " + p);
        }
    }

    private static double maxOf(float[] values) {
        double m = 0;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static double maxAbs(float[] values) {
        double m = 0;
        for (float v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
