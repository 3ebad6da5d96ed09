package io.focalscope.calibration;

/**
 * What calibration needs of a set of labelled pixels, as sums that merge exactly (in any grouping
 * and order): the top-label bins at 19 temperatures (T = 1 among them) with the NLL's profile over
 * them, the fine histogram of confidences for the adaptive ECE, and each class's bins of p_k against
 * (label == k). About 1 MB, the fine histogram most of it: one per scan thread, not per image.
 */
public final class CalibrationSums implements java.io.Serializable {

    private final int bins;
    /** Sigmoid's binary meaning: P(y = 1) against the target, per class channel; else softmax's top label. */
    final boolean positive;
    /**
     * Whether the top-label bins are kept at every point of the profile, not only at T = 1: a
     * dataset's, whose after-temperature bins lie between two points' (one batch gets a second pass
     * at its temperature instead; the bins at 19 points were a third of the pass).
     */
    final boolean everyPoint;
    final Reliability[] classwise;
    final ConfidenceHistogram fine = new ConfidenceHistogram();
    final TemperatureProfile profile;

    CalibrationSums(int classes, int bins, boolean positive, boolean everyPoint) {
        this.bins = bins;
        this.positive = positive;
        this.everyPoint = everyPoint;
        classwise = new Reliability[classes];
        for (int c = 0; c < classes; c++) {
            classwise[c] = new Reliability(bins);
        }
        profile = new TemperatureProfile(bins);
    }

    public int classes() {
        return classwise.length;
    }

    public int bins() {
        return bins;
    }

    /** An empty copy: the same classes, bins and meaning. */
    public CalibrationSums emptyLike() {
        return new CalibrationSums(classes(), bins, positive, everyPoint);
    }

    /** The top-label bins at T = 1: what an image's summary keeps of it. */
    public Reliability reliability() {
        return profile.top[TemperatureProfile.AT_ONE];
    }

    /** Adds another's sums (of the same class count and bins) to these. */
    public void merge(CalibrationSums o) {
        if (o.classes() != classes() || o.bins != bins || o.positive != positive || o.everyPoint != everyPoint) {
            throw new IllegalArgumentException("calibration sums of " + o.classes() + " classes and " + o.bins + " bins do not"
                    + " merge with " + classes() + " and " + bins);
        }
        for (int c = 0; c < classwise.length; c++) {
            classwise[c].merge(o.classwise[c]);
        }
        fine.merge(o.fine);
        profile.merge(o.profile);
    }

    /** The sums of one batch's labelled pixels (softmax), for its own figures: {@link CalibrationPass#of}. */
    public static CalibrationSums of(io.focalscope.io.SegmentationBatch b, Integer ignoreIndex, int bins) {
        return CalibrationPass.of(b, ignoreIndex, bins, false);
    }

    /**
     * The sums of one batch under the loss settings' ignore index and activation, for its own figures
     * ({@link CalibrationPass#figures}).
     *
     * @throws io.focalscope.io.InputException as {@link CalibrationPass#of}, or with sigmoid {@link SigmoidCalibration#of}
     */
    public static CalibrationSums of(io.focalscope.io.SegmentationBatch b, io.focalscope.loss.LossSettings s, int bins) {
        return of(b, s, bins, false);
    }

    /** The same for one image of a dataset, its sums to be merged with the others' and their figures taken once ({@link #figures()}). */
    public static CalibrationSums ofDatasetImage(io.focalscope.io.SegmentationBatch b, io.focalscope.loss.LossSettings s, int bins) {
        return of(b, s, bins, true);
    }

    private static CalibrationSums of(io.focalscope.io.SegmentationBatch b, io.focalscope.loss.LossSettings s, int bins, boolean everyPoint) {
        return s.sigmoid() ? SigmoidCalibration.of(b, s.ignoreIndex(), bins, everyPoint) : CalibrationPass.of(b, s.ignoreIndex(), bins, everyPoint);
    }

    /** The figures, the after-temperature ones from the profile (bins linear between its points). */
    public Calibration figures() {
        return Calibration.of(this, null);
    }
}
