package io.focalscope.render;

import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * The automatic colour range of a map: from the 0.5th to the 99.9th percentile of the values
 * shown (finite, labelled, not hidden; positive on a log scale), so that a few extreme pixels (a
 * mislabelled patch with losses of 100) take the "over" colour instead of squeezing every other
 * value into the colormap's first shades. One pass, no sort: a histogram over the floats' own
 * order (sign, exponent and the mantissa's top 4 bits, so 16 bins to each power of two, about 4 %
 * wide), its percentile bins clamped to the values' exact ends.
 */
final class RobustRange {

    static final double LOW = 0.005;
    static final double HIGH = 0.999;
    /** Keys of 13 bits: the sign, the 8 exponent bits and 4 of the mantissa. */
    static final int BINS = 1 << 13;
    private static final int SHIFT = 19;

    private RobustRange() {
    }

    /**
     * @param values pixel i of the map is {@code values[offset + i]}, for i in [0, n)
     * @param shown  whether pixel i is shown (labelled, finite logits, its class not hidden)
     * @return null where no pixel has a value the scale can show
     */
    static Range of(float[] values, int offset, int n, IntPredicate shown, Scale scale) {
        boolean log = scale == Scale.LOG;
        Counts counts = IntStream.range(0, 2).parallel().mapToObj(half -> {
            Counts c = new Counts();
            for (int i = half * n / 2, end = (half + 1) * n / 2; i < end; i++) {
                float v = values[offset + i];
                if (v - v == 0 && (!log || v > 0) && shown.test(i)) { // NaN and ±infinity have no place on a scale
                    c.histogram[bin(v)]++;
                    c.min = Math.min(c.min, v);
                    c.max = Math.max(c.max, v);
                    c.total++;
                }
            }
            return c;
        }).reduce(Counts::plus).orElseThrow();
        if (counts.total == 0) {
            return null;
        }
        int lowBin = binOfRank(counts.histogram, (long) Math.floor(LOW * (counts.total - 1)));
        int highBin = binOfRank(counts.histogram, (long) Math.ceil(HIGH * (counts.total - 1)));
        double lo = Math.max(counts.min, lowest(lowBin));
        double hi = Math.min(counts.max, lowest(highBin + 1));
        return hi > lo ? new Range(lo, hi) : new Range(counts.min, counts.max);
    }

    private static final class Counts {
        final long[] histogram = new long[BINS];
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        long total;

        Counts plus(Counts o) {
            for (int k = 0; k < BINS; k++) {
                histogram[k] += o.histogram[k];
            }
            min = Math.min(min, o.min);
            max = Math.max(max, o.max);
            total += o.total;
            return this;
        }
    }

    /** The float's bits as an int that orders as the floats do (negative floats mirrored). */
    private static int ordered(int bits) {
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    static int bin(float v) {
        return (ordered(Float.floatToRawIntBits(v)) >> SHIFT) + BINS / 2;
    }

    /** The smallest float of a bin (the mirror of {@link #ordered} is itself). */
    static double lowest(int bin) {
        return Float.intBitsToFloat(ordered((bin - BINS / 2) << SHIFT));
    }

    private static int binOfRank(long[] histogram, long rank) {
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
