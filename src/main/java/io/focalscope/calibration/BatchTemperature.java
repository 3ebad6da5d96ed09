package io.focalscope.calibration;

import io.focalscope.io.SegmentationBatch;
import io.focalscope.numeric.DoubleExp;
import java.util.stream.IntStream;

/**
 * One batch's temperature where the least NLL of a dataset's profile lies outside its range (T below
 * 1/8 or above 64: an under-confident network whose logits are a tenth of what they should be, say):
 * {@link TemperatureSearch} from the profile's end over the batch's pixels, a pass in double a step.
 * Above 64 the bracket is (0, 2^-6] once the slope at β = 0 is below 0 (one pass to know); below 1/8
 * it is [2^3, ∞), unless the slope's limit says at once that it never turns.
 */
final class BatchTemperature {

    private static final int TILE = 64;

    private BatchTemperature() {
    }

    /**
     * @param outside        the profile's fit, with {@link TemperatureProfile.Fit#beyond} -1 (below 1/8) or 1 (above 64)
     * @param profile        the profile, whose end point starts the search
     * @return the fit at the least, or a note that says which way the NLL falls without end
     */
    static TemperatureProfile.Fit fit(SegmentationBatch b, Integer ignoreIndex, TemperatureProfile.Fit outside, TemperatureProfile profile) {
        boolean below = outside.beyond() < 0;
        int end = below ? TemperatureProfile.POINTS - 1 : 0;
        if (below && !(profile.slopeAsTtoZero() > 0)) {
            // the slope tends to the mean of z_max - z_y: 0 where every label is its pixel's largest logit
            return new TemperatureProfile.Fit(Double.NaN, Double.NaN, "the NLL falls as T falls towards 0: every labelled"
                    + " pixel's label has its largest logit", 0);
        }
        // convex in β: where its slope at β = 0 (uniform probabilities) is not below 0, it rises from there on
        if (!below && at(b, ignoreIndex, 0).slope() >= 0) {
            return new TemperatureProfile.Fit(Double.NaN, Double.NaN, "the NLL falls as T grows without end: the network is"
                    + " right no more often than its confidence at T = infinity (uniform) says", 0);
        }
        double beta = TemperatureProfile.BETAS[end];
        TemperatureSearch.Point start = new TemperatureSearch.Point(beta, profile.nll(end), profile.slope(end), profile.curvature(end));
        TemperatureSearch.Found found = TemperatureSearch.search(next -> at(b, ignoreIndex, next), start, below ? beta : 0,
                below ? Double.POSITIVE_INFINITY : beta, 1e-12);
        if (found.note() != null) {
            return new TemperatureProfile.Fit(Double.NaN, Double.NaN, found.note(), 0);
        }
        return new TemperatureProfile.Fit(1 / found.beta(), found.last().nllAfter(found.step()), null);
    }

    /** The mean NLL of softmax(β z) over the labelled pixels, and its first three derivatives in β. */
    private static TemperatureSearch.Point at(SegmentationBatch b, Integer ignoreIndex, double beta) {
        int hw = b.height() * b.width();
        int classes = b.classes();
        int tilesPerSample = (hw + TILE - 1) / TILE;
        int tiles = b.samples() * tilesPerSample;
        float[] z = b.logits();
        int[] labels = b.labels();
        int parts = Math.max(1, Math.min(tiles, 4 * Runtime.getRuntime().availableProcessors()));
        double[][] partSums = IntStream.range(0, parts).parallel().mapToObj(part -> {
                    double[] sums = new double[5]; // Σ nll, Σ slope, Σ curvature, pixels, Σ third
                    double[] max = new double[TILE];
                    int[] arg = new int[TILE];
                    double[] x = new double[TILE];
                    double[] e = new double[TILE];
                    double[] s0 = new double[TILE];
                    double[] s1 = new double[TILE];
                    double[] s2 = new double[TILE];
                    double[] s3 = new double[TILE];
                    for (int t = (int) ((long) tiles * part / parts); t < (int) ((long) tiles * (part + 1) / parts); t++) {
                        int sample = t / tilesPerSample;
                        int from = t % tilesPerSample * TILE;
                        int len = Math.min(TILE, hw - from);
                        int planes = sample * classes * hw + from;
                        CalibrationPass.maxima(z, planes, hw, classes, len, max, arg);
                        java.util.Arrays.fill(s0, 0);
                        java.util.Arrays.fill(s1, 0);
                        java.util.Arrays.fill(s2, 0);
                        java.util.Arrays.fill(s3, 0);
                        for (int c = 0; c < classes; c++) {
                            for (int j = 0; j < len; j++) {
                                x[j] = beta * ((double) z[planes + c * hw + j] - max[j]);
                            }
                            DoubleExp.exp(x, e, len);
                            for (int j = 0; j < len; j++) {
                                double d = (double) z[planes + c * hw + j] - max[j];
                                s0[j] += e[j];
                                s1[j] += d * e[j];
                                s2[j] += d * d * e[j];
                                s3[j] += d * d * d * e[j];
                            }
                        }
                        for (int j = 0; j < len; j++) {
                            int y = labels[sample * hw + from + j];
                            if (ignoreIndex != null && y == ignoreIndex) {
                                continue; // the first pass refused every other label outside the classes
                            }
                            double dy = (double) z[planes + y * hw + j] - max[j];
                            double mean = s1[j] / s0[j];
                            double e2 = s2[j] / s0[j];
                            sums[0] += Math.log(s0[j]) - beta * dy;
                            sums[1] += mean - dy;
                            sums[2] += e2 - mean * mean;
                            sums[3]++;
                            sums[4] += s3[j] / s0[j] - 3 * mean * e2 + 2 * mean * mean * mean;
                        }
                    }
                    return sums;
                }).toArray(double[][]::new);
        double[] total = new double[5];
        for (double[] p : partSums) {
            for (int k = 0; k < 5; k++) {
                total[k] += p[k];
            }
        }
        return new TemperatureSearch.Point(beta, total[0] / total[3], total[1] / total[3], total[2] / total[3], total[4] / total[3], Double.NaN);
    }
}
