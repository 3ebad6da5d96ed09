package io.focalscope.calibration;

/**
 * The least of one batch's mean NLL over β = 1/T, a pass over its pixels a step: the NLL is convex
 * in β, so the least lies where its slope turns from below 0 to at least 0, kept between a β where
 * it is below (lo) and one where it is not (hi). Each step solves the slope's Taylor model from its
 * derivatives (to the fourth: the slope's error is then of order Δ⁴, so a step of 5 % put β
 * within about 1e-6 relative of the least, measured for T from 0.95 to 1.05), an octave at most (the model is local: from T = 1 its quadratic
 * form sent the golden case "over" to T = 24 for a least at 2.5), and halves the bracket where the
 * step would leave it.
 */
final class TemperatureSearch {

    /** Past these β (T below 2^-20 or above 2^20) the search stops: the least is taken to lie beyond. */
    static final double LARGEST_BETA = 0x1p20;
    static final double SMALLEST_BETA = 0x1p-20;
    private static final int MAX_STEPS = 60;

    private TemperatureSearch() {
    }

    /**
     * The mean NLL of softmax(β z) over the labelled pixels, and its first four derivatives in β (the
     * means of the softmax's cumulants of d = z - z_max, less z_y - z_max for the slope).
     */
    record Point(double beta, double nll, double slope, double curvature, double third, double fourth) {

        /** The mean NLL at β + step, from the derivatives here. */
        double nllAfter(double step) {
            return nll + step * (slope + step * (curvature / 2 + step * (third / 6 + step * fourth / 24)));
        }

        /** The slope at β + step, and its derivative, from the model. */
        private double slopeAfter(double step) {
            return slope + step * (curvature + step * (third / 2 + step * fourth / 6));
        }

        private double curvatureAfter(double step) {
            return curvature + step * (third + step * fourth / 2);
        }
    }

    /** A pass at β. */
    interface Pass {
        Point at(double beta);
    }

    /**
     * @param last the last point evaluated
     * @param step from it to the least, within the tolerance asked
     * @param note why there is no least (step NaN), else null
     */
    record Found(Point last, double step, String note) {

        double beta() {
            return last.beta() + step;
        }
    }

    /**
     * @param start     a point already evaluated, between lo and hi (or at one of them)
     * @param lo        a β where the slope is below 0 (0 for none known above 0)
     * @param hi        one where it is at least 0, or infinity
     * @param tolerance the search ends at a step of at most this times β
     */
    static Found search(Pass pass, Point start, double lo, double hi, double tolerance) {
        Point p = start;
        for (int i = 0; i < MAX_STEPS; i++) {
            if (p.slope() < 0) {
                lo = Math.max(lo, p.beta());
            } else {
                hi = Math.min(hi, p.beta());
            }
            double step = step(p);
            double next = Math.min(Math.max(p.beta() + step, p.beta() / 2), 2 * p.beta());
            if (Math.abs(step) <= tolerance * p.beta() && next >= lo && next <= hi) { // = : a slope of exactly 0
                return new Found(p, step, null);
            }
            if (!(next > lo && next < hi)) {
                next = Double.isInfinite(hi) ? 2 * Math.max(lo, p.beta()) : middle(lo, hi);
            }
            if (next > LARGEST_BETA) {
                return new Found(p, Double.NaN, "the NLL still falls at a temperature of 2^-20");
            }
            if (next < SMALLEST_BETA) { // a slope at β = 0 just below 0, from rounding: halving would take 60 passes
                return new Found(p, Double.NaN, "the NLL still falls at a temperature of 2^20");
            }
            if (hi < Double.POSITIVE_INFINITY && hi - lo <= 1e-12 * hi) {
                return new Found(p, next - p.beta(), null);
            }
            p = pass.at(next);
        }
        return new Found(p, Double.NaN, "the search for the least NLL did not settle in " + MAX_STEPS + " passes");
    }

    /**
     * The step from {@code p} to the least where it is at most {@code tolerance} times β and goes the
     * way the slope says (the search's first step, accepted at once); NaN where a pass is needed.
     */
    static double firstStep(Point p, double tolerance) {
        double step = step(p);
        boolean towards = p.slope() < 0 ? step >= 0 : step <= 0;
        return Math.abs(step) <= tolerance * p.beta() && towards ? step : Double.NaN;
    }

    /**
     * The root nearest 0 of the slope's model: the quadratic's root in its stable form (Newton's step
     * where it has none), refined on the cubic (three Newton steps on the model, kept only where they
     * settle near the quadratic's).
     */
    static double step(Point p) {
        double discriminant = p.curvature() * p.curvature() - 2 * p.third() * p.slope();
        if (!(discriminant >= 0)) {
            return -p.slope() / p.curvature();
        }
        double quadratic = -2 * p.slope() / (p.curvature() + Math.sqrt(discriminant));
        double cubic = quadratic;
        for (int i = 0; i < 3; i++) {
            cubic -= p.slopeAfter(cubic) / p.curvatureAfter(cubic);
        }
        return Math.abs(cubic - quadratic) <= Math.abs(quadratic) / 2 ? cubic : quadratic;
    }

    /** Between two β: halfway in octaves, or in value from 0. */
    private static double middle(double lo, double hi) {
        return lo > 0 ? Math.sqrt(lo * hi) : hi / 2;
    }
}
