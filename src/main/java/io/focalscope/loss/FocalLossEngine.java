package io.focalscope.loss;

import io.focalscope.io.SegmentationBatch;

/**
 * A way to compute the loss terms per element: softmax over the classes, with
 * <pre>
 *   log p_t = log_softmax(z)[y]
 *   l       = -α_y (1 - p_t)^γ log p_t          (focal loss; any {@link LossTerm})
 * </pre>
 * in the two forms of the source post, each on its own path: "nll" picks log p_t from the
 * log-softmax by the label's index (what {@code nll_loss} does) and "onehot" sums the log-softmax
 * under a class mask made by scatter; or a sigmoid per class channel against 0/1 targets. {@link #prepare}
 * does the expensive part once per batch (the softmax or the sigmoids, each element's log p_t and
 * log(1 - p_t), the label histogram); {@link PreparedBatch#evaluate} then costs a pass over a few
 * per-element arrays for each term, γ, weights or reduction.
 *
 * <p>Two implementations: {@code cpu}, a fused kernel in Java, and {@code nd4j}, every step an ND4J
 * op, so that it runs unchanged on ND4J's CUDA backend. {@code Engines} chooses between them.
 */
public interface FocalLossEngine {

    /** {@code cpu} or {@code nd4j}. */
    String id();

    /** What computes and where, for {@code info}, the summary and the JSON {@code backend}. */
    String describe();

    /**
     * Checks the labels against the classes (or the targets, with sigmoid) and the ignore index, finds
     * pixels with non-finite logits, and computes what every later evaluation needs.
     *
     * @param ignoreIndex the label that marks pixels out of the loss, or null for none
     * @throws io.focalscope.io.InputException for labels out of range or a batch without a labelled pixel
     */
    PreparedBatch prepare(SegmentationBatch batch, Integer ignoreIndex, Activation activation);

    /** Softmax: {@link #prepare(SegmentationBatch, Integer, Activation)}. */
    default PreparedBatch prepare(SegmentationBatch batch, Integer ignoreIndex) {
        return prepare(batch, ignoreIndex, Activation.SOFTMAX);
    }

    /**
     * What a dataset scan keeps of a batch ({@link ImageLossSums}) at the settings' term, ignore index
     * and activation (and α; the weights and the reduction are applied later, to the dataset). This
     * general way prepares the batch and sums it; an engine may do it in one pass.
     *
     * @throws io.focalscope.io.InputException as {@link #prepare}
     */
    default ImageLossSums summarize(SegmentationBatch batch, LossSettings s) {
        try (PreparedBatch prepared = prepare(batch, s.ignoreIndex(), s.activation())) {
            return prepared.summarize(s);
        }
    }

    /**
     * What training dynamics keeps of a softmax batch at each epoch: the scan's sums (their histogram
     * may be null), and each pixel's p_t and arg-max handed to {@code outcomes} on the way.
     * This general way prepares the batch and hands over its whole arrays; an engine may do it in
     * the scan's one pass.
     *
     * @param classIndex the labels' class index already made ({@link Participation#classIndex} of these
     *                   labels and the settings' ignore index), or null: a training run's epochs share their labels
     * @throws IllegalArgumentException with sigmoid settings: a pixel has no one p_t
     * @throws io.focalscope.io.InputException as {@link #prepare}
     */
    default ImageLossSums summarize(SegmentationBatch batch, LossSettings s, int[] classIndex, PixelOutcomes outcomes) {
        if (s.sigmoid()) {
            throw new IllegalArgumentException("per-pixel p_t is a softmax figure");
        }
        try (PreparedBatch prepared = prepare(batch, s.ignoreIndex(), s.activation())) {
            ImageLossSums sums = prepared.summarize(s);
            outcomes.accept(0, batch.pixels(), prepared.labelProbability(), prepared.predicted(), 0);
            return sums;
        }
    }
}
