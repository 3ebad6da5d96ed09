package io.focalscope.render;

import java.util.stream.IntStream;

/**
 * The automatic colour range of a map: from the 0.5th to the 99.9th percentile (or others) of the values
 * shown (finite, labelled, not hidden; positive on a log scale), so that a few extreme pixels (a
 * mislabelled patch with losses of 100) take the "over" colour instead of squeezing every other
 * value into the colormap's first shades. One pass, no sort: a histogram over the floats' own
 * order (sign, exponent and the mantissa's top 4 bits, so 16 bins to each power of two, about 4 %
 * wide), its percentile bins clamped to the values' ends; on maps of over 262,144 pixels, of a
 * regular sample of them ({@link #EXACT}).
 */
final class RobustRange {

    /**
     * A map of more pixels than this is sampled: every {@link #STRIDE}-th pixel of each row, from a
     * column that moves from row to row (so that no thin vertical structure is missed), which
     * reads one value a cache line. Percentiles of 130,000 values of a Cityscapes map are as good
     * as of all 2 million (the bins are 4 % wide), at a sixteenth of the memory traffic, paid at
     * every γ. The range's ends are then the sample's.
     */
    static final int EXACT = 1 << 18;
    static final int STRIDE = 16;

    /** Keys of 13 bits: the sign, the 8 exponent bits and 4 of the mantissa. */
    static final int BINS = 1 << 13;
    private static final int SHIFT = 19;

    private RobustRange() {
    }

    /**
     * The range between two percentiles of the shown values, and their whole extent.
     *
     * @param robust from the low to the high percentile (clamped to the values' exact ends)
     * @param full   from the smallest to the largest value: what a range slider spans
     */
    record Spread(Range robust, Range full) {
    }

    /**
     * Which pixels of a sample are shown: labelled (not the ignore index), with finite logits
     * (predicted class ≥ 0), of a class not hidden.
     *
     * @param offset pixel i of the sample is {@code labels[offset + i]}
     * @param hidden by class; labels outside it are not hidden
     */
    record ShownPixels(int[] labels, int[] predicted, int offset, int ignore, boolean[] hidden) {
    }

    /** Between the default percentiles (0.5 and 99.9). */
    static Range of(float[] values, int offset, int width, int height, ShownPixels shown, Scale scale) {
        Spread s = of(values, offset, width, height, shown, scale, ViewState.LOW_PERCENTILE, ViewState.HIGH_PERCENTILE);
        return s == null ? null : s.robust();
    }

    /**
     * @param values pixel i of the map is {@code values[offset + i]}, for i in [0, width x height)
     * @param lowPercentile  and {@code highPercentile}: in percent, 0 to 100
     * @return null where no pixel has a value the scale can show
     */
    static Spread of(float[] values, int offset, int width, int height, ShownPixels shown, Scale scale,
                     double lowPercentile, double highPercentile) {
        boolean log = scale == Scale.LOG;
        int stride = (long) width * height > EXACT ? STRIDE : 1;
        Counts counts = IntStream.range(0, 2).parallel()
                .mapToObj(half -> count(values, offset, width, half * height / 2, (half + 1) * height / 2, stride, shown, log))
                .reduce(Counts::plus).orElseThrow();
        if (counts.total == 0) {
            return null;
        }
        int lowBin = binOfRank(counts.histogram, (long) Math.floor(lowPercentile / 100 * (counts.total - 1)));
        int highBin = binOfRank(counts.histogram, (long) Math.ceil(highPercentile / 100 * (counts.total - 1)));
        double min = valueOf(counts.minKey);
        double max = valueOf(counts.maxKey);
        double lo = Math.max(min, lowest(lowBin));
        double hi = Math.min(max, lowest(highBin + 1));
        Range full = new Range(min, max);
        return new Spread(hi > lo ? new Range(lo, hi) : full, full);
    }

    /**
     * The histogram of rows [fromRow, toRow), every {@code stride}-th pixel of a row, written out
     * rather than through a predicate, the ends kept as the floats' ordered keys (an int min and
     * max, not a float compare): this runs at every γ.
     */
    private static Counts count(float[] values, int offset, int width, int fromRow, int toRow, int stride, ShownPixels shown,
                                boolean log) {
        Counts c = new Counts();
        int[] labels = shown.labels();
        int[] predicted = shown.predicted();
        boolean[] hidden = shown.hidden();
        int ignore = shown.ignore();
        int base = shown.offset();
        int[] histogram = c.histogram;
        int minKey = Integer.MAX_VALUE;
        int maxKey = Integer.MIN_VALUE;
        long total = 0;
        for (int y = fromRow; y < toRow; y++) {
            int rowEnd = (y + 1) * width;
            for (int i = y * width + (y * 7) % stride; i < rowEnd; i += stride) { // 7 and 16 share no factor
                float v = values[offset + i];
                int label = labels[base + i];
                // NaN and ±infinity have no place on a scale
                if (v - v == 0 && (!log || v > 0) && label != ignore && predicted[base + i] >= 0
                        && (label < 0 || label >= hidden.length || !hidden[label])) {
                    int key = ordered(Float.floatToRawIntBits(v));
                    histogram[(key >> SHIFT) + BINS / 2]++;
                    minKey = Math.min(minKey, key);
                    maxKey = Math.max(maxKey, key);
                    total++;
                }
            }
        }
        c.minKey = minKey;
        c.maxKey = maxKey;
        c.total = total;
        return c;
    }

    private static final class Counts {
        final int[] histogram = new int[BINS];
        int minKey = Integer.MAX_VALUE;
        int maxKey = Integer.MIN_VALUE;
        long total;

        Counts plus(Counts o) {
            for (int k = 0; k < BINS; k++) {
                histogram[k] += o.histogram[k];
            }
            minKey = Math.min(minKey, o.minKey);
            maxKey = Math.max(maxKey, o.maxKey);
            total += o.total;
            return this;
        }
    }

    /** The float of an ordered key (the mirror of {@link #ordered} is itself). */
    private static double valueOf(int key) {
        return Float.intBitsToFloat(ordered(key));
    }

    /** The float's bits as an int that orders as the floats do (negative floats mirrored). */
    private static int ordered(int bits) {
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    static int bin(float v) {
        return (ordered(Float.floatToRawIntBits(v)) >> SHIFT) + BINS / 2;
    }

    /** The smallest float of a bin. */
    static double lowest(int bin) {
        return valueOf((bin - BINS / 2) << SHIFT);
    }

    private static int binOfRank(int[] histogram, long rank) {
        long seen = 0;
        for (int k = 0; k < histogram.length; k++) {
            seen += histogram[k];
            if (seen > rank) {
                return k;
            }
        }
        return histogram.length - 1;
    }
}
