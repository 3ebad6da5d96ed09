package io.focalscope.calibration;

/**
 * What calibration needs of a set of labelled pixels, as sums that merge exactly (in any grouping
 * and order): the top-label bins, the fine histogram of confidences for the adaptive ECE, each
 * class's bins of p_k against (label == k), and for the temperature the NLL's derivatives at T = 1
 * (softmax, {@link NllAtOne}) or its profile over 19 temperatures (sigmoid, and a dataset's second
 * pass where the derivatives do not settle it). About 1 MB, the fine histogram most of it: one per
 * scan thread, not per image.
 */
public final class CalibrationSums implements java.io.Serializable {

    private final int bins;
    /** Sigmoid's binary meaning: P(y = 1) against the target, per class channel; else softmax's top label. */
    final boolean positive;
    /** The top-label bins (with sigmoid: P(y = 1) against the target), at T = 1. */
    final Reliability top;
    final Reliability[] classwise;
    final ConfidenceHistogram fine = new ConfidenceHistogram();
    final TemperatureProfile profile;
    final NllAtOne atOne = new NllAtOne();

    CalibrationSums(int classes, int bins, boolean positive) {
        this.bins = bins;
        this.positive = positive;
        top = new Reliability(bins);
        classwise = new Reliability[classes];
        for (int c = 0; c < classes; c++) {
            classwise[c] = new Reliability(bins);
        }
        profile = new TemperatureProfile();
    }

    public int classes() {
        return classwise.length;
    }

    public int bins() {
        return bins;
    }

    /** An empty copy: the same classes, bins and meaning. */
    public CalibrationSums emptyLike() {
        return new CalibrationSums(classes(), bins, positive);
    }

    /** The top-label bins at T = 1: what an image's summary keeps of it. */
    public Reliability reliability() {
        return top;
    }

    /** Adds another's sums (of the same class count and bins) to these. */
    public void merge(CalibrationSums o) {
        if (o.classes() != classes() || o.bins != bins || o.positive != positive) {
            throw new IllegalArgumentException("calibration sums of " + o.classes() + " classes, " + o.bins + " bins and "
                    + (o.positive ? "sigmoid" : "softmax") + " do not merge with " + classes() + ", " + bins + " and "
                    + (positive ? "sigmoid" : "softmax"));
        }
        top.merge(o.top);
        for (int c = 0; c < classwise.length; c++) {
            classwise[c].merge(o.classwise[c]);
        }
        fine.merge(o.fine);
        profile.merge(o.profile);
        atOne.merge(o.atOne);
    }

    /**
     * The sums of one batch's labelled pixels (softmax), from a plain pass at T = 1 ({@link PlainTiles}):
     * the bins and the NLL's derivatives there, no profile.
     *
     * @throws io.focalscope.io.InputException as {@link CalibrationPass#of}
     */
    public static CalibrationSums of(io.focalscope.io.SegmentationBatch b, Integer ignoreIndex, int bins) {
        CalibrationPass.requireClassLabels(b);
        CalibrationSums sums = new CalibrationSums(b.classes(), bins, false);
        PlainTiles.atOne(b, ignoreIndex, sums, null, null);
        return sums;
    }

    /**
     * Starts the sums of one batch (as {@link #of(io.focalscope.io.SegmentationBatch, io.focalscope.loss.LossSettings, int)})
     * on one thread, beside the caller's own work on the batch: {@link Pending#finish} then joins the pass.
     * A scan's image takes the loss pass on its thread and the calibration beside it; on two cores, the
     * calibration's parts on both cores beside the loss pass had it end alone on one, the other idle.
     */
    public static Pending start(io.focalscope.io.SegmentationBatch b, io.focalscope.loss.LossSettings s, int bins) {
        if (s.sigmoid()) {
            // one part: the pool's task or finish, whichever takes it first, runs the sigmoid pass
            return Pending.of(new SharedParts<>(1, part -> SigmoidCalibration.of(b, s.ignoreIndex(), bins)), parts -> parts.get(0));
        }
        try {
            CalibrationPass.requireClassLabels(b);
        } catch (io.focalscope.io.InputException refused) {
            // said after the caller's work, as a pass would have said it: an error of that work comes first
            return new Pending(null, null, refused);
        }
        CalibrationSums sums = new CalibrationSums(b.classes(), bins, false);
        return Pending.of(PlainTiles.atOneParts(b, s.ignoreIndex(), sums), parts -> {
            PlainTiles.addAtOne(sums, parts);
            return sums;
        });
    }

    /**
     * A batch's sums being made ({@link #start}): a pass in parts ({@link SharedParts}) that a task on
     * the common pool starts and {@link #finish} joins, or a refusal. Neither waits for a task a busy
     * pool has not started: that task finds no part left.
     */
    public static final class Pending {
        private final SharedParts<?> parts;
        /** The sums from the parts' results, once they have all ended. */
        private final java.util.function.Supplier<CalibrationSums> sums;
        private final io.focalscope.io.InputException refused;

        private Pending(SharedParts<?> parts, java.util.function.Supplier<CalibrationSums> sums, io.focalscope.io.InputException refused) {
            this.parts = parts;
            this.sums = sums;
            this.refused = refused;
        }

        private static <T> Pending of(SharedParts<T> parts, java.util.function.Function<java.util.List<T>, CalibrationSums> sums) {
            java.util.concurrent.CompletableFuture.runAsync(parts::work);
            return new Pending(parts, () -> sums.apply(parts.results()), null);
        }

        /**
         * Takes the parts of the pass not yet begun, waits for those begun and returns the sums.
         *
         * @throws io.focalscope.io.InputException as {@link #of(io.focalscope.io.SegmentationBatch, io.focalscope.loss.LossSettings, int)}
         */
        public CalibrationSums finish() {
            if (refused != null) {
                throw refused;
            }
            parts.work();
            return sums.get();
        }

        /** Ends the pass without its sums, once no part runs any more: the batch's arrays may then go to another image. */
        public void abandon() {
            if (parts != null) {
                parts.stop();
                parts.awaitEnd();
            }
        }
    }

    /**
     * The sums of one batch under the loss settings' ignore index and activation: for its own figures
     * ({@link CalibrationPass#figures}), or to be merged with other images' (a dataset's, {@link #figures()}).
     *
     * @throws io.focalscope.io.InputException as {@link CalibrationPass#of}, or with sigmoid {@link SigmoidCalibration#of}
     */
    public static CalibrationSums of(io.focalscope.io.SegmentationBatch b, io.focalscope.loss.LossSettings s, int bins) {
        return s.sigmoid() ? SigmoidCalibration.of(b, s.ignoreIndex(), bins) : of(b, s.ignoreIndex(), bins);
    }

    /**
     * Whether these sums (a dataset's, merged) need their images' profile to fit a temperature: the
     * derivatives at T = 1 put the least further than 5 % from it ({@link NllAtOne#settled}). A
     * dataset's second pass then adds each image's ({@link #profileOf}, {@link #addProfile}).
     */
    public boolean needsProfile() {
        return !profileComplete() && atOne.pixels > 0 && atOne.settled() == null;
    }

    /** Whether the profile holds every pixel of these sums (a sigmoid pass's, or a dataset's after its profile pass). */
    private boolean profileComplete() {
        return profile.pixels > 0 && (atOne.pixels == 0 || profile.pixels == atOne.pixels);
    }

    /** One image's part of that pass: its NLL over the profile's 19 temperatures (the vector pass, {@link CalibrationPass}). */
    public static TemperatureProfile profileOf(io.focalscope.io.SegmentationBatch b, io.focalscope.loss.LossSettings s) {
        return CalibrationPass.profile(b, s.ignoreIndex());
    }

    /** Adds an image's profile ({@link #profileOf}) to these sums' own; their bins stay the first pass's. */
    public void addProfile(TemperatureProfile image) {
        profile.merge(image);
    }

    /**
     * The temperature's fit: the profile's where these sums have one (sigmoid, or a dataset after its
     * profile pass), else one step from T = 1 where the least lies within 5 % of it; otherwise none,
     * with a note that the profile pass is needed.
     */
    TemperatureProfile.Fit fit() {
        if (profileComplete() || atOne.pixels == 0) {
            return profile.fit();
        }
        TemperatureProfile.Fit settled = atOne.settled();
        return settled != null ? settled : new TemperatureProfile.Fit(Double.NaN, Double.NaN, NEEDS_PROFILE);
    }

    /** Why merged sums have no temperature yet (a front end that skips the profile pass says so). */
    static final String NEEDS_PROFILE = "the least NLL lies more than 5 % from T = 1: a second pass over the files (the"
            + " NLL at 19 temperatures) fits it";

    /** The mean NLL at T = 1. */
    double nllAtOne() {
        return atOne.pixels > 0 ? atOne.point().nll() : profile.nll(TemperatureProfile.AT_ONE);
    }

    /**
     * The figures of merged sums (a dataset's): the temperature and the NLL after it ({@link #fit}),
     * but no bins at T, which would take a second pass over the files ({@link Calibration#AFTER_NEEDS_PASS}).
     */
    public Calibration figures() {
        return Calibration.of(this, null);
    }

    /**
     * The same with the bins at the fitted temperature of every image these sums hold (a dataset's
     * second pass, {@link #reliabilityAt}, merged): its ECE and bins exact, the NLL after it from the
     * fit (within about 1e-7 of a pass at T).
     */
    public Calibration figures(Reliability atTemperature) {
        return atTemperature == null ? figures()
                : Calibration.of(this, new Calibration.AtTemperature(atTemperature, fit().nllAfter()));
    }

    /** The temperature these sums fit, NaN where none is found (the note says why). */
    public double temperature() {
        return fit().temperature();
    }

    /**
     * One batch's top-label bins (with sigmoid: P(y = 1) against the target) at temperature T, in
     * {@code bins} bins: an image's part of a dataset's second pass at the T the first one fitted.
     */
    public static Reliability reliabilityAt(io.focalscope.io.SegmentationBatch b, io.focalscope.loss.LossSettings s, int bins,
                                            double temperature) {
        return (s.sigmoid() ? SigmoidCalibration.at(b, s.ignoreIndex(), bins, temperature)
                : CalibrationPass.at(b, s.ignoreIndex(), bins, temperature)).reliability();
    }
}
