package io.focalscope.loss;

/**
 * A batch after the expensive part of the loss: see {@link FocalLossEngine}. May hold native
 * buffers: close it when done. Not thread-safe.
 */
public interface PreparedBatch extends AutoCloseable {

    /** Which pixels take part, their classes and the label histogram. */
    Participation participation();

    /** Milliseconds the preparation took. */
    double prepareMillis();

    /** The focal loss for one setting (its ignore index is the one this batch was prepared with). */
    LossResult evaluate(LossSettings settings);

    @Override
    void close();
}
