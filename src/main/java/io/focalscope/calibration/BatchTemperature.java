package io.focalscope.calibration;

import io.focalscope.io.SegmentationBatch;
import io.focalscope.numeric.DoubleExp;
import java.util.stream.IntStream;

/**
 * One batch's temperature where its least NLL lies outside the range of the profile (T below 1/8
 * or above 64: an under-confident network whose logits are a tenth of what they should be, say):
 * safeguarded Newton on β = 1/T over the pixels, a pass a step, the batch being in memory. The NLL
 * is convex in β, so the least is where its slope changes sign: the bracket is widened an octave a
 * pass until it does, then Newton steps, bisecting where one would leave the bracket.
 */
final class BatchTemperature {

    /** Past these β (T below 2^-20 or above 2^30) the NLL is taken to have no least at a finite T. */
    private static final double LARGEST_BETA = 0x1p20;
    private static final double SMALLEST_BETA = 0x1p-30;
    private static final int MAX_STEPS = 60;
    private static final int TILE = 64;

    private BatchTemperature() {
    }

    /**
     * @param outside the profile's fit, with {@link TemperatureProfile.Fit#beyond} -1 (below 1/8) or 1 (above 64)
     * @return the fit at the least, or {@code outside} with a note that says which way the NLL falls without end
     */
    static TemperatureProfile.Fit fit(SegmentationBatch b, Integer ignoreIndex, TemperatureProfile.Fit outside) {
        boolean below = outside.beyond() < 0;
        double inside = below ? TemperatureProfile.BETAS[TemperatureProfile.POINTS - 1] : TemperatureProfile.BETAS[0];
        double lo = below ? inside : inside / 2; // slope < 0 at lo, >= 0 at hi
        double hi = below ? inside * 2 : inside;
        // a slope of exactly 0 far out is the exponentials' underflow (every pixel right), not a least
        while (below ? at(b, ignoreIndex, hi).slope <= 0 : at(b, ignoreIndex, lo).slope >= 0) {
            if (below ? hi >= LARGEST_BETA : lo <= SMALLEST_BETA) {
                return new TemperatureProfile.Fit(Double.NaN, Double.NaN, below
                        ? "the NLL falls as T falls towards 0: every labelled pixel is right, or so nearly that no temperature above "
                        + "2^-20 is best"
                        : "the NLL falls as T grows without end: the network is right no more often than its confidence at T = "
                        + "infinity (uniform) says", 0);
            }
            if (below) {
                lo = hi;
                hi *= 2;
            } else {
                hi = lo;
                lo /= 2;
            }
        }
        double beta = Math.sqrt(lo * hi);
        Sums s = at(b, ignoreIndex, beta);
        for (int step = 0; step < MAX_STEPS; step++) {
            if (s.slope < 0) {
                lo = beta;
            } else {
                hi = beta;
            }
            double next = s.curvature > 0 ? beta - s.slope / s.curvature : Double.NaN;
            if (!(next > lo && next < hi)) {
                next = Math.sqrt(lo * hi); // a Newton step out of the bracket: halve it, in octaves
            }
            boolean done = Math.abs(next - beta) <= 1e-12 * beta;
            beta = next;
            s = at(b, ignoreIndex, beta);
            if (done || hi - lo <= 1e-12 * lo) {
                break;
            }
        }
        return new TemperatureProfile.Fit(1 / beta, s.nll, null);
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
                        for (int j = 0; j < len; j++) {
                            max[j] = z[planes + j];
                        }
                        for (int c = 1; c < classes; c++) {
                            for (int j = 0; j < len; j++) {
                                max[j] = Math.max(max[j], z[planes + c * hw + j]);
                            }
                        }
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
