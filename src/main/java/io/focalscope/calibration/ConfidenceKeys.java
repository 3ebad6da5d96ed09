package io.focalscope.calibration;

import java.util.Arrays;

/**
 * One batch's pixels in the order of the {@link ConfidenceHistogram}, kept so that its adaptive
 * ECE is exact: the pixels of a bucket that a group's end cuts are sorted, the other buckets go
 * whole into one group. From the histogram alone a cut bucket is shared in proportion, which is
 * off by up to the bucket's share of the pixels where their outcomes change within its 0.1 %: a
 * smooth ramp of confidences across a label's edge gave 0.21 against the definition's 0.48.
 * Nine bytes a pixel (18 MB at 1024 x 2048); a dataset's scan keeps none.
 */
final class ConfidenceKeys {

    /** c where c < 1/2, else -(1 - c), which keeps the digits of confidences near 1; NaN where the pixel is not counted. */
    private final double[] key;
    private final boolean[] hit;

    ConfidenceKeys(int pixels) {
        key = new double[pixels];
        hit = new boolean[pixels];
        Arrays.fill(key, Double.NaN);
    }

    /** As {@link ConfidenceHistogram#add}: the confidence, 1 - c with its digits, and the outcome. */
    void put(int pixel, double c, double q, boolean correct) {
        key[pixel] = c < 0.5 ? c : -q;
        hit[pixel] = correct;
    }

    /** The bucket a key falls in, the one {@link ConfidenceHistogram#bucketOf} gave its pixel. */
    static int bucketOf(double key) {
        boolean upper = Double.doubleToRawLongBits(key) < 0; // -0.0 too: c exactly 1
        return upper ? ConfidenceHistogram.BUCKETS - 1 - ConfidenceHistogram.fromEnd(-key) : ConfidenceHistogram.fromEnd(key);
    }

    /**
     * The pixels of the given buckets, each bucket's sorted by confidence.
     *
     * @param slot   for each bucket its index in the result, -1 for a bucket not wanted
     * @param counts each wanted bucket's pixel count, as the histogram has it
     * @return null where a bucket's pixels do not number what the histogram counted (not the same pass)
     */
    Sorted[] sorted(int[] slot, int[] counts) {
        double[][] keys = new double[counts.length][];
        boolean[][] hits = new boolean[counts.length][];
        int[] filled = new int[counts.length];
        for (int s = 0; s < counts.length; s++) {
            keys[s] = new double[counts[s]];
            hits[s] = new boolean[counts[s]];
        }
        for (int p = 0; p < key.length; p++) {
            double k = key[p];
            if (Double.isNaN(k)) {
                continue;
            }
            int s = slot[bucketOf(k)];
            if (s >= 0) {
                if (filled[s] == counts[s]) {
                    return null;
                }
                keys[s][filled[s]] = k;
                hits[s][filled[s]++] = hit[p];
            }
        }
        Sorted[] out = new Sorted[counts.length];
        for (int s = 0; s < counts.length; s++) {
            if (filled[s] != counts[s]) {
                return null;
            }
            out[s] = new Sorted(keys[s], hits[s]);
        }
        return out;
    }

    /**
     * A bucket's pixels in ascending confidence, with running sums: the sums up to any position, a
     * run of equal confidences shared in proportion where the position falls inside it (the
     * definition leaves their order open).
     */
    static final class Sorted {
        private final double[] keys;
        private final double[] confidenceBefore;
        private final double[] hitsBefore;

        Sorted(double[] keys, boolean[] hits) {
            int n = keys.length;
            int correct = 0;
            for (boolean h : hits) {
                correct += h ? 1 : 0;
            }
            // the correct and the wrong apart, each sorted as primitives, then merged: where keys are
            // equal their order is open (shared in proportion below)
            double[] right = new double[correct];
            double[] wrong = new double[n - correct];
            for (int i = 0, r = 0, w = 0; i < n; i++) {
                if (hits[i]) {
                    right[r++] = keys[i];
                } else {
                    wrong[w++] = keys[i];
                }
            }
            Arrays.sort(right);
            Arrays.sort(wrong);
            this.keys = new double[n];
            confidenceBefore = new double[n + 1];
            hitsBefore = new double[n + 1];
            for (int i = 0, r = 0, w = 0; i < n; i++) {
                boolean takeRight = w == wrong.length || r < right.length && Double.compare(right[r], wrong[w]) <= 0;
                double k = takeRight ? right[r++] : wrong[w++];
                this.keys[i] = k;
                confidenceBefore[i + 1] = confidenceBefore[i] + (Double.doubleToRawLongBits(k) < 0 ? 1 + k : k);
                hitsBefore[i + 1] = hitsBefore[i] + (takeRight ? 1 : 0);
            }
        }

        /** Σ c over the first {@code at} pixels. */
        double confidence(double at) {
            return before(confidenceBefore, at);
        }

        /** The correct pixels among the first {@code at}. */
        double hits(double at) {
            return before(hitsBefore, at);
        }

        private double before(double[] sums, double at) {
            int x = (int) at;
            if (x <= 0 || x >= keys.length || keys[x - 1] != keys[x]) {
                return sums[Math.max(0, Math.min(x, keys.length))];
            }
            // inside a run of equal confidences [from, to): each of its pixels takes the run's mean
            int from = firstOf(keys[x]);
            int to = firstAbove(keys[x]);
            return sums[from] + (sums[to] - sums[from]) * (x - from) / (to - from);
        }

        private int firstOf(double k) {
            int lo = 0;
            int hi = keys.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (keys[mid] < k) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        private int firstAbove(double k) {
            int lo = 0;
            int hi = keys.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (keys[mid] <= k) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
