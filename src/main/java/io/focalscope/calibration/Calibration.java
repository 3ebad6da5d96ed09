package io.focalscope.calibration;

import java.util.List;

/**
 * How far a network's confidence can be trusted on a set of labelled pixels (docs/calibration.md):
 * with softmax, top-label confidence c = max p against correct = (argmax == label); with sigmoid,
 * P(y = 1) against the target of each kept element ({@link #meaning}); in {@code bins} equal-width bins.
 *
 * @param ece                   Σ |accuracy - confidence| · n_b / n over the bins
 * @param mce                   the largest |accuracy - confidence| over the non-empty bins
 * @param adaptiveEce           the same sum over groups of equal count of the sorted confidences
 * @param classwiseEce          the mean over the classes of the ECE of p_k against (label == k)
 * @param perClassEce           each class's
 * @param temperature           the T > 0 minimising the mean NLL of softmax(z / T), NaN with a note where none is found
 * @param afterTemperatureExact whether there are bins after temperature: every pixel's at T (one batch's
 *                              carried to T from its last pass, {@link PixelMoments}; a dataset's from its
 *                              second pass); without it a dataset has only the NLL after it (from its
 *                              fit), its ECE and bins NaN and null ({@link #AFTER_NEEDS_PASS})
 */
public record Calibration(int bins, long pixels, double accuracy, double meanConfidence, double ece, double mce, double adaptiveEce,
                          double classwiseEce, double[] perClassEce, List<Reliability.Bin> reliability, double temperature, double nll,
                          double nllAfterTemperature, double eceAfterTemperature, List<Reliability.Bin> reliabilityAfterTemperature,
                          boolean afterTemperatureExact, String temperatureNote, String meaning) {

    /** What the confidence and the outcome mean, for the output. */
    public static final String SOFTMAX = "softmax: top-label confidence (max p) against argmax == label, over labelled pixels";
    public static final String SIGMOID = "sigmoid: P(y = 1) against the target, over every kept (pixel, class channel) element"
            + " (torchmetrics' binary meaning); per class: each channel's";

    /** Why a dataset has no ECE or bins after temperature. */
    public static final String AFTER_NEEDS_PASS = "the ECE and bins after temperature need a second pass over the files at T:"
            + " scan --after-temperature makes it";

    /** The after-temperature figures of one batch: its pixels' bins at the fitted temperature, and the mean NLL there. */
    public record AtTemperature(Reliability reliability, double nll) {
    }

    static Calibration of(CalibrationSums s, AtTemperature exact) {
        return of(s, exact, s.fit());
    }

    /** Merged sums' figures: the temperature {@code fit}, the adaptive ECE from the fine histogram. */
    static Calibration of(CalibrationSums s, AtTemperature exact, TemperatureProfile.Fit fit) {
        return of(s, exact, null, fit, s.nllAtOne());
    }

    /**
     * @param keys one batch's pixels' confidences, for an exact adaptive ECE; null: from the fine histogram
     * @param fit  the temperature: merged sums' ({@link CalibrationSums#fit}), or one batch's search's ({@link BatchCalibration})
     * @param nll  the mean NLL at T = 1
     */
    static Calibration of(CalibrationSums s, AtTemperature exact, ConfidenceKeys keys, TemperatureProfile.Fit fit, double nll) {
        Reliability top = s.reliability();
        double[] perClass = new double[s.classes()];
        double classwise = 0;
        for (int c = 0; c < perClass.length; c++) {
            perClass[c] = s.classwise[c].ece();
            classwise += perClass[c];
        }
        Reliability after = exact != null && !Double.isNaN(fit.temperature()) ? exact.reliability() : null;
        double nllAfter = exact != null && !Double.isNaN(fit.temperature()) ? exact.nll() : fit.nllAfter();
        return new Calibration(s.bins(), Math.round(top.pixels()), top.accuracy(), top.meanConfidence(), top.ece(), top.mce(),
                s.fine.adaptiveEce(s.bins(), keys), classwise / perClass.length, perClass, top.rows(), fit.temperature(),
                nll, nllAfter, after == null ? Double.NaN : after.ece(), after == null ? null : after.rows(),
                exact != null, fit.note(), s.positive ? SIGMOID : SOFTMAX);
    }
}
