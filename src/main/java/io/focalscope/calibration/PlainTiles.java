package io.focalscope.calibration;

import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.PixelPosition;
import io.focalscope.loss.cpu.ScalarFloats;
import io.focalscope.calibration.TemperatureSearch.Point;
import java.util.List;
import java.util.stream.IntStream;

/**
 * One batch's passes in plain float code, for {@link BatchCalibration} and a dataset image's
 * ({@link CalibrationSums#start}, {@link CalibrationSums#of}): at T = 1 the bins, the
 * confidences and the NLL with its derivatives in β = 1/T; at any other β the NLL's derivatives
 * and each pixel's softmax moments, from which the bins at a nearby β follow. Plain loops, because
 * a process runs them once: the Vector API's code ({@link FloatChain}) ran uncompiled for most of
 * its first pass at 19 x 1024 x 2048 and took C2 about 0.9 s to compile on this 2-core machine, so
 * `compute --calibration` took 40-60 % longer than `compute`; C2 has these loops compiled within
 * about 0.1 s of the pass's start (docs/calibration.md). Sums per pixel in float, as the vector
 * pass's (about 1e-7 relative with tens of classes: a float sum of C terms loses about √C float
 * steps), the pixels' in double.
 */
final class PlainTiles {

    /**
     * Pixels per tile: 64, 16 with more than 256 classes, so that the tile's class values (its exps,
     * 4 bytes each) stay in the caches between the class loop and the pixel loops.
     */
    static int tileFor(int classes) {
        return classes <= 256 ? 64 : 16;
    }

    private final int tile;
    /** The tile in hand: its first logit (class 0's) and its first pixel. */
    private int planes;
    private int p0;

    private final SegmentationBatch b;
    private final Integer ignoreIndex;
    private final IgnoreTest ignore;
    private final int classes;
    private final int hw;
    private final float[] z;
    private final int[] labels;
    private final float[] max;
    private final int[] arg;
    private final int[] label;
    private final int[] labelled;
    private final float[] s0;
    private final float[] s1;
    private final float[] s2;
    private final float[] s3;
    private final float[] s4;
    /** At T = 1: Σ_c d_c for the slope at β = 0, Σ exp(d_c) over the classes but the largest, and each exp(d_c). */
    private final float[] gapSum;
    private final float[] others;
    /** At T = 1: 1/S0 and S0/B for the labelled pixels (where p_k = exp(d_k)/S0 leaves the first bin), 0 and ∞ for the others. */
    private final float[] inverse;
    private final float[] firstBinEnd;
    private final float[] exps;

    private PlainTiles(SegmentationBatch b, Integer ignoreIndex) {
        this.b = b;
        this.ignoreIndex = ignoreIndex;
        ignore = new IgnoreTest(ignoreIndex);
        classes = b.classes();
        hw = b.height() * b.width();
        z = b.logits();
        labels = b.labels();
        tile = tileFor(classes);
        max = new float[tile];
        arg = new int[tile];
        label = new int[tile];
        labelled = new int[tile];
        s0 = new float[tile];
        s1 = new float[tile];
        s2 = new float[tile];
        s3 = new float[tile];
        s4 = new float[tile];
        gapSum = new float[tile];
        others = new float[tile];
        inverse = new float[tile];
        firstBinEnd = new float[tile];
        exps = new float[classes * tile];
    }

    /**
     * The pass at T = 1: the top-label bins, each class's, the fine histogram and the NLL's derivatives
     * ({@link NllAtOne}) into {@code sums}; with one batch's {@code keys} and {@code moments} (null for
     * an image of a dataset), the confidences into the keys, each labelled pixel's outcome and moments
     * into the moments.
     *
     * @throws InputException a label outside the classes (not the ignore index), or non-finite logits, naming the file and pixel
     */
    static void atOne(SegmentationBatch b, Integer ignoreIndex, CalibrationSums sums, ConfidenceKeys keys, PixelMoments moments) {
        addAtOne(sums, List.of(run(b, ignoreIndex, (tiles, from, to) -> tiles.firstPart(from, to, sums, keys, moments))));
    }

    /**
     * The pass at T = 1 of an image of a dataset in parts that threads take in turn ({@link
     * SharedParts}); {@link #addAtOne} puts their totals into {@code sums}.
     */
    static SharedParts<Totals> atOneParts(SegmentationBatch b, Integer ignoreIndex, CalibrationSums sums) {
        Split split = new Split(b);
        return new SharedParts<>(split.parts, p -> new PlainTiles(b, ignoreIndex).firstPart(split.from(p), split.to(p), sums, null, null));
    }

    /** Parts' totals of the pass at T = 1 into the sums, in the order given. */
    static void addAtOne(CalibrationSums sums, List<Totals> parts) {
        for (Totals t : parts) {
            sums.merge(t.sums);
            sums.atOne.merge(t.nll);
            sums.atOne.logPartition += t.partition.log();
        }
    }

    /** Tiles {@code from} to {@code to} at T = 1 into fresh totals shaped as {@code like}. */
    private Totals firstPart(int from, int to, CalibrationSums like, ConfidenceKeys keys, PixelMoments moments) {
        Totals part = new Totals(like.emptyLike());
        for (int index = from; index < to; index++) {
            first(index, part, keys, moments);
        }
        for (int c = 0; c < part.lowCount.length; c++) {
            part.sums.classwise[c].addBin(0, part.lowCount[c], part.lowConfidence[c], part.lowHits[c]);
        }
        return part;
    }

    /** A pass at β: the NLL's point, and each labelled pixel's confidence and moments into {@code moments}. */
    static Point at(SegmentationBatch b, Integer ignoreIndex, double beta, PixelMoments moments) {
        float at = (float) beta; // the sums are at the float β: so is the point
        return run(b, ignoreIndex, (tiles, from, to) -> {
            Totals part = new Totals(null);
            for (int index = from; index < to; index++) {
                tiles.at(index, at, part, moments);
            }
            return part;
        }).point(at);
    }

    private interface Part {
        Totals run(PlainTiles tiles, int fromTile, int toTile);
    }

    /** Tiles on the common pool's threads, a share each, their totals merged. */
    private static Totals run(SegmentationBatch b, Integer ignoreIndex, Part part) {
        Split split = new Split(b);
        return IntStream.range(0, split.parts).parallel()
                .mapToObj(p -> part.run(new PlainTiles(b, ignoreIndex), split.from(p), split.to(p)))
                .reduce(Totals::merge).orElseThrow();
    }

    /** A batch's tiles, counted across its samples, in parts of about equal size: four a core, at least 16 tiles each. */
    private static final class Split {
        final int tiles;
        final int parts;

        Split(SegmentationBatch b) {
            int size = tileFor(b.classes());
            int tilesPerSample = (b.height() * b.width() + size - 1) / size;
            tiles = b.samples() * tilesPerSample;
            parts = Math.max(1, Math.min(4 * Runtime.getRuntime().availableProcessors(), tiles / 16));
        }

        int from(int part) {
            return (int) ((long) tiles * part / parts);
        }

        int to(int part) {
            return (int) ((long) tiles * (part + 1) / parts);
        }
    }

    /** One thread's sums over its labelled pixels. */
    static final class Totals {
        final CalibrationSums sums;
        /** Each class's first bin of the classwise bins, added to {@link #sums} at the part's end. */
        final double[] lowCount;
        final double[] lowConfidence;
        final double[] lowHits;
        /** Σ S0 as a product (its log is summed once a part is done); the other sums of the NLL's derivatives. */
        final CalibrationPass.LogProduct partition = new CalibrationPass.LogProduct();
        final NllAtOne nll = new NllAtOne();

        Totals(CalibrationSums sums) {
            this.sums = sums;
            int classes = sums == null ? 0 : sums.classes();
            lowCount = new double[classes];
            lowConfidence = new double[classes];
            lowHits = new double[classes];
        }

        Totals merge(Totals o) {
            if (sums != null) {
                sums.merge(o.sums);
            }
            partition.multiply(o.partition);
            nll.merge(o.nll);
            return this;
        }

        /** Σ log S0 - β Σ (z_y - z_max), over the pixels; the derivatives are sums of the softmax's cumulants. */
        Point point(double beta) {
            double n = nll.pixels;
            return new Point(beta, (partition.log() - beta * nll.labelGap) / n, nll.slope / n, nll.curvature / n, nll.third / n,
                    nll.fourth / n);
        }
    }

    private void first(int index, Totals t, ConfidenceKeys keys, PixelMoments moments) {
        int len = locate(index);
        int n = readLabels(len);
        maxima(len);
        sums(len, 1f, true);
        requireFinite(len);
        outcomes(n, t, keys, moments);
        classwise(len, n, t);
        add(n, t, moments);
    }

    /**
     * The labelled pixels into the top-label bins, the fine histogram, the keys and the outcomes.
     * Each loop is a method of its own, so that the JIT compiles it on its own as soon as it is hot:
     * inlined into one tile's method, the whole was compiled last, after about 0.4 s of the pass.
     */
    private void outcomes(int n, Totals t, ConfidenceKeys keys, PixelMoments moments) {
        java.util.Arrays.fill(inverse, 0f);
        java.util.Arrays.fill(firstBinEnd, Float.POSITIVE_INFINITY);
        float bins = t.sums.bins();
        for (int i = 0; i < n; i++) {
            int j = labelled[i];
            int y = label[j];
            double inv = 1 / (double) s0[j];
            inverse[j] = (float) inv;
            firstBinEnd[j] = s0[j] / bins;
            t.lowHits[y]++;
            boolean right = arg[j] == y;
            double hit = right ? 1 : 0;
            double q = others[j] * inv; // 1 - c with its digits where c is near 1
            t.sums.top.add(inv, hit);
            t.sums.fine.add(inv, q, hit);
            if (keys != null) {
                keys.put(p0 + j, inv, q, right);
                moments.outcome(p0 + j, right);
            }
            t.nll.slopeAtZero += gapSum[j] / classes - ((double) z[planes + y * hw + j] - max[j]);
        }
    }

    /**
     * Each class's bins of p_k against (label == k). Nearly every p_k of all classes but one or two
     * falls in the first bin (p_k < 1/B), whose count and hits are the labelled pixels' less those of
     * the others: a value costs one multiply-add and one test, and only a p_k past the first bin is
     * binned one by one, and taken off the first bin's sums.
     */
    private void classwise(int len, int n, Totals t) {
        for (int c = 0; c < classes; c++) {
            float confidence = 0;
            for (int j = 0; j < len; j++) {
                float e = exps[c * tile + j];
                confidence += e * inverse[j]; // 0 for an ignored pixel
                if (e >= firstBinEnd[j]) { // ∞ for an ignored pixel
                    pastFirstBin(c, j, t);
                }
            }
            t.lowConfidence[c] += confidence;
            t.lowCount[c] += n;
        }
    }

    private void pastFirstBin(int c, int j, Totals t) {
        float p = exps[c * tile + j] * inverse[j];
        double yes = label[j] == c ? 1 : 0;
        t.sums.classwise[c].add(p, yes);
        t.lowConfidence[c] -= p;
        t.lowCount[c]--;
        t.lowHits[c] -= yes;
    }

    private void at(int index, float beta, Totals t, PixelMoments moments) {
        int len = locate(index);
        int n = readLabels(len);
        maxima(len);
        sums(len, beta, false);
        requireFinite(len);
        add(n, t, moments);
    }

    /** The labelled pixels' NLL terms and cumulants of d into the totals, and with {@code moments} each one's. */
    private void add(int n, Totals t, PixelMoments moments) {
        double partition = 1; // 16 pixels' S0 multiplied out: each at most the class count, under 2^31, so under 2^496
        double labelGap = 0;
        double slope = 0;
        double curvature = 0;
        double third = 0;
        double fourth = 0;
        for (int i = 0; i < n; i++) {
            int j = labelled[i];
            double inv = 1 / (double) s0[j];
            double m = s1[j] * inv;
            double e2 = s2[j] * inv;
            double e3 = s3[j] * inv;
            double mm = m * m;
            double v = e2 - mm;
            double k3 = e3 - 3 * m * e2 + 2 * mm * m;
            double gap = (double) z[planes + label[j] * hw + j] - max[j];
            partition *= s0[j];
            if ((i & 15) == 15) {
                t.partition.multiply(partition);
                partition = 1;
            }
            labelGap += gap;
            slope += m - gap;
            curvature += v;
            third += k3;
            fourth += s4[j] * inv - 4 * m * e3 + 6 * mm * e2 - 3 * mm * mm - 3 * v * v;
            if (moments != null) {
                moments.put(p0 + j, inv, m, v, k3);
            }
        }
        t.partition.multiply(partition);
        t.nll.labelGap += labelGap;
        t.nll.slope += slope;
        t.nll.curvature += curvature;
        t.nll.third += third;
        t.nll.fourth += fourth;
        t.nll.pixels += n;
    }

    /** Makes a tile the one in hand ({@link #planes}, {@link #p0}), of the batch's tiles counted across its samples; its length. */
    private int locate(int index) {
        int tilesPerSample = (hw + tile - 1) / tile;
        int sample = index / tilesPerSample;
        int from = index % tilesPerSample * tile;
        planes = sample * classes * hw + from;
        p0 = sample * hw + from;
        return Math.min(tile, hw - from);
    }

    /** The tile's labels, -1 where ignored, and the labelled pixels' places; their count. */
    private int readLabels(int len) {
        int n = 0;
        for (int j = 0; j < len; j++) {
            int y = labels[p0 + j];
            int ignored = ignore.ignored(y);
            if ((CalibrationPass.outside(y, classes) & (ignored ^ 1)) != 0) {
                throw CalibrationPass.labelOutside(b, p0 + j, ignoreIndex);
            }
            label[j] = y | -ignored;
            labelled[n] = j;
            n += ignored ^ 1;
        }
        return n;
    }

    /** Each pixel's largest logit and its class, the first of equal largest. */
    private void maxima(int len) {
        for (int j = 0; j < len; j++) {
            max[j] = z[planes + j];
            arg[j] = 0;
        }
        for (int c = 1; c < classes; c++) {
            int plane = planes + c * hw;
            for (int j = 0; j < len; j++) {
                float v = z[plane + j];
                boolean larger = v > max[j];
                max[j] = larger ? v : max[j];
                arg[j] = larger ? c : arg[j];
            }
        }
    }

    /**
     * Per pixel Σ_c d^k exp(β d), k = 0..4, with d = z_c - z_max; at T = 1 ({@code atOne}, β = 1) also
     * Σ d, Σ exp(d) over the classes but the largest, and each exp(d). One loop for both: the JIT
     * takes the test of {@code atOne} out of it.
     */
    private void sums(int len, float beta, boolean atOne) {
        java.util.Arrays.fill(s0, 0f);
        java.util.Arrays.fill(s1, 0f);
        java.util.Arrays.fill(s2, 0f);
        java.util.Arrays.fill(s3, 0f);
        java.util.Arrays.fill(s4, 0f);
        java.util.Arrays.fill(gapSum, 0f);
        java.util.Arrays.fill(others, 0f);
        for (int c = 0; c < classes; c++) {
            int plane = planes + c * hw;
            for (int j = 0; j < len; j++) {
                float d = z[plane + j] - max[j];
                float e = ScalarFloats.expOfNonPositive(beta * d);
                float de = d * e;
                float dde = d * de;
                float ddde = d * dde;
                s0[j] += e;
                s1[j] += de;
                s2[j] += dde;
                s3[j] += ddde;
                s4[j] = Math.fma(d, ddde, s4[j]);
                if (atOne) {
                    gapSum[j] += d;
                    others[j] += arg[j] == c ? 0f : e;
                    exps[c * tile + j] = e;
                }
            }
        }
    }

    /**
     * A NaN or infinite logit makes some d NaN or infinite, and then Σ d exp(β d) NaN: for a d of -∞,
     * exp is 0 and the product NaN. One test a pixel, not one a value.
     */
    private void requireFinite(int len) {
        boolean finite = true;
        for (int j = 0; j < len; j++) {
            finite &= Float.isFinite(s1[j]);
        }
        if (!finite) {
            throw nonFinite(p0 + firstNonFinite(len));
        }
    }

    private int firstNonFinite(int len) {
        for (int j = 0; j < len; j++) {
            for (int c = 0; c < classes; c++) {
                if (!Float.isFinite(z[planes + c * hw + j] - max[j])) {
                    return j;
                }
            }
        }
        return 0;
    }

    private InputException nonFinite(int p) {
        return InputException.of(b.logitsSource(), "non-finite logits (NaN or infinity) at " + PixelPosition.ofFlat(p, b.height(), b.width()));
    }
}
