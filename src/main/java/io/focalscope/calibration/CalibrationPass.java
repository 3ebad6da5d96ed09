package io.focalscope.calibration;

import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.PixelPosition;
import io.focalscope.numeric.DoubleExp;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One pass over a batch's softmax for its {@link CalibrationSums} with the NLL's profile: with the Vector API in float
 * vectors ({@link FloatChain}: sums within about 1e-7 relative), else in double, scalar. Per class
 * and pixel it takes two exponentials, exp(β₀ d) and exp(β₁ d) with
 * d = z - z_max, and squares each up its chain of β (β₀ = 2^-6 to 2^3, β₁ = 2^-5.5 to 2^2.5):
 * the 19 temperatures of the profile for the price of two exps (19 exps an element was 4x slower
 * here). Tiles of pixels run on the common pool's threads, each into sums of its own. A dataset's
 * images take it in a second pass where their merged derivatives at T = 1 do not settle the
 * temperature ({@link CalibrationSums#needsProfile}); their first pass, and one batch in memory with
 * softmax (compute, the window, {@link BatchCalibration}), are plain float code ({@link PlainTiles}),
 * which a cold process runs in under half the time.
 */
public final class CalibrationPass {

    /** Pixels per tile: a tile's class planes (19 x 64 doubles, twice) stay in the L1 cache between the points. */
    private static final int TILE = 64;
    /** Below it a value is set to 0 before it is squared: its square would be a slow subnormal. */
    private static final double FLUSH = 1e-150;

    /** For tests: the scalar double path a JVM without the Vector API takes. */
    static volatile boolean scalarOnly;

    private CalibrationPass() {
    }

    /**
     * A batch's NLL over the profile's 19 temperatures alone (softmax): a dataset's second pass
     * ({@link CalibrationSums#profileOf}), whose bins are the first pass's.
     *
     * @throws InputException for label masks, a label outside the classes (not the ignore index) or
     *                        non-finite logits, naming the file
     */
    static TemperatureProfile profile(SegmentationBatch b, Integer ignoreIndex) {
        requireClassLabels(b);
        return run(b, ignoreIndex, 1, false, false).profile; // one bin, left empty
    }

    /**
     * One batch's figures (compute, the window) under the settings' ignore index and activation, with the
     * figures after the fitted temperature: with softmax from {@link BatchCalibration}, its adaptive ECE
     * exact; with sigmoid from the profile and a pass at T, its adaptive ECE from the fine histogram.
     *
     * @throws InputException as {@link #of}, or with sigmoid {@link SigmoidCalibration#of}
     */
    public static Calibration batch(SegmentationBatch b, io.focalscope.loss.LossSettings s, int bins) {
        return s.sigmoid() ? figures(b, s.ignoreIndex(), SigmoidCalibration.of(b, s.ignoreIndex(), bins))
                : batch(b, s.ignoreIndex(), bins);
    }

    /**
     * The same with softmax, the batch in memory: plain float passes, at T = 1 and then steps to the
     * least NLL over its pixels ({@link BatchCalibration}); the adaptive ECE exact.
     */
    public static Calibration batch(SegmentationBatch b, Integer ignoreIndex, int bins) {
        requireClassLabels(b);
        return BatchCalibration.of(b, ignoreIndex, bins);
    }

    /**
     * The pass proper. With {@code positive}, the batch is one sigmoid channel as two classes (logits 0
     * and z, label 1 the positive target): the bins are of P(class 1) against (label == 1), and the
     * profile is the binary NLL's (see {@link SigmoidCalibration}). Without {@code binned}, the profile
     * alone: no bins, fine histogram or classwise bins.
     */
    static CalibrationSums run(SegmentationBatch b, Integer ignoreIndex, int bins, boolean positive, boolean binned) {
        int hw = b.height() * b.width();
        int tile = Tiles.tileFor(b.classes());
        int tilesPerSample = (hw + tile - 1) / tile;
        int tiles = b.samples() * tilesPerSample;
        int parts = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), tiles / 64));
        return IntStream.range(0, parts).parallel().mapToObj(part -> {
            CalibrationSums sums = new CalibrationSums(b.classes(), bins, positive);
            new Tiles(b, ignoreIndex, sums, binned).run((int) ((long) tiles * part / parts), (int) ((long) tiles * (part + 1) / parts),
                    tilesPerSample);
            return sums;
        }).reduce((x, y) -> {
            x.merge(y);
            return x;
        }).orElseThrow();
    }

    /**
     * The figures of one batch's sums (with sigmoid, one batch's; with softmax, an image's as a scan
     * sums it, with the profile pass a dataset would take where it needs one, added to {@code sums}:
     * they must be this batch's alone) and its bins at the
     * fitted temperature: a second pass, at that T. No temperature where the profile finds none in
     * 1/8 .. 64 (the note says on which side); one batch in memory with softmax looks beyond that
     * ({@link #batch(SegmentationBatch, Integer, int)}).
     */
    public static Calibration figures(SegmentationBatch b, Integer ignoreIndex, CalibrationSums sums) {
        if (sums.needsProfile()) {
            sums.addProfile(profile(b, ignoreIndex));
        }
        TemperatureProfile.Fit fit = sums.fit();
        if (Double.isNaN(fit.temperature())) {
            return Calibration.of(sums, null, fit);
        }
        return Calibration.of(sums, sums.positive ? SigmoidCalibration.at(b, ignoreIndex, sums.bins(), fit.temperature())
                : at(b, ignoreIndex, sums.bins(), fit.temperature()), fit);
    }

    /**
     * Each pixel's top-label confidence, {@code max softmax = 1 / Σ_c exp(z_c - z_max)}, as the
     * calibration bins it; {@code [N, H, W]}, NaN where a logit is not
     * finite.
     */
    public static float[] confidence(SegmentationBatch b) {
        float[] out = new float[b.pixels()];
        softmaxAt(b, 1, null, 0, out);
        return out;
    }

    /** The top-label bins and mean NLL of softmax(z / T) over the labelled pixels. */
    static Calibration.AtTemperature at(SegmentationBatch b, Integer ignoreIndex, int bins, double temperature) {
        Reliability r = new Reliability(bins);
        double nll = 0;
        double n = 0;
        for (AtPart part : softmaxAt(b, 1 / temperature, ignoreIndex, bins, null)) {
            if (part.bins == null) {
                continue;
            }
            r.merge(part.bins);
            nll += part.logPartition.log() - part.labelTerms;
            n += part.pixels;
        }
        return new Calibration.AtTemperature(r, nll / n);
    }

    /** One thread's share of a pass at one temperature: its pixels' bins, Σ log S and Σ β (z_y - z_max). */
    private static final class AtPart {
        Reliability bins;
        final LogProduct logPartition = new LogProduct();
        double labelTerms;
        long pixels;
    }

    /**
     * softmax(β z) pixel by pixel, tiles on the common pool's threads: into {@code confidence} (NaN
     * where a logit is not finite) where that is given, else, with labels, into each part's bins
     * (for the labelled pixels) and the NLL's sums.
     */
    private static List<AtPart> softmaxAt(SegmentationBatch b, double beta, Integer ignoreIndex, int bins, float[] confidence) {
        int hw = b.height() * b.width();
        int classes = b.classes();
        float[] z = b.logits();
        int[] labels = b.labels();
        int tile = Tiles.tileFor(classes);
        int tilesPerSample = (hw + tile - 1) / tile;
        int tiles = b.samples() * tilesPerSample;
        int parts = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors() * 4, tiles));
        boolean floats = DoubleExp.VECTOR_API && !scalarOnly;
        IgnoreTest ignore = new IgnoreTest(ignoreIndex);
        return IntStream.range(0, parts).parallel().mapToObj(part -> {
            AtPart at = new AtPart();
            int[] labelled = new int[tile];
            FloatChain chain = floats ? new FloatChain(classes, tile) : null;
            double[] max = new double[tile];
            int[] arg = new int[tile];
            double[] x = new double[tile];
            double[] e = new double[tile];
            double[] sum = new double[tile];
            double[] labelGap = new double[tile];
            for (int t = (int) ((long) tiles * part / parts); t < (int) ((long) tiles * (part + 1) / parts); t++) {
                int s = t / tilesPerSample;
                int from = (t % tilesPerSample) * tile;
                int len = Math.min(tile, hw - from);
                int planes = s * classes * hw + from;
                int p0 = s * hw + from;
                if (chain != null) {
                    chain.atBeta(z, planes, hw, len, (float) beta, sum, max, arg);
                } else {
                    maxima(z, planes, hw, classes, len, max, arg);
                    java.util.Arrays.fill(sum, 0, len, 0);
                    for (int c = 0; c < classes; c++) {
                        for (int j = 0; j < len; j++) {
                            x[j] = beta * (z[planes + c * hw + j] - max[j]);
                        }
                        DoubleExp.exp(x, e, len);
                        for (int j = 0; j < len; j++) {
                            sum[j] += e[j];
                            if (confidence == null && labels[p0 + j] == c) {
                                labelGap[j] = x[j];
                            }
                        }
                    }
                }
                if (confidence != null) {
                    for (int j = 0; j < len; j++) {
                        // NaN or infinite logits: the sum is not finite (or the max is, and x NaN)
                        confidence[p0 + j] = Double.isFinite(max[j]) && Double.isFinite(sum[j]) ? (float) (1 / sum[j]) : Float.NaN;
                    }
                    continue;
                }
                if (at.bins == null) {
                    at.bins = new Reliability(bins);
                }
                int n = ignore.labelled(labels, p0, len, labelled);
                for (int i = 0; i < n; i++) {
                    int j = labelled[i];
                    int y = labels[p0 + j];
                    if (outside(y, classes) != 0) { // a dataset's second pass reads its files again
                        throw labelOutside(b, p0 + j, ignoreIndex);
                    }
                    if (chain != null) {
                        labelGap[j] = beta * ((double) z[planes + y * hw + j] - max[j]);
                    }
                    at.bins.add(1 / sum[j], arg[j] == y ? 1 : 0);
                    at.logPartition.multiply(sum[j]);
                    at.labelTerms += labelGap[j];
                    at.pixels++;
                }
            }
            return at;
        }).toList();
    }

    /** 1 where label y is outside the classes 0..classes-1, else 0; without a branch. */
    static int outside(int y, int classes) {
        return (y | (classes - 1 - y)) >>> 31; // the sign of y, or of classes - 1 - y (no overflow for y >= 0)
    }

    static InputException labelOutside(SegmentationBatch b, int p, Integer ignoreIndex) {
        int y = b.labels()[p];
        return InputException.of(b.labelsSource(), "label " + y + " at " + PixelPosition.ofFlat(p, b.height(), b.width())
                + " is outside the " + b.classes() + " classes 0.." + (b.classes() - 1)
                + (ignoreIndex == null ? "" : " and is not the ignore index " + ignoreIndex));
    }

    static void requireClassLabels(SegmentationBatch b) {
        if (b.labelMasks()) {
            throw InputException.of(b.labelsSource(), "calibration with softmax needs one class per pixel, not a mask per class");
        }
        if (b.classes() < 2) {
            throw InputException.of(b.logitsSource(), "calibration with softmax needs the logits of at least 2 classes, got "
                    + b.classes());
        }
    }

    /** The largest logit of each pixel of a tile and its class (the first of equal largest). */
    static void maxima(float[] z, int planes, int hw, int classes, int len, double[] max, int[] arg) {
        for (int j = 0; j < len; j++) {
            max[j] = z[planes + j];
            arg[j] = 0;
        }
        for (int c = 1; c < classes; c++) {
            for (int j = 0; j < len; j++) {
                double v = z[planes + c * hw + j];
                if (v > max[j]) {
                    max[j] = v;
                    arg[j] = c;
                }
            }
        }
    }

    /** One thread's tiles, with its scratch arrays: a class's values of the tile's pixels at {@code c * tile + j}. */
    private static final class Tiles {
        private final SegmentationBatch b;
        private final Integer ignoreIndex;
        private final CalibrationSums sums;
        private final int classes;
        private final int hw;
        /** Pixels per tile: 64, fewer with hundreds of classes so that the class planes stay a few MB (a multiple of any vector's lanes). */
        private final int tile;
        private final double[] max;
        private final int[] arg;
        private final int[] label;
        /** The places of the tile's labelled pixels, {@link #labelledCount} of them: its loops take no branch on the ignore index. */
        private final int[] labelled;
        private int labelledCount;
        private final IgnoreTest ignore;
        private final double[] labelGap;
        private final double[] others;
        private final double[] gap;
        private final double[] xa;
        private final double[] xb;
        /** exp(β d) up each chain, squared in place from one point to the next. */
        private final double[] ea;
        private final double[] eb;
        /** exp(z_c - z_max) at T = 1, for the classwise bins. */
        private final double[] atOne;
        private final double[][] s0;
        private final double[][] s1;
        private final double[][] s2;
        private final LogProduct[] partition = new LogProduct[TemperatureProfile.POINTS];
        /** The per-class work in float vectors where the Vector API is; null: in double, scalar. */
        private final FloatChain floats;
        /** Whether the bins are gathered too, or the profile alone. */
        private final boolean binned;

        Tiles(SegmentationBatch b, Integer ignoreIndex, CalibrationSums sums, boolean binned) {
            this.b = b;
            this.binned = binned;
            this.ignoreIndex = ignoreIndex;
            this.sums = sums;
            classes = b.classes();
            hw = b.height() * b.width();
            tile = tileFor(classes);
            max = new double[tile];
            arg = new int[tile];
            label = new int[tile];
            labelled = new int[tile];
            ignore = new IgnoreTest(ignoreIndex);
            labelGap = new double[tile];
            others = new double[tile];
            s0 = new double[TemperatureProfile.POINTS][tile];
            s1 = new double[TemperatureProfile.POINTS][tile];
            s2 = new double[TemperatureProfile.POINTS][tile];
            gap = new double[classes * tile];
            xa = new double[classes * tile];
            xb = new double[classes * tile];
            ea = new double[classes * tile];
            eb = new double[classes * tile];
            atOne = new double[classes * tile];
            floats = DoubleExp.VECTOR_API && !scalarOnly ? new FloatChain(classes, tile) : null;

            for (int k = 0; k < partition.length; k++) {
                partition[k] = new LogProduct();
            }
        }

        /** A whole number of float vectors (16 lanes at most, AVX-512), fewer pixels with hundreds of classes. */
        static int tileFor(int classes) {
            return classes <= 256 ? TILE : 16;
        }

        void run(int fromTile, int toTile, int tilesPerSample) {
            for (int t = fromTile; t < toTile; t++) {
                int s = t / tilesPerSample;
                int from = t % tilesPerSample * tile;
                tile(s, from, Math.min(tile, hw - from));
            }
            for (int k = 0; k < partition.length; k++) {
                sums.profile.logPartition[k] += partition[k].log();
            }
        }

        private void tile(int s, int from, int len) {
            float[] z = b.logits();
            int planes = s * classes * hw + from;
            int p0 = s * hw + from;
            readLabels(p0, len);
            if (floats != null) {
                for (int j = len; j < tile; j++) {
                    label[j] = -1; // a short tile's unused lanes
                }
                int bad = floats.tile(z, planes, hw, len, label, sums, binned, partition, max, arg, others, s0);
                if (bad >= 0) {
                    throw nonFinite(p0 + bad);
                }
                for (int i = 0; i < labelledCount; i++) {
                    int j = labelled[i];
                    labelGap[j] = (double) z[planes + label[j] * hw + j] - max[j];
                }
                addBins(len, false);
                return;
            }
            maxima(z, planes, hw, classes, len, max, arg);
            requireFinite(p0, len);
            double betaA = TemperatureProfile.BETAS[0];
            double betaB = TemperatureProfile.BETAS[1];
            java.util.Arrays.fill(others, 0);
            for (int c = 0; c < classes; c++) {
                int plane = planes + c * hw;
                int row = c * tile;
                for (int j = 0; j < len; j++) {
                    double d = z[plane + j] - max[j];
                    gap[row + j] = d;
                    xa[row + j] = d * betaA;
                    xb[row + j] = d * betaB;
                    if (label[j] == c) {
                        labelGap[j] = d;
                    }
                }
            }
            // a short last tile's unused lanes hold an earlier tile's values: computed, never read
            DoubleExp.exp(xa, ea, classes * tile);
            DoubleExp.exp(xb, eb, classes * tile);
            for (int k = 0; k < TemperatureProfile.POINTS; k++) {
                double[] e = (k & 1) == 0 ? ea : eb;
                if (k == TemperatureProfile.AT_ONE) {
                    System.arraycopy(e, 0, atOne, 0, classes * tile);
                    for (int c = 0; c < classes; c++) {
                        for (int j = 0; j < len; j++) {
                            others[j] += arg[j] == c ? 0 : e[c * tile + j];
                        }
                    }
                }
                point(e, k);
            }
            addPixels(len);
        }

        /** Without the Vector API: one point's sums over the classes, and each value squared for the chain's next point. */
        private void point(double[] e, int k) {
            double[] a0 = s0[k];
            double[] a1 = s1[k];
            double[] a2 = s2[k];
            java.util.Arrays.fill(a0, 0);
            java.util.Arrays.fill(a1, 0);
            java.util.Arrays.fill(a2, 0);
            for (int c = 0; c < classes; c++) {
                int row = c * tile;
                for (int j = 0; j < tile; j++) {
                    double v = e[row + j];
                    double dv = gap[row + j] * v;
                    a0[j] += v;
                    a1[j] += dv;
                    a2[j] += gap[row + j] * dv;
                    e[row + j] = v < FLUSH ? 0 : v * v;
                }
            }
        }

        /** A NaN or infinite logit makes its pixel's largest one so (a NaN never wins a comparison: checked as well). */
        private void requireFinite(int p0, int len) {
            float[] z = b.logits();
            for (int j = 0; j < len; j++) {
                boolean finite = Double.isFinite(max[j]);
                int plane = (p0 + j) / hw * classes * hw + (p0 + j) % hw;
                for (int c = 0; finite && c < classes; c++) {
                    finite = Float.isFinite(z[plane + c * hw]);
                }
                if (!finite) {
                    throw nonFinite(p0 + j);
                }
            }
        }

        private InputException nonFinite(int p) {
            return InputException.of(b.logitsSource(), "non-finite logits (NaN or infinity) at " + PixelPosition.ofFlat(p, b.height(), b.width()));
        }

        /** The tile's labels, -1 where ignored, and the labelled pixels' places; without a branch on the ignore index ({@link IgnoreTest}). */
        private void readLabels(int p0, int len) {
            int[] labels = b.labels();
            int n = 0;
            for (int j = 0; j < len; j++) {
                int y = labels[p0 + j];
                int ignored = ignore.ignored(y);
                if ((outside(y, classes) & (ignored ^ 1)) != 0) {
                    throw labelOutside(b, p0 + j, ignoreIndex);
                }
                label[j] = y | -ignored;
                labelled[n] = j;
                n += ignored ^ 1;
            }
            labelledCount = n;
        }

        private void addPixels(int len) {
            TemperatureProfile p = sums.profile;
            for (int k = 0; k < TemperatureProfile.POINTS; k++) {
                for (int i = 0; i < labelledCount; i++) {
                    int j = labelled[i];
                    double inv = 1 / s0[k][j];
                    double mean = s1[k][j] * inv;
                    p.meanGap[k] += mean;
                    p.variance[k] += s2[k][j] * inv - mean * mean;
                    partition[k].multiply(s0[k][j]);
                }
            }
            addBins(len, true);
        }

        /**
         * The tile's labelled pixels into the profile's count and Σ (z_y - z_max); where {@link #binned},
         * into the top-label bins and the fine histogram too, and with {@code classwise} each class's bins.
         */
        private void addBins(int len, boolean classwise) {
            TemperatureProfile p = sums.profile;
            for (int i = 0; i < labelledCount; i++) {
                p.labelGap += labelGap[labelled[i]];
            }
            p.pixels += labelledCount;
            if (!binned) {
                return;
            }
            if (sums.positive) {
                addPositives(len);
                return;
            }
            for (int i = 0; i < labelledCount; i++) {
                int j = labelled[i];
                int y = label[j];
                double hit = arg[j] == y ? 1 : 0;
                double inv = 1 / s0[TemperatureProfile.AT_ONE][j];
                sums.top.add(inv, hit);
                sums.fine.add(inv, others[j] * inv, hit);
                for (int c = 0; classwise && c < classes; c++) {
                    sums.classwise[c].add(atOne[c * tile + j] * inv, y == c ? 1 : 0);
                }
            }
        }

        /**
         * A sigmoid channel's elements as two classes, logits 0 and z: P(y = 1) is 1/S0 where class 1 is
         * the larger (z > 0), else the other's share; the outcome is the target. The classwise bins are
         * the caller's (one channel's top bins).
         */
        private void addPositives(int len) {
            for (int i = 0; i < labelledCount; i++) {
                int j = labelled[i];
                int y = label[j];
                boolean oneLarger = arg[j] == 1;
                double inv = 1 / s0[TemperatureProfile.AT_ONE][j];
                sums.top.add(oneLarger ? inv : 1 - inv, y);
                double share = others[j] * inv; // the smaller class's probability, kept to its last digits
                sums.fine.add(oneLarger ? inv : share, oneLarger ? share : inv, y);
            }
        }
    }

    /**
     * Σ log x over many x ≥ 1 as one running product, its exponent taken out before it overflows: one
     * log at the end, not one per x. Each x at most 2^512 (a product of a few pixels' S0, or another's).
     */
    static final class LogProduct {
        private double product = 1;
        private long exponent;

        void multiply(double x) {
            product *= x;
            if (product > 0x1p500) {
                int e = Math.getExponent(product); // at most 1012 (x under 2^512): 2^-e is a normal double
                exponent += e;
                product *= Double.longBitsToDouble((long) (Double.MAX_EXPONENT - e) << 52); // Math.scalb is no intrinsic: 4 % of a pass
            }
        }

        /** Another product's factors: both are at least 1 and under 2^500 here, so their product stays finite. */
        void multiply(LogProduct o) {
            exponent += o.exponent;
            multiply(o.product);
        }

        double log() {
            return Math.log(product) + exponent * Math.log(2);
        }
    }
}
