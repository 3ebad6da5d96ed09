package io.focalscope.calibration;

import io.focalscope.calibration.TemperatureSearch.Found;
import io.focalscope.calibration.TemperatureSearch.Point;
import io.focalscope.io.SegmentationBatch;

/**
 * One batch's calibration with softmax, the batch in memory (compute, the window): a pass at T = 1
 * for the bins, the confidences and the NLL's first four derivatives in β = 1/T, then steps on β
 * over the batch's pixels from that point ({@link TemperatureSearch}) until one is within
 * {@link #TOLERANCE}, and the bins after temperature extended from the last pass
 * ({@link PixelMoments}). A network within 5 % of calibrated takes that one pass (the demo enlarged
 * to 19 x 1024 x 2048: T = 0.977); the golden cases at T = 0.74 and 2.55 took two and three. A
 * dataset's images take the same pass at T = 1 and fit from their merged derivatives where that
 * step is within the tolerance; beyond it, their profile at 19 temperatures in a second pass
 * ({@link CalibrationSums#needsProfile}): no image is in memory twice there.
 */
final class BatchCalibration {

    /**
     * The search ends at a step of at most this times β. The step solves the slope's cubic model, so
     * the temperature is then within about 1e-6 relative: measured on the golden cases' logits scaled
     * to put T anywhere from 0.95 to 1.05, within 1.3e-6 from the pass at T = 1 alone (2e-5 at 0.9 and
     * 1.1, 3e-4 at 0.8 and 1.2), against the 1e-3.
     */
    static final double TOLERANCE = 0.05;

    private BatchCalibration() {
    }

    static Calibration of(SegmentationBatch b, Integer ignoreIndex, int bins) {
        CalibrationSums sums = new CalibrationSums(b.classes(), bins, false);
        ConfidenceKeys keys = new ConfidenceKeys(b.pixels());
        PixelMoments moments = new PixelMoments(b.pixels());
        PlainTiles.atOne(b, ignoreIndex, sums, keys, moments);
        NllAtOne one = sums.atOne;
        Point p = one.point();
        String none = one.noLeast();
        if (none != null) {
            return Calibration.of(sums, null, keys, new TemperatureProfile.Fit(Double.NaN, Double.NaN, none), p.nll());
        }
        boolean below = p.slope() < 0; // the least lies at a larger β, a lower T
        Found found = TemperatureSearch.search(beta -> PlainTiles.at(b, ignoreIndex, beta, moments), p, below ? 1 : 0,
                below ? Double.POSITIVE_INFINITY : 1, TOLERANCE);
        if (found.note() != null) {
            return Calibration.of(sums, null, keys, new TemperatureProfile.Fit(Double.NaN, Double.NaN, found.note()), p.nll());
        }
        double nllAfter = found.last().nllAfter(found.step());
        return Calibration.of(sums, new Calibration.AtTemperature(moments.reliabilityAt(found.step(), bins), nllAfter), keys,
                new TemperatureProfile.Fit(1 / found.beta(), nllAfter, null), p.nll());
    }
}
