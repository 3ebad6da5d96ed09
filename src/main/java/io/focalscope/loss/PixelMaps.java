package io.focalscope.loss;

/**
 * Per-pixel maps of one evaluation, each {@code [N, H, W]} flattened in C order. Losses are 0 at
 * pixels left out (ignored label or non-finite logits); p_t and the modulation are NaN there.
 *
 * @param focal      weighted focal loss, "onehot" form
 * @param focalNll   weighted focal loss, "nll" form
 * @param crossEntropy weighted cross-entropy {@code -α_y log p_t}
 * @param pt         probability of the labelled class
 * @param modulation {@code (1 - p_t)^γ}
 * @param predicted  the arg-max class, -1 where the logits are not finite
 */
public record PixelMaps(int[] shape, float[] focal, float[] focalNll, float[] crossEntropy, float[] pt,
                        float[] modulation, int[] predicted) {
}
