package io.focalscope.calibration;

/**
 * A fine histogram of top-label confidences for the adaptive (equal-count) ECE of a dataset, which
 * would otherwise need every pixel's confidence sorted. Keyed on q = 1 - c on a log scale, 1024
 * buckets an octave (0.1 % of q wide) from 2^-40 up, everything closer to 1 in one bucket: in
 * segmentation most pixels sit just under 1, where equal-width buckets would lump them together.
 * Each bucket keeps its count, summed confidence and summed hits; a group boundary that falls in a
 * bucket shares it in proportion (as pixels of equal confidence share theirs in the exact definition).
 */
final class ConfidenceHistogram implements java.io.Serializable {

    private static final int PER_OCTAVE_BITS = 10;
    private static final int OCTAVES = 40;
    static final int BUCKETS = 1 + (OCTAVES << PER_OCTAVE_BITS);

    private final double[] count = new double[BUCKETS];
    private final double[] confidence = new double[BUCKETS];
    private final double[] hits = new double[BUCKETS];

    /** @param q 1 - c, computed from the other classes' share so that it keeps its digits near c = 1 */
    static int bucketOf(double q) {
        if (!(q >= 0x1p-40)) {
            return 0;
        }
        if (q >= 1) {
            return BUCKETS - 1; // c = 0 (sigmoid's P(y = 1) of a very negative logit): the lowest confidence
        }
        int exponent = Math.getExponent(q); // -40 .. -1, as q < 1
        int mantissa = (int) ((Double.doubleToRawLongBits(q) >>> (52 - PER_OCTAVE_BITS)) & ((1 << PER_OCTAVE_BITS) - 1));
        return 1 + ((Math.min(exponent, -1) + OCTAVES) << PER_OCTAVE_BITS) + mantissa;
    }

    void add(double q, double c, double hit) {
        int b = bucketOf(q);
        count[b]++;
        confidence[b] += c;
        hits[b] += hit;
    }

    void merge(ConfidenceHistogram o) {
        for (int b = 0; b < BUCKETS; b++) {
            count[b] += o.count[b];
            confidence[b] += o.confidence[b];
            hits[b] += o.hits[b];
        }
    }

    /**
     * Σ |accuracy - confidence| · n_g / n over {@code groups} groups of equal count of the confidences
     * in ascending order, group g the pixels ⌊g n / G⌋ to ⌊(g + 1) n / G⌋; NaN where empty.
     */
    double adaptiveEce(int groups) {
        double n = 0;
        for (double c : count) {
            n += c;
        }
        if (n == 0) {
            return Double.NaN;
        }
        double total = 0;
        int g = 0;
        double end = Math.floor(n / groups); // the first group's end, in pixels from the lowest confidence
        double taken = 0;
        double groupCount = 0;
        double groupConfidence = 0;
        double groupHits = 0;
        // ascending confidence is descending q: the highest bucket first
        for (int b = BUCKETS - 1; b >= 0; b--) {
            double left = count[b];
            while (left > 0) {
                double part = Math.min(left, end - taken);
                if (part > 0) {
                    double share = part / count[b];
                    groupCount += part;
                    groupConfidence += confidence[b] * share;
                    groupHits += hits[b] * share;
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
}
