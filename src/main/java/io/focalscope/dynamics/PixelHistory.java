package io.focalscope.dynamics;

import io.focalscope.io.InputException;
import io.focalscope.loss.PixelOutcomes;

/**
 * One image's pixels followed through the epochs, an epoch at a time: per pixel the running mean
 * and sum of squared deviations of p_t (Welford's update, which keeps a steady pixel's variability
 * from cancellation), the epochs it was predicted right, and the times it went from right to wrong.
 * 13 bytes a pixel, whatever the number of epochs: float sums (within about E x 6e-8 of double
 * ones, against the maps' float32) and 16-bit counts, since the update is bound by memory traffic
 * (25 bytes a pixel in double and int took 3 ms an epoch at 512 x 1024, a tenth of the epoch).
 */
final class PixelHistory implements PixelOutcomes {

    /** The most epochs the 16-bit counts hold. */
    static final int MAX_EPOCHS = Short.MAX_VALUE;

    private final float[] mean;
    private final float[] squares;
    private final short[] right;
    private final short[] forgotten;
    private final boolean[] wasRight;
    private int epochs;
    private float share;
    private int[] labels;
    private int firstNonFinite;

    PixelHistory(int pixels) {
        mean = new float[pixels];
        squares = new float[pixels];
        right = new short[pixels];
        forgotten = new short[pixels];
        wasRight = new boolean[pixels];
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

    /** Adds the epoch's pixels: their p_t (NaN where left out) and arg-max (-1 where the logits are not finite). */
    @Override
    public void accept(int from, int length, float[] pt, int[] predicted, int offset) {
        for (int j = 0; j < length; j++) {
            int p = from + j;
            float x = pt[offset + j];
            int guess = predicted[offset + j];
            if (guess < 0 && (firstNonFinite < 0 || p < firstNonFinite)) {
                firstNonFinite = p;
            }
            if (x != x) {
                continue;
            }
            float m = mean[p];
            float delta = x - m;
            m += delta * share;
            mean[p] = m;
            squares[p] += delta * (x - m);
            boolean now = guess == labels[p];
            right[p] += now ? 1 : 0;
            forgotten[p] += wasRight[p] && !now ? 1 : 0;
            wasRight[p] = now;
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
        return (double) right[p] / epochs;
    }

    int forgetting(int p) {
        return forgotten[p];
    }
}
