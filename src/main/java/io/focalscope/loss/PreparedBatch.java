package io.focalscope.loss;

/**
 * A batch after the expensive part of the loss: see {@link FocalLossEngine}. May hold native
 * buffers: close it when done. Not thread-safe.
 */
public interface PreparedBatch extends AutoCloseable {

    /** Which pixels and elements take part, their classes and the label histogram. */
    Participation participation();

    /** Milliseconds the preparation took. */
    double prepareMillis();

    /** The loss for one setting (its ignore index and activation are the ones this batch was prepared for). */
    LossResult evaluate(LossSettings settings);

    /**
     * A γ step's figures while γ moves, without a pass over the pixels: per class and sample from
     * histograms of -log p_t, the map as a {@link GammaRamp} (see {@link PixelMaps#ramp}); null
     * where the settings cannot be previewed so (evaluate them instead).
     */
    LossResult preview(LossSettings settings);

    /**
     * What a dataset scan keeps of the batch at the settings' term and α: see {@link ImageLossSums}.
     * The class weights and the reduction are applied later, to the dataset.
     */
    ImageLossSums summarize(LossSettings settings);

    /**
     * The reduced loss of the settings' term at each γ (γ- for ASL), from the histogram of
     * {@code -log p_t} per class (made once per batch): within about 3e-4 relative of the exact loss
     * at γ ≤ 5 and exact at γ = 0, with no pass over the pixels (see {@link LogPtHistogram}).
     */
    double[] lossCurve(LossSettings settings, double[] gammas);

    /**
     * Softmax: per pixel p_t, the probability of its label, NaN where the pixel takes no part; null
     * with sigmoid (a pixel has a p_t per channel). Made on first use and kept.
     */
    float[] labelProbability();

    /** Per pixel the arg-max class (the first of equal logits), -1 where the logits are not finite. */
    int[] predicted();

    @Override
    void close();
}
