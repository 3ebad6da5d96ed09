package io.focalscope.calibration;

/**
 * A fine histogram of confidences for the adaptive (equal-count) ECE of a dataset, which would
 * otherwise need every pixel's confidence sorted. On a log scale from each end, 1024 buckets an
 * octave (0.1 % wide): of c below 1/2, and of q = 1 - c from 1/2 down, so that confidences just
 * under 1 (most of a segmentation's pixels) and, with sigmoid, just over 0 (most negatives) are
 * told apart; everything within 2^-40 of either end in one bucket. Each bucket keeps its count,
 * summed confidence and summed hits; a group boundary that falls in a bucket shares it in
 * proportion (as pixels of equal confidence share theirs in the exact definition).
 */
final class ConfidenceHistogram implements java.io.Serializable {

    private static final int PER_OCTAVE_BITS = 10;
    private static final int OCTAVES = 40;
    /** Buckets of one end: 2^-40 and below, then 40 octaves up to 1/2. */
    private static final int HALF = 1 + (OCTAVES << PER_OCTAVE_BITS);
    static final int BUCKETS = 2 * HALF;

    /**
     * Bucket b's count, summed confidence and summed hits at 3b, 3b + 1 and 3b + 2: one cache line a
     * pixel (two for a quarter of the buckets, 24 bytes apart), where three arrays of 0.6 MB each took three misses (one batch's pass at T = 1 at
     * 19 x 1024 x 2048: 2 M pixels in random buckets).
     */
    private final double[] sums = new double[3 * BUCKETS];

    /**
     * The bucket of a confidence, in ascending order of confidence.
     *
     * @param c the confidence, with its digits where it is small
     * @param q 1 - c, computed from the other classes' share so that it keeps its digits where c is near 1
     */
    static int bucketOf(double c, double q) {
        return c < 0.5 ? fromEnd(c) : BUCKETS - 1 - fromEnd(q);
    }

    /**
     * x in [0, 1/2] on a log scale: 0 below 2^-40, then 1024 buckets an octave. Without a branch: the
     * JIT compiles a branch that its profile never saw taken as a trap, and an image's first pixel
     * within 2^-40 of certainty (most images have some, far into the pass) sent the pass's compiled
     * code back to the interpreter until it was compiled again.
     */
    static int fromEnd(double x) {
        // x is never negative nor NaN here (c = 1/S0 and q = others/S0; a non-finite logit is refused
        // before its pixel is binned): those, and x >= 1, would go to the last bucket.
        // A non-negative double's bits rise with it: the biased exponent, then the mantissa's top bits
        long top = (Double.doubleToRawLongBits(x) & Long.MAX_VALUE) >>> (52 - PER_OCTAVE_BITS);
        long bucket = 1 + top - ((long) (Double.MAX_EXPONENT - OCTAVES) << PER_OCTAVE_BITS);
        // clamped to 0 .. HALF - 1 in arithmetic: Math.max of longs is a branch in Java 17 (no intrinsic), and
        // C2 compiled it as a trap, taken at the first pixel within 2^-40 of certainty
        long low = bucket & ~(bucket >> 63);
        long over = low - (HALF - 1);
        return (int) (low - (over & ~(over >> 63)));
    }

    void add(double c, double q, double hit) {
        int b = bucketOf(c, q);
        sums[3 * b]++;
        sums[3 * b + 1] += c;
        sums[3 * b + 2] += hit;
    }

    private double count(int b) {
        return sums[3 * b];
    }

    void merge(ConfidenceHistogram o) {
        for (int i = 0; i < sums.length; i++) { // one plain loop: merged while the JIT is still cold, it took 0.15 s as three
            sums[i] += o.sums[i];
        }
    }

    /**
     * Σ |accuracy - confidence| · n_g / n over {@code groups} groups of equal count of the confidences
     * in ascending order, group g the pixels ⌊g n / G⌋ to ⌊(g + 1) n / G⌋; NaN where empty. A bucket
     * that a group's end cuts is shared in proportion.
     */
    double adaptiveEce(int groups) {
        return adaptiveEce(groups, null);
    }

    /**
     * The same, exact where the pass kept its pixels' {@code keys} (one batch): a cut bucket's pixels
     * sorted. Null keys, or keys of other pixels than these counts, give the shares in proportion.
     */
    double adaptiveEce(int groups, ConfidenceKeys keys) {
        double n = 0;
        for (int b = 0; b < BUCKETS; b++) {
            n += count(b);
        }
        if (n == 0) {
            return Double.NaN;
        }
        int[] slot = keys == null ? null : new int[BUCKETS];
        ConfidenceKeys.Sorted[] cut = keys == null ? null : keys.sorted(slot, cutBuckets(n, groups, slot));
        double total = 0;
        int g = 0;
        double end = Math.floor(n / groups); // the first group's end, in pixels from the lowest confidence
        double taken = 0;
        double groupCount = 0;
        double groupConfidence = 0;
        double groupHits = 0;
        for (int b = 0; b < BUCKETS; b++) {
            double left = count(b);
            while (left > 0) {
                double part = Math.min(left, end - taken);
                if (part > 0) {
                    groupCount += part;
                    if (part == count(b)) {
                        groupConfidence += sums[3 * b + 1];
                        groupHits += sums[3 * b + 2];
                    } else if (cut != null && slot[b] >= 0) {
                        ConfidenceKeys.Sorted in = cut[slot[b]];
                        double from = count(b) - left;
                        groupConfidence += in.confidence(from + part) - in.confidence(from);
                        groupHits += in.hits(from + part) - in.hits(from);
                    } else {
                        double share = part / count(b);
                        groupConfidence += sums[3 * b + 1] * share;
                        groupHits += sums[3 * b + 2] * share;
                    }
                    taken += part;
                    left -= part;
                }
                if (taken >= end) {
                    if (groupCount > 0) {
                        total += Math.abs(groupHits - groupConfidence);
                    }
                    groupCount = groupConfidence = groupHits = 0;
                    g++;
                    if (g >= groups) {
                        return total / n;
                    }
                    end = Math.floor((g + 1) * n / groups);
                }
            }
        }
        if (groupCount > 0) {
            total += Math.abs(groupHits - groupConfidence);
        }
        return total / n;
    }

    /**
     * The buckets that a group's end falls inside (not on their edge), numbered into {@code slot}
     * (-1 for the others).
     *
     * @return each such bucket's count
     */
    private int[] cutBuckets(double n, int groups, int[] slot) {
        java.util.Arrays.fill(slot, -1);
        int[] counts = new int[groups];
        int found = 0;
        double before = 0;
        int g = 1;
        for (int b = 0; b < BUCKETS && g < groups; b++) {
            double after = before + count(b);
            boolean isCut = false;
            while (g < groups && Math.floor(g * n / groups) < after) {
                isCut |= Math.floor(g * n / groups) > before;
                g++;
            }
            if (isCut) {
                slot[b] = found;
                counts[found++] = (int) count(b);
            }
            before = after;
        }
        return java.util.Arrays.copyOf(counts, found);
    }
}
