package io.focalscope.calibration;

/**
 * The mean NLL of softmax(z / T) over labelled pixels, with its first and second derivatives in
 * β = 1/T, at 19 fixed β from 2^-6 to 2^3 half an octave apart (T from 1/8 to 64): sums that merge
 * exactly across images. The NLL is convex in β; the β that minimises
 * it lies where the derivative changes sign, and a quintic through the value and both derivatives at
 * the two neighbouring points finds it to about 1e-5 relative (3e-6 on the golden cases, against
 * Newton in float64): one pass over a dataset, where Newton would read it again at every step. A
 * softmax dataset takes that pass only where its derivatives at T = 1 put the least beyond 5 % of
 * it ({@link CalibrationSums#needsProfile}); sigmoid's pass gathers it at once.
 */
public final class TemperatureProfile implements java.io.Serializable {

    /** β_k = 2^((k - 12) / 2). */
    static final int POINTS = 19;
    static final int AT_ONE = 12;
    static final double[] BETAS = new double[POINTS];

    static {
        for (int k = 0; k < POINTS; k++) {
            BETAS[k] = Math.pow(2, (k - AT_ONE) / 2.0);
        }
    }

    /** Σ log Σ_c exp(β (z_c - z_max)) per point, Σ E_p[z - z_max], Σ Var_p[z]; Σ (z_y - z_max) once. */
    final double[] logPartition = new double[POINTS];
    final double[] meanGap = new double[POINTS];
    final double[] variance = new double[POINTS];
    double labelGap;
    double pixels;

    void merge(TemperatureProfile o) {
        for (int k = 0; k < POINTS; k++) {
            logPartition[k] += o.logPartition[k];
            meanGap[k] += o.meanGap[k];
            variance[k] += o.variance[k];
        }
        labelGap += o.labelGap;
        pixels += o.pixels;
    }

    /** The mean NLL at point k and its derivatives in β. */
    double nll(int k) {
        return (logPartition[k] - BETAS[k] * labelGap) / pixels;
    }

    double slope(int k) {
        return (meanGap[k] - labelGap) / pixels;
    }

    double curvature(int k) {
        return variance[k] / pixels;
    }

    /** The slope in β as β grows without end (T to 0): E_p[z] tends to z_max, so the mean of z_max - z_y. */
    double slopeAsTtoZero() {
        return -labelGap / pixels;
    }

    /**
     * The fitted temperature, or why there is none.
     *
     * @param temperature NaN where the minimum is outside 1/8 .. 64 or does not exist
     * @param nllAfter    the mean NLL at it, from the quintic (within about 1e-7 of a pass at T on the golden cases)
     */
    record Fit(double temperature, double nllAfter, String note) {
    }

    static final String EQUAL_LOGITS = "every pixel's logits are equal across the classes: the NLL is the same at every temperature";
    /** The slope tends to the mean of z_max - z_y as T falls: 0 where every label is its pixel's largest logit. */
    static final String FALLS_TO_ZERO = "the NLL falls as T falls towards 0: every labelled pixel's label has its largest logit";

    /** The highest temperature the profile fits. */
    static final double HIGHEST = 1 / BETAS[0];

    Fit fit() {
        if (pixels == 0) {
            return new Fit(Double.NaN, Double.NaN, "no labelled pixel");
        }
        // flat at T = 1 and at T = 64: equal logits (a batch right everywhere by a margin past exp's range
        // is flat at T = 1 too, not at 64)
        if (curvature(AT_ONE) <= 1e-15 && Math.abs(slope(AT_ONE)) <= 1e-15 && Math.abs(slope(0)) <= 1e-15) {
            return new Fit(Double.NaN, Double.NaN, EQUAL_LOGITS);
        }
        if (!(slopeAsTtoZero() > 0)) {
            return new Fit(Double.NaN, Double.NaN, FALLS_TO_ZERO);
        }
        if (slope(0) >= 0) {
            return new Fit(Double.NaN, Double.NaN, "the NLL is least at a temperature above " + (int) HIGHEST
                    + ", outside the profile's range (1/8 to 64)");
        }
        for (int i = 0; i + 1 < POINTS; i++) {
            if (slope(i + 1) >= 0) {
                double h = BETAS[i + 1] - BETAS[i];
                double[] a = quintic(nll(i), slope(i) * h, curvature(i) * h * h, nll(i + 1), slope(i + 1) * h,
                        curvature(i + 1) * h * h);
                double t = rootOfDerivative(a);
                double beta = BETAS[i] + t * h;
                return new Fit(1 / beta, value(a, t), null);
            }
        }
        return new Fit(Double.NaN, Double.NaN, "the NLL still falls at a temperature of 1/8: its least lies below, outside"
                + " the profile's range (1/8 to 64)");
    }

    /** Coefficients a0..a5 in t ∈ [0, 1] of the quintic with these values and derivatives at 0 and 1. */
    static double[] quintic(double f0, double d0, double s0, double f1, double d1, double s1) {
        double a2 = s0 / 2;
        double big = f1 - f0 - d0 - a2;
        double slope = d1 - d0 - 2 * a2;
        double bend = s1 - 2 * a2;
        return new double[] {f0, d0, a2, 10 * big - 4 * slope + bend / 2, -15 * big + 7 * slope - bend, 6 * big - 3 * slope + bend / 2};
    }

    static double value(double[] a, double t) {
        double v = 0;
        for (int k = a.length - 1; k >= 0; k--) {
            v = v * t + a[k];
        }
        return v;
    }

    private static double derivative(double[] a, double t) {
        double v = 0;
        for (int k = a.length - 1; k >= 1; k--) {
            v = v * t + k * a[k];
        }
        return v;
    }

    /** Bisection on [0, 1], where the derivative goes from below 0 to at least 0. */
    private static double rootOfDerivative(double[] a) {
        double lo = 0;
        double hi = 1;
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (derivative(a, mid) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
