package io.focalscope.calibration;

import io.focalscope.io.SegmentationBatch;
import io.focalscope.numeric.DoubleExp;
import java.util.stream.IntStream;

/**
 * One batch's temperature where its least NLL lies outside the range of the profile (T below 1/8
 * or above 64: an under-confident network whose logits are a tenth of what they should be, say):
 * safeguarded Newton on β = 1/T over the pixels, a pass a step, the batch being in memory. The NLL
 * is convex in β, so the least is where its slope changes sign. Above 64 the bracket is (0, 2^-6]
 * once the slope at β = 0 is below 0 (one pass without it to know); below 1/8 it is widened an octave
 * a pass, unless the slope's limit says at once that it never turns. Then Newton steps, bisecting
 * where one would leave the bracket.
 */
final class BatchTemperature {

    /** Past this β (T below 2^-20) the search stops: a pass an octave. */
    private static final double LARGEST_BETA = 0x1p20;
    private static final int MAX_STEPS = 60;
    private static final int TILE = 64;

    private BatchTemperature() {
    }

    /**
     * @param outside        the profile's fit, with {@link TemperatureProfile.Fit#beyond} -1 (below 1/8) or 1 (above 64)
     * @param slopeAsTtoZero the NLL's slope in β as β grows without end, the mean of z_max - z_y (the profile has it)
     * @return the fit at the least, or a note that says which way the NLL falls without end
     */
    static TemperatureProfile.Fit fit(SegmentationBatch b, Integer ignoreIndex, TemperatureProfile.Fit outside, double slopeAsTtoZero) {
        boolean below = outside.beyond() < 0;
        double lo;
        double hi;
        if (below) {
            // the slope tends to the mean of z_max - z_y: 0 where every label is its pixel's largest logit
            if (!(slopeAsTtoZero > 0)) {
                return new TemperatureProfile.Fit(Double.NaN, Double.NaN, "the NLL falls as T falls towards 0: every labelled"
                        + " pixel's label has its largest logit", 0);
            }
            lo = TemperatureProfile.BETAS[TemperatureProfile.POINTS - 1]; // slope < 0 at lo, >= 0 at hi
            hi = 2 * lo;
            while (at(b, ignoreIndex, hi).slope < 0) {
                if (hi >= LARGEST_BETA) {
                    return new TemperatureProfile.Fit(Double.NaN, Double.NaN, "the NLL still falls at a temperature of 2^-20", 0);
                }
                lo = hi;
                hi *= 2;
            }
        } else {
            // convex in β: where its slope at β = 0 (uniform probabilities) is not below 0, it rises from there on
            if (at(b, ignoreIndex, 0).slope >= 0) {
                return new TemperatureProfile.Fit(Double.NaN, Double.NaN, "the NLL falls as T grows without end: the network is"
                        + " right no more often than its confidence at T = infinity (uniform) says", 0);
            }
            lo = 0;
            hi = TemperatureProfile.BETAS[0];
        }
        double beta = middle(lo, hi);
        Sums s = at(b, ignoreIndex, beta);
        for (int step = 0; step < MAX_STEPS; step++) {
            if (s.slope < 0) {
                lo = beta;
            } else {
                hi = beta;
            }
            double next = s.curvature > 0 ? beta - s.slope / s.curvature : Double.NaN;
            if (!(next > lo && next < hi)) {
                next = middle(lo, hi); // a Newton step out of the bracket: halve it
            }
            boolean done = Math.abs(next - beta) <= 1e-12 * beta;
            beta = next;
            s = at(b, ignoreIndex, beta);
            if (done || hi - lo <= 1e-12 * hi) {
                break;
            }
        }
        return new TemperatureProfile.Fit(1 / beta, s.nll, null);
    }

    /** Between two β: halfway in octaves, or in value from 0. */
    private static double middle(double lo, double hi) {
        return lo > 0 ? Math.sqrt(lo * hi) : hi / 2;
    }

    /** The mean NLL of softmax(β z) over the labelled pixels, and its slope and curvature in β. */
    private record Sums(double nll, double slope, double curvature) {
    }

    private static Sums at(SegmentationBatch b, Integer ignoreIndex, double beta) {
        int hw = b.height() * b.width();
        int classes = b.classes();
        int tilesPerSample = (hw + TILE - 1) / TILE;
        int tiles = b.samples() * tilesPerSample;
        float[] z = b.logits();
        int[] labels = b.labels();
        int parts = Math.max(1, Math.min(tiles, 4 * Runtime.getRuntime().availableProcessors()));
        double[][] partSums = IntStream.range(0, parts).parallel().mapToObj(part -> {
                    double[] sums = new double[4]; // Σ nll, Σ slope, Σ curvature, pixels
                    double[] max = new double[TILE];
                    int[] arg = new int[TILE];
                    double[] x = new double[TILE];
                    double[] e = new double[TILE];
                    double[] s0 = new double[TILE];
                    double[] s1 = new double[TILE];
                    double[] s2 = new double[TILE];
                    for (int t = (int) ((long) tiles * part / parts); t < (int) ((long) tiles * (part + 1) / parts); t++) {
                        int sample = t / tilesPerSample;
                        int from = t % tilesPerSample * TILE;
                        int len = Math.min(TILE, hw - from);
                        int planes = sample * classes * hw + from;
                        CalibrationPass.maxima(z, planes, hw, classes, len, max, arg);
                        java.util.Arrays.fill(s0, 0);
                        java.util.Arrays.fill(s1, 0);
                        java.util.Arrays.fill(s2, 0);
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
                            }
                        }
                        for (int j = 0; j < len; j++) {
                            int y = labels[sample * hw + from + j];
                            if (ignoreIndex != null && y == ignoreIndex) {
                                continue; // the first pass refused every other label outside the classes
                            }
                            double dy = (double) z[planes + y * hw + j] - max[j];
                            double mean = s1[j] / s0[j];
                            sums[0] += Math.log(s0[j]) - beta * dy;
                            sums[1] += mean - dy;
                            sums[2] += s2[j] / s0[j] - mean * mean;
                            sums[3]++;
                        }
                    }
                    return sums;
                }).toArray(double[][]::new);
        double[] total = new double[4];
        for (double[] p : partSums) {
            for (int k = 0; k < 4; k++) {
                total[k] += p[k];
            }
        }
        return new Sums(total[0] / total[3], total[1] / total[3], total[2] / total[3]);
    }
}
