package io.focalscope.session;

import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossForm;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.PreparedBatch;
import java.util.Objects;

/**
 * A dataset and its prepared batch: evaluates the loss for any settings, preparing the softmax
 * again only when the ignore index changes. Not thread-safe: one worker thread owns it.
 */
public final class Inspection implements AutoCloseable {

    private final Dataset dataset;
    private PreparedBatch prepared;
    private Integer preparedIgnore;

    public Inspection(Dataset dataset) {
        this.dataset = dataset;
    }

    public Dataset dataset() {
        return dataset;
    }

    public LossResult evaluate(LossSettings s) {
        return prepared(s.ignoreIndex()).evaluate(s.gamma(), s.weights(), s.reduction());
    }

    /** The reduced loss of one form at each γ, for the loss-against-γ curve. */
    public double[] lossCurve(LossSettings s, LossForm form, double[] gammas) {
        double[] out = new double[gammas.length];
        for (int i = 0; i < gammas.length; i++) {
            out[i] = form.loss(prepared(s.ignoreIndex()).evaluate(gammas[i], s.weights(), s.reduction()));
        }
        return out;
    }

    private PreparedBatch prepared(Integer ignoreIndex) {
        if (prepared == null || !Objects.equals(preparedIgnore, ignoreIndex)) {
            PreparedBatch fresh = FocalLossEngine.prepare(dataset.batch(), ignoreIndex);
            close();
            prepared = fresh;
            preparedIgnore = ignoreIndex;
        }
        return prepared;
    }

    @Override
    public void close() {
        if (prepared != null) {
            prepared.close();
            prepared = null;
        }
    }
}
