package io.focalscope.dynamics;

import io.focalscope.io.InputException;
import io.focalscope.loss.PixelOutcomes;
import io.focalscope.numeric.DoubleExp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One image's pixels followed through the epochs, an epoch at a time: per pixel the running mean
 * and sum of squared deviations of p_t (Welford's update, which keeps a steady pixel's variability
 * from cancellation), and in one int the epochs it was predicted right, the times it went from right
 * to wrong, and whether it was right last epoch. 12 bytes a pixel, whatever the number of epochs:
 * float sums (within about E x 6e-8 of double ones, against the maps' float32) and 15-bit counts,
 * since the update is bound by memory traffic (25 bytes a pixel in double and int took 3 ms an epoch
 * at 512 x 1024, a tenth of the epoch).
 */
final class PixelHistory implements PixelOutcomes {

    /** The most epochs the 15-bit counts hold. */
    static final int MAX_EPOCHS = Short.MAX_VALUE;

    // the marks: right count in bits 0..14, forgotten count in 15..29, right last epoch in bit 30
    private static final int RIGHT = 1;
    private static final int FORGOTTEN = 1 << 15;
    private static final int COUNT_BITS = FORGOTTEN - 1;
    private static final int WAS_RIGHT = 1 << 30;

    private final float[] mean;
    private final float[] squares;
    private final int[] marks;
    private final boolean vectors;
    private int epochs;
    private float share;
    private int[] labels;
    private int firstNonFinite;

    PixelHistory(int pixels) {
        this(pixels, DoubleExp.VECTOR_API);
    }

    /** @param vectors whether to update with the Vector API (which a Spark executor may not load) */
    PixelHistory(int pixels, boolean vectors) {
        mean = new float[pixels];
        squares = new float[pixels];
        marks = new int[pixels];
        this.vectors = vectors;
    }

    /** Starts an epoch, whose pixels then come through {@link #accept}. */
    void beginEpoch(int[] epochLabels) {
        if (epochs == MAX_EPOCHS) {
            throw new InputException("dynamics follows at most " + MAX_EPOCHS + " epochs");
        }
        share = 1f / ++epochs;
        labels = epochLabels;
        firstNonFinite = -1;
    }

    /**
     * Adds the epoch's pixels: their p_t (NaN where left out) and arg-max (-1 where the logits are not
     * finite). A vector of pixels at a time where the Vector API is there: one pixel at a time took
     * 2.5 ms an epoch at 512 x 1024, a twelfth of the epoch, against 0.7 ms (JMH, one thread, AVX2).
     */
    @Override
    public void accept(int from, int length, float[] pt, int[] predicted, int offset) {
        int done = vectors ? Lanes.accept(this, from, length, pt, predicted, offset) : 0;
        for (int j = done; j < length; j++) {
            acceptOne(from + j, pt[offset + j], predicted[offset + j]);
        }
    }

    private void acceptOne(int p, float x, int guess) {
        if (guess < 0) {
            noteNonFinite(p);
        }
        if (x != x) {
            return;
        }
        float m = mean[p];
        float delta = x - m;
        float updated = delta * share + m;
        mean[p] = updated;
        squares[p] += delta * (x - updated);
        int was = marks[p];
        boolean now = guess == labels[p];
        marks[p] = (was & ~WAS_RIGHT) + (now ? RIGHT | WAS_RIGHT : 0) + ((was & WAS_RIGHT) != 0 && !now ? FORGOTTEN : 0);
    }

    private void noteNonFinite(int p) {
        if (firstNonFinite < 0 || p < firstNonFinite) {
            firstNonFinite = p;
        }
    }

    /** The epoch's first pixel whose logits are not finite, -1 where none is. */
    int firstNonFinite() {
        return firstNonFinite;
    }

    int pixels() {
        return mean.length;
    }

    double confidence(int p) {
        return mean[p];
    }

    /** The population standard deviation of p_t over the epochs. */
    double variability(int p) {
        return Math.sqrt(Math.max(0, squares[p]) / epochs);
    }

    double correctness(int p) {
        return (double) (marks[p] & COUNT_BITS) / epochs;
    }

    int forgetting(int p) {
        return (marks[p] >>> 15) & COUNT_BITS;
    }

    /** The vector update, in a class of its own so that it loads only where the module is there. */
    private static final class Lanes {

        private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
        private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;

        private Lanes() {
        }

        /**
         * The whole vectors of pixels [from, from + length); returns how many pixels it took. Every lane
         * is computed and the old values blended back where a pixel takes no part: masked stores and
         * mask casts are no intrinsics on AVX2 in Java 17 and boxed each vector (12 MB an epoch).
         */
        static int accept(PixelHistory h, int from, int length, float[] pt, int[] predicted, int offset) {
            int l = F.length();
            FloatVector share = FloatVector.broadcast(F, h.share);
            IntVector none = IntVector.zero(I);
            int j = 0;
            for (; j + l <= length; j += l) {
                int p = from + j;
                FloatVector x = FloatVector.fromArray(F, pt, offset + j);
                VectorMask<Float> takesPart = x.compare(VectorOperators.EQ, x);
                FloatVector m = FloatVector.fromArray(F, h.mean, p);
                FloatVector delta = x.sub(m);
                FloatVector updated = delta.mul(share).add(m);
                m.blend(updated, takesPart).intoArray(h.mean, p);
                FloatVector s = FloatVector.fromArray(F, h.squares, p);
                s.blend(delta.mul(x.sub(updated)).add(s), takesPart).intoArray(h.squares, p);

                IntVector guess = IntVector.fromArray(I, predicted, offset + j);
                if (guess.compare(VectorOperators.LT, 0).anyTrue()) {
                    for (int k = 0; k < l; k++) {
                        if (predicted[offset + j + k] < 0) {
                            h.noteNonFinite(p + k);
                        }
                    }
                }
                // the same lanes as takesPart, from the bits of p_t: not NaN
                VectorMask<Integer> counted = x.reinterpretAsInts().and(0x7fffffff).compare(VectorOperators.LE, 0x7f800000);
                IntVector was = IntVector.fromArray(I, h.marks, p);
                VectorMask<Integer> now = guess.compare(VectorOperators.EQ, IntVector.fromArray(I, h.labels, p));
                VectorMask<Integer> forgot = was.and(WAS_RIGHT).compare(VectorOperators.NE, 0).andNot(now);
                IntVector next = was.and(~WAS_RIGHT).add(none.blend(RIGHT | WAS_RIGHT, now)).add(none.blend(FORGOTTEN, forgot));
                was.blend(next, counted).intoArray(h.marks, p);
            }
            return j;
        }
    }
}
