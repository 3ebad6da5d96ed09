package io.focalscope.loss;

import java.util.List;

/**
 * Everything one evaluation of a loss term yields: the settings, the label histogram and
 * weights, both forms' reduced loss and their largest per-pixel difference, the summed loss,
 * cross-entropy under the same weights and reduction, per-class figures, the per-pixel maps and
 * what the source post's own code would have given.
 *
 * @param pixels    labelled pixels (the terms of the loss)
 * @param ignored   pixels whose label is the ignore index
 * @param nonFinite pixels whose logits hold NaN or infinity, left out of every figure
 * @param sampleMeanLoss mean focal loss (onehot form) over each sample's labelled pixels, NaN for a sample without any
 * @param asWritten what the source post's code gives, null where the settings did not ask for it
 * @param backend   the engine and the device that computed it, such as {@code cpu kernel on CPU (...)}
 * @param computeMillis time of this evaluation (the softmax done once before it is not counted)
 * @param activation    softmax, or sigmoid per class channel; with sigmoid both forms' loss are the one
 *                      sigmoid loss, {@code pixels} counts the pixels with a kept channel, {@code counts}
 *                      the positive targets per class, and the per-pixel maps sum over the channels
 * @param alpha         the sigmoid's α, null for none (and with softmax)
 * @param elements      the terms of the loss: labelled pixels (softmax), kept (pixel, channel) elements (sigmoid)
 * @param term          the loss term evaluated ({@code gamma} is its varied γ, NaN for FLSD-53)
 * @param gradient      the mean gradient norms, null where the settings did not ask for them
 * @param perSample     each sample reduced on its own (see {@link SampleFigures}); null where the loss was replaced
 */
public record LossResult(double gamma, Integer ignoreIndex, Reduction reduction, String weightScheme,
                         int classes, long pixels, long ignored, long nonFinite,
                         long[] counts, double[] classWeights, List<String> warnings,
                         double lossNll, double lossOnehot, double maxAbsDiff, double sum, double crossEntropy,
                         List<ClassFigures> perClass, double[] sampleMeanLoss, PixelMaps maps, AsWritten asWritten,
                         String backend, double computeMillis, Activation activation, Double alpha, long elements,
                         LossTerm term, Gradient gradient, List<SampleFigures> perSample) {

    /**
     * Over the pixels with elements, the mean of the per-pixel L2 norm of d(loss)/d(logits), of the
     * term and of cross-entropy under the same weights.
     */
    public record Gradient(double meanNorm, double crossEntropyMeanNorm) {
    }

    /**
     * This evaluation with another loss in place of its focal loss, value and map (a library's
     * convention, drawn beside focalscope's); everything else, the labels and p_t among it, stays.
     */
    public LossResult withLoss(double value, float[] map, String backendNote) {
        return new LossResult(gamma, ignoreIndex, reduction, weightScheme, classes, pixels, ignored, nonFinite, counts,
                classWeights, warnings, value, value, 0, Double.NaN, crossEntropy, perClass, sampleMeanLoss,
                maps.withFocal(map), null, backendNote, computeMillis, activation, alpha, elements, term, null, null);
    }
}
