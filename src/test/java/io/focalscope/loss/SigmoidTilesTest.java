package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.io.SegmentationBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sigmoid focal loss per pixel, its maps and sums, against the elements written out in double,
 * on samples of several of the CPU kernel's tiles of 2,048 pixels: 32 x 89 = 2,848 pixels a sample,
 * a whole tile and one of 800 (a multiple of the vector width, not of the 64 blocks its sums flush
 * at), two samples.
 */
class SigmoidTilesTest {

    private static final int N = 2;
    private static final int C = 4;
    private static final int H = 32;
    private static final int W = 89;
    private static final double ALPHA = 0.25;
    private static final double GAMMA = 2;
    static final SegmentationBatch BATCH = Batches.random(29, N, C, H, W, 3.0, 255);

    /** One element's figures, in double: loss, cross-entropy, |dl/dx|, |d ce/dx|, p_t. */
    private static double[] element(double x, boolean positive) {
        // log p_t = -log(1 + e^-x) for a positive target, -log(1 + e^x) for a negative one
        double logPt = -Math.log1p(Math.exp(positive ? -x : x));
        double pt = Math.exp(logPt);
        double a = positive ? ALPHA : 1 - ALPHA;
        double loss = -a * Math.pow(1 - pt, GAMMA) * logPt;
        double slope = a * (Math.pow(1 - pt, GAMMA) - GAMMA * Math.pow(1 - pt, GAMMA - 1) * pt * logPt);
        return new double[] {loss, -a * logPt, Math.abs(slope) * (1 - pt), a * (1 - pt), pt};
    }

    @ParameterizedTest
    @MethodSource("io.focalscope.loss.Batches#engines")
    void eachPixelsFiguresAreItsChannelsInDouble(FocalLossEngine engine) {
        LossSettings s = new LossSettings(new LossTerm.Focal(GAMMA), new WeightScheme.None(), 255, Reduction.SUM, false,
                Activation.SIGMOID, ALPHA, true);
        int hw = H * W;
        double total = 0;
        double crossEntropyTotal = 0;
        double[] classTotal = new double[C];
        double[] sampleTotal = new double[N];
        long[] sampleKept = new long[N];
        long kept = java.util.Arrays.stream(BATCH.labels()).filter(y -> y != 255).count();
        try (PreparedBatch prepared = engine.prepare(BATCH, 255, Activation.SIGMOID)) {
            LossResult r = prepared.evaluate(s);
            PixelMaps maps = r.maps();
            for (int p = 0; p < N * hw; p++) {
                int y = BATCH.labels()[p];
                double loss = 0;
                double crossEntropy = 0;
                double gradient = 0;
                double crossEntropyGradient = 0;
                double largest = -1;
                double ptOfLargest = Double.NaN;
                int top = 0;
                for (int c = 1; c < C; c++) {
                    top = BATCH.logits()[(p / hw * C + c) * hw + p % hw] > BATCH.logits()[(p / hw * C + top) * hw + p % hw] ? c : top;
                }
                for (int c = 0; c < C && y != 255; c++) {
                    double[] e = element(BATCH.logits()[(p / hw * C + c) * hw + p % hw], c == y);
                    loss += e[0];
                    crossEntropy += e[1];
                    gradient += e[2] * e[2];
                    crossEntropyGradient += e[3] * e[3];
                    classTotal[c] += e[0];
                    if (e[0] > largest) {
                        largest = e[0];
                        ptOfLargest = e[4];
                    }
                }
                total += loss;
                crossEntropyTotal += crossEntropy;
                sampleTotal[p / hw] += loss;
                sampleKept[p / hw] += y == 255 ? 0 : C;
                String at = engine.id() + ", pixel " + p;
                assertEquals(top, maps.predicted()[p], at + ": the channel of the largest logit");
                assertEquals(loss, maps.focal()[p], 1e-5 * loss + 1e-7, at);
                assertEquals(crossEntropy, maps.crossEntropy()[p], 1e-5 * crossEntropy + 1e-7, at);
                assertEquals(Math.sqrt(gradient), maps.gradient()[p], 1e-4 * Math.sqrt(gradient) + 1e-7, at);
                assertEquals(Math.sqrt(crossEntropyGradient), maps.crossEntropyGradient()[p],
                        1e-5 * Math.sqrt(crossEntropyGradient) + 1e-7, at);
                if (y != 255) {
                    assertEquals(ptOfLargest, maps.pt()[p], 1e-5, at + ": p_t of the channel whose loss is largest");
                } else {
                    assertEquals(Float.NaN, maps.pt()[p], at + ": no p_t where no element is kept");
                }
            }
            assertEquals(total, r.lossOnehot(), 1e-5 * total, engine.id());
            for (int n = 0; n < N; n++) {
                // a sample's mean is over its kept elements
                assertEquals(sampleTotal[n] / sampleKept[n], r.sampleMeanLoss()[n], 1e-5 * sampleTotal[n] / sampleKept[n],
                        engine.id() + ", sample " + n);
            }
            assertEquals(crossEntropyTotal, r.crossEntropy(), 1e-5 * crossEntropyTotal, engine.id());
            for (int c = 0; c < C; c++) {
                // a class's mean is over its channel's kept elements, every labelled pixel's
                assertEquals(classTotal[c], r.perClass().get(c).meanLoss() * kept,
                        1e-5 * classTotal[c], engine.id() + ", class " + c);
            }
        }
    }

    /**
     * ASL, whose two sides differ: each pixel's map value is its elements' ASL summed, and its
     * modulation that of its largest element, read on that element's side: (1 - p)^γ+ for a positive
     * target, p_m^γ- with p_m = max(p - clip, 0) for a negative one. One-vs-rest targets from class
     * indices, and multi-label masks {@code [N, C, H, W]} with some elements ignored.
     */
    @ParameterizedTest
    @MethodSource("io.focalscope.loss.Batches#engines")
    void aslsLargestElementIsReadOnItsOwnSide(FocalLossEngine engine) {
        int hw = H * W;
        java.util.Random random = new java.util.Random(5);
        int[] masks = new int[N * C * hw];
        for (int e = 0; e < masks.length; e++) {
            masks[e] = random.nextInt(12) == 0 ? 255 : random.nextInt(4) == 0 ? 1 : 0;
        }
        SegmentationBatch masked = new SegmentationBatch(BATCH.logits(), masks, N, C, H, W, "z.npy", "masks.npy");
        // each element's target: 1, 0, or -1 where left out
        checkAsl(engine, BATCH, (p, c) -> BATCH.labels()[p] == 255 ? -1 : BATCH.labels()[p] == c ? 1 : 0);
        checkAsl(engine, masked, (p, c) -> {
            int m = masks[(p / hw * C + c) * hw + p % hw];
            return m == 255 ? -1 : m;
        });
    }

    private static void checkAsl(FocalLossEngine engine, SegmentationBatch b, java.util.function.IntBinaryOperator target) {
        LossTerm.Asl asl = new LossTerm.Asl(1, 4, 0.05);
        LossSettings s = new LossSettings(asl, new WeightScheme.None(), 255, Reduction.SUM, false, Activation.SIGMOID, null, false);
        int hw = H * W;
        int negativesShown = 0;
        try (PreparedBatch prepared = engine.prepare(b, 255, Activation.SIGMOID)) {
            PixelMaps maps = prepared.evaluate(s).maps();
            for (int p = 0; p < N * hw; p++) {
                double loss = 0;
                double largest = -1;
                double modulation = Double.NaN;
                boolean negativeShown = false;
                for (int c = 0; c < C; c++) {
                    int t = target.applyAsInt(p, c);
                    if (t < 0) {
                        continue;
                    }
                    double x = b.logits()[(p / hw * C + c) * hw + p % hw];
                    double prob = 1 / (1 + Math.exp(-x));
                    double value;
                    double m;
                    if (t == 1) {
                        m = 1 - prob; // γ+ = 1
                        value = -m * Math.log(Math.max(prob, LossTerm.Asl.EPS));
                    } else {
                        double shifted = Math.max(prob - 0.05, 0);
                        m = Math.pow(shifted, 4); // γ- = 4
                        value = -m * Math.log(Math.max(1 - shifted, LossTerm.Asl.EPS));
                    }
                    loss += value;
                    if (value > largest) {
                        largest = value;
                        modulation = m;
                        negativeShown = t == 0;
                    }
                }
                String at = engine.id() + ", " + b.labelsSource() + ", pixel " + p;
                assertEquals(loss, maps.focal()[p], 1e-5 * loss + 1e-7, at);
                if (largest >= 0) {
                    negativesShown += negativeShown ? 1 : 0;
                    assertEquals(modulation, maps.modulation(p), 2e-5 * modulation + 1e-6, at + ": the modulation of its largest element");
                }
            }
        }
        assertTrue(negativesShown > 100, negativesShown + " pixels whose largest element is a negative target");
    }

    /** With one channel, the class predicted is 1 where the logit is above 0. */
    @ParameterizedTest
    @MethodSource("io.focalscope.loss.Batches#engines")
    void aBinaryMapPredictsOneWhereItsLogitIsPositive(FocalLossEngine engine) {
        SegmentationBatch binary = Batches.random(31, 2, 1, 32, 89, 3.0, 255);
        int[] targets = binary.labels().clone();
        for (int p = 0; p < targets.length; p++) {
            targets[p] = targets[p] == 255 ? 255 : binary.logits()[p] > 1 ? 1 : 0;
        }
        SegmentationBatch b = new SegmentationBatch(binary.logits(), targets, 2, 1, 32, 89, "z.npy", "y.npy");
        LossSettings s = new LossSettings(new LossTerm.Focal(GAMMA), new WeightScheme.None(), 255, Reduction.SUM, false,
                Activation.SIGMOID, ALPHA, false);
        try (PreparedBatch prepared = engine.prepare(b, 255, Activation.SIGMOID)) {
            int[] predicted = prepared.evaluate(s).maps().predicted();
            for (int p = 0; p < b.pixels(); p++) {
                assertEquals(b.logits()[p] > 0 ? 1 : 0, predicted[p], engine.id() + ", pixel " + p);
            }
        }
    }
}
