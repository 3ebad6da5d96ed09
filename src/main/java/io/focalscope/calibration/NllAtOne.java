package io.focalscope.calibration;

import io.focalscope.calibration.TemperatureSearch.Point;

/**
 * The mean NLL over labelled pixels at T = 1 and its first four derivatives in β = 1/T, as sums
 * that merge exactly across images (a plain pass's, {@link PlainTiles#atOne}): where the least lies
 * within {@link BatchCalibration#TOLERANCE} of T = 1, one step of its cubic model is the fit
 * ({@link TemperatureSearch#firstStep}), for one batch or a whole dataset, without another pass.
 */
final class NllAtOne implements java.io.Serializable {

    /** Σ log Σ_c exp(z_c - z_max), Σ (z_y - z_max), and the sums of the softmax's cumulants of d = z - z_max. */
    double logPartition;
    double labelGap;
    double slope;
    double curvature;
    double third;
    double fourth;
    /** Σ (mean of d over the classes - d_y): the slope at β = 0 times the pixels. */
    double slopeAtZero;
    double pixels;

    void merge(NllAtOne o) {
        logPartition += o.logPartition;
        labelGap += o.labelGap;
        slope += o.slope;
        curvature += o.curvature;
        third += o.third;
        fourth += o.fourth;
        slopeAtZero += o.slopeAtZero;
        pixels += o.pixels;
    }

    /** The NLL's point at β = 1. */
    Point point() {
        return new Point(1, (logPartition - labelGap) / pixels, slope / pixels, curvature / pixels, third / pixels, fourth / pixels);
    }

    /** Why the NLL has no least over T > 0; null where it has one. */
    String noLeast() {
        Point p = point();
        if (!(p.curvature() >= 0)) { // NaN: no labelled pixel
            return "no labelled pixel";
        }
        // flat at T = 1 and as T grows without end: equal logits (a batch right everywhere by a margin past
        // exp's range is flat at T = 1 too, not there)
        if (p.curvature() <= 1e-15 && Math.abs(p.slope()) <= 1e-15 && Math.abs(slopeAtZero / pixels) <= 1e-15) {
            return TemperatureProfile.EQUAL_LOGITS;
        }
        // the slope as T falls to 0 is the mean of z_max - z_y
        if (!(-labelGap / pixels > 0)) {
            return TemperatureProfile.FALLS_TO_ZERO;
        }
        if (p.slope() >= 0 && slopeAtZero >= 0) {
            return "the NLL falls as T grows without end: the network is right no more often than its confidence at T ="
                    + " infinity (uniform) says";
        }
        return null;
    }

    /**
     * The fit where it needs no other pass: the least, or why there is none; null where the least lies
     * further than the tolerance from T = 1 (steps over the pixels, or a dataset's profile, find it).
     */
    TemperatureProfile.Fit settled() {
        String none = noLeast();
        if (none != null) {
            return new TemperatureProfile.Fit(Double.NaN, Double.NaN, none);
        }
        Point p = point();
        double step = TemperatureSearch.firstStep(p, BatchCalibration.TOLERANCE);
        return Double.isNaN(step) ? null : new TemperatureProfile.Fit(1 / (1 + step), p.nllAfter(step), null);
    }
}
