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
     * What a dataset scan keeps of the batch at the settings' term and α: see {@link ImageLossSums}.
     * The class weights and the reduction are applied later, to the dataset.
     */
    ImageLossSums summarize(LossSettings settings);

    @Override
    void close();
}
