package io.focalscope.loss;

import io.focalscope.io.SegmentationBatch;

/**
 * Softmax focal loss and cross-entropy written out in double, pixel by pixel, with the class
 * weights worked out here from the labels (not read back from the result under test): a test that
 * compares an engine with this fails when the engine's weights, α, γ or reduction are wrong, where
 * comparing focal at γ = 0 with the engine's own cross-entropy cannot (both share them).
 */
final class DoubleReference {

    final double[] focal;
    final double[] crossEntropy;
    /** Each labelled pixel's log p_t and largest logit (the size of float32's rounding in it). */
    final double[] logPt;
    final double[] maxLogit;
    final double[] weights;
    final long[] counts;
    final long labelled;
    final double weightSum;

    /**
     * @param scheme "none", "enet" (c = 1.10) or "inverse"
     */
    DoubleReference(SegmentationBatch b, int ignore, double gamma, String scheme) {
        int hw = b.height() * b.width();
        counts = new long[b.classes()];
        long n = 0;
        for (int y : b.labels()) {
            if (y != ignore) {
                counts[y]++;
                n++;
            }
        }
        labelled = n;
        long present = java.util.Arrays.stream(counts).filter(k -> k > 0).count();
        weights = new double[b.classes()];
        for (int c = 0; c < weights.length; c++) {
            weights[c] = switch (scheme) {
                case "none" -> 1;
                case "enet" -> 1 / Math.log(1.10 + (double) counts[c] / n);
                case "inverse" -> counts[c] == 0 ? 0 : (double) n / (present * counts[c]);
                default -> throw new IllegalArgumentException(scheme);
            };
        }
        focal = new double[b.pixels()];
        crossEntropy = new double[b.pixels()];
        logPt = new double[b.pixels()];
        maxLogit = new double[b.pixels()];
        double w = 0;
        for (int p = 0; p < b.pixels(); p++) {
            int y = b.labels()[p];
            if (y == ignore) {
                continue;
            }
            int base = (p / hw) * b.classes() * hw + p % hw;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < b.classes(); k++) {
                max = Math.max(max, b.logits()[base + k * hw]);
            }
            double s = 0;
            for (int k = 0; k < b.classes(); k++) {
                s += Math.exp(b.logits()[base + k * hw] - max);
            }
            double lp = b.logits()[base + y * hw] - max - Math.log(s);
            logPt[p] = lp;
            maxLogit[p] = max;
            crossEntropy[p] = -weights[y] * lp;
            focal[p] = -weights[y] * Math.pow(-Math.expm1(lp), gamma) * lp;
            w += weights[y];
        }
        weightSum = w;
    }

    /**
     * Asserts an engine's focal map, pixel by pixel, and its mean against this reference (made with
     * the ignore index 255, γ and mean reduction), to float32's rounding: about 1e-7 of the logits'
     * size in log p, which the factor scales.
     */
    void assertFocalMatches(SegmentationBatch b, double gamma, LossResult r, String what) {
        double sum = 0;
        long n = 0;
        for (int p = 0; p < b.pixels(); p++) {
            int y = b.labels()[p];
            if (y == 255) {
                continue;
            }
            double expected = focal[p];
            double tolerance = 2e-5 * Math.abs(expected) + 1e-6 * weights[y] * (1 + Math.abs(logPt[p]) * gamma)
                    + 1e-6 * Math.abs(maxLogit[p]);
            org.junit.jupiter.api.Assertions.assertEquals(expected, r.maps().focal()[p], tolerance, what + ", pixel " + p);
            sum += expected;
            n++;
        }
        org.junit.jupiter.api.Assertions.assertEquals(sum / n, r.lossOnehot(), 2e-5 * Math.abs(sum / n) + 1e-5, what + ", the mean");
    }

    static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    /** Focal loss over the labelled pixels of class c, summed. */
    double classFocal(SegmentationBatch b, int ignore, int c) {
        double s = 0;
        for (int p = 0; p < b.pixels(); p++) {
            if (b.labels()[p] == c && c != ignore) {
                s += focal[p];
            }
        }
        return s;
    }
}
