package io.focalscope.loss;

/**
 * Takes each pixel's p_t and arg-max as a pass over a softmax batch goes, a run of pixels at a
 * time, so that training dynamics updates its running figures while the run is in the cache
 * instead of reading whole per-pixel arrays back.
 */
public interface PixelOutcomes {

    /**
     * Pixels {@code [from, from + length)} of the batch: {@code pt[offset + j]} is pixel
     * {@code from + j}'s p_t (NaN where it takes no part) and {@code predicted[offset + j]} its
     * arg-max class (the first of equal logits; -1 where its logits are not finite).
     */
    void accept(int from, int length, float[] pt, int[] predicted, int offset);
}
