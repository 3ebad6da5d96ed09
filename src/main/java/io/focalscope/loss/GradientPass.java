package io.focalscope.loss;

/**
 * Per pixel, the L2 norm over the logits of the gradient of its loss (weighted, unreduced), for a
 * term and for cross-entropy under the same weights; 0 where a pixel has no element.
 *
 * @param sum             the norms summed over the pixels with elements
 * @param crossEntropySum the same for cross-entropy
 */
public record GradientPass(float[] norm, float[] crossEntropyNorm, double sum, double crossEntropySum) {
}
