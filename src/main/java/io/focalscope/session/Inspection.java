package io.focalscope.session;

import io.focalscope.calibration.Calibration;
import io.focalscope.calibration.CalibrationPass;
import io.focalscope.io.InputException;
import io.focalscope.loss.Activation;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Participation;
import io.focalscope.loss.PreparedBatch;
import java.util.Objects;

/**
 * The one route from every front end (the command line's compute, render and bench, the window) to
 * the engine: a dataset and its prepared batch, evaluated for any {@link LossSettings}, preparing
 * the softmax again only when the ignore index changes. Not thread-safe: one thread owns it.
 */
public final class Inspection implements AutoCloseable {

    private final Dataset dataset;
    private final FocalLossEngine engine;
    private PreparedBatch prepared;
    private Activation preparedFor;
    private LossSettings lastSettings;
    private LossResult lastResult;

    public Inspection(Dataset dataset, FocalLossEngine engine) {
        this.dataset = dataset;
        this.engine = engine;
    }

    public Dataset dataset() {
        return dataset;
    }

    public FocalLossEngine engine() {
        return engine;
    }

    /**
     * The figures at these settings: the last evaluation's result where it was at the same settings
     * and nothing was asked of the batch since (the window evaluates a file as it opens it, to refuse
     * bad input before it replaces the open one, and then again to show it: 0.9 s at 19 x 1024 x 2048
     * still cold).
     */
    public LossResult evaluate(LossSettings s) {
        if (s.equals(lastSettings) && lastResult != null) {
            return lastResult;
        }
        LossResult r = prepared(s.ignoreIndex(), s.activation()).evaluate(s);
        lastSettings = s;
        lastResult = r;
        return r;
    }

    /** A γ step's figures and map without a pass over the pixels, or null where these settings cannot be previewed (see {@link PreparedBatch#preview}). */
    public LossResult preview(LossSettings s) {
        forgetLast();
        return prepared(s.ignoreIndex(), s.activation()).preview(s);
    }

    /** The reduced loss at each γ, for the loss-against-γ curve: from the histogram of -log p_t (see {@link PreparedBatch#lossCurve}). */
    public double[] lossCurve(LossSettings s, double[] gammas) {
        forgetLast();
        return prepared(s.ignoreIndex(), s.activation()).lossCurve(s, gammas);
    }

    /**
     * The calibration of the batch's labelled pixels under the settings' ignore index, with its
     * figures after the fitted temperature; with softmax its adaptive ECE exact (see
     * {@link CalibrationPass#batch}).
     *
     * @throws InputException for labels out of range or non-finite logits, naming the file
     */
    public Calibration calibration(LossSettings s, int bins) {
        return CalibrationPass.batch(dataset.batch(), s, bins);
    }

    /** An engine may reuse its buffers for the next request: only the result of the last one is certain to be intact. */
    private void forgetLast() {
        lastSettings = null;
        lastResult = null;
    }

    /**
     * Refuses logits with NaN or infinity (the window draws such pixels; a figure for a script
     * must not quietly leave them out).
     *
     * @throws InputException naming the logits file, the count and the first such pixel
     */
    public void requireFiniteLogits(LossSettings s) {
        Participation part = prepared(s.ignoreIndex(), s.activation()).participation();
        if (part.nonFinite() > 0) {
            throw InputException.nonFiniteLogits(dataset.batch().logitsSource(), part.nonFinite(), part.firstNonFinite());
        }
    }

    private PreparedBatch prepared(Integer ignoreIndex, Activation activation) {
        if (prepared == null || !Objects.equals(prepared.participation().ignoreIndex(), ignoreIndex)
                || preparedFor != activation) {
            PreparedBatch fresh = engine.prepare(dataset.batch(), ignoreIndex, activation);
            close();
            prepared = fresh;
            preparedFor = activation;
        }
        return prepared;
    }

    @Override
    public void close() {
        forgetLast();
        if (prepared != null) {
            prepared.close();
            prepared = null;
        }
    }
}
