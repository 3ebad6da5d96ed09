package io.focalscope.loss;

/**
 * Per class (or row), a histogram of {@code u = -log p_t} over its elements, from which the summed
 * loss of any term, such as focal loss {@code Σ u (1 - e^-u)^γ} at any γ, comes out without the logits: each bin keeps its
 * count and the sum of its u, and the loss is taken at the bin's mean u. Bins are 1/64 of an
 * octave (read off the float's exponent and top six mantissa bits, no logarithm), at most 1.6 %
 * wide, so the loss at γ ≤ 5 is within about 3e-4 relative of the exact sum (the error is
 * second order: (γ+1)γ/2 x the bin's relative variance); at γ = 0 it is exact, as the bin sums
 * are. Where a term is not smooth in u (ASL's clip and floor; FLSD-53's pick of γ, whose scan
 * curve is its one exact point and never comes from here) the bin across the kink is off to first
 * order; the tests hold ASL's curve within 1e-3 of the exact loss. u below 2^-40 and above 2^24 go to one bin each, where the loss is u^(γ+1) (negligible)
 * and u (exact). Histograms of parts of a dataset add up: {@link #add(LogPtHistogram)}.
 */
public final class LogPtHistogram implements java.io.Serializable {

    static final int SUB_BITS = 6;
    static final int MIN_EXPONENT = -40;
    static final int MAX_EXPONENT = 24;
    /** Below, the octave bins, above. */
    public static final int BINS = 2 + ((MAX_EXPONENT - MIN_EXPONENT) << SUB_BITS);
    private static final int FIRST_KEY = (127 + MIN_EXPONENT) << SUB_BITS;
    private static final float LOWEST = Math.scalb(1f, MIN_EXPONENT);
    private static final float HIGHEST = Math.scalb(1f, MAX_EXPONENT);

    private final int classes;
    private final long[] counts;
    private final double[] sums;

    public LogPtHistogram(int classes) {
        this.classes = classes;
        this.counts = new long[classes * BINS];
        this.sums = new double[classes * BINS];
    }

    public int classes() {
        return classes;
    }

    /** Counts one labelled pixel of class c with {@code u = -log p_t >= 0}. */
    public void add(int c, float u) {
        int i = c * BINS + bin(u);
        counts[i]++;
        sums[i] += u;
    }

    /** The bin of u ≥ 0: 0 below 2^-40, then 64 an octave, the last from 2^24 on. */
    static int bin(float u) {
        if (u < LOWEST) {
            return 0;
        }
        if (u >= HIGHEST) {
            return BINS - 1;
        }
        return 1 + (Float.floatToRawIntBits(u) >> (23 - SUB_BITS)) - FIRST_KEY;
    }

    /** Adds another histogram of the same classes to this one. */
    public void add(LogPtHistogram other) {
        if (other.classes != classes) {
            throw new IllegalArgumentException("histograms of " + classes + " and " + other.classes + " classes");
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
            sums[i] += other.sums[i];
        }
    }

    /** Labelled pixels of class c. */
    public long count(int c) {
        long n = 0;
        for (int b = 0; b < BINS; b++) {
            n += counts[c * BINS + b];
        }
        return n;
    }

    /**
     * The summed loss of a term over every row, each row's elements of one weight: a row per class,
     * and with sigmoid a row per class of negative targets after them.
     *
     * @param rowWeights each row's α
     * @param classes    the rows of positive targets (every row with softmax)
     */
    public double termSum(LossTerm term, double[] rowWeights, int classes) {
        double sum = 0;
        for (int row = 0; row < rowWeights.length; row++) {
            sum += termSum(row, term.side(row < classes), rowWeights[row]);
        }
        return sum;
    }

    /**
     * The summed loss of a term over row r's elements, each of weight α, {@code Σ (α A(u) + B(u))},
     * each bin's elements taken at its mean u; exact for cross-entropy, whose sum is the bins' sums.
     */
    public double termSum(int r, ElementTerm term, double alpha) {
        boolean crossEntropy = term.unmodulated() && !term.shifts() && !term.floors();
        double total = 0;
        for (int b = r * BINS, end = b + BINS; b < end; b++) {
            long n = counts[b];
            if (n > 0) {
                double u = sums[b] / n;
                double logOneMinus = ElementTerm.logOneMinus(u);
                double weighted = crossEntropy ? sums[b] : n * term.weighted(u, logOneMinus);
                total += (alpha == 0 ? 0 : alpha * weighted) + (term.adds() ? n * term.added(u, logOneMinus) : 0);
            }
        }
        return total;
    }
}
