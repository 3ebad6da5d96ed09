package io.focalscope.ui.evaluation;

import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.LossTerm;
import io.focalscope.loss.engines.Engines;
import io.focalscope.peers.Peer;
import io.focalscope.peers.PeerLosses;
import io.focalscope.session.Dataset;
import io.focalscope.session.FirstLook;
import io.focalscope.session.Inspection;
import io.focalscope.ui.task.BackgroundTask;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * The worker's side of the inspector: the engine, the open {@link Inspection} (its buffers are
 * reused between evaluations, so one thread owns it) and the loss-against-γ curve kept for the
 * settings it was made with. Only the worker thread calls it.
 */
public final class EngineSession implements AutoCloseable {

    /** γ values of the loss-against-γ curve. */
    public static final double[] CURVE_GAMMAS = IntStream.rangeClosed(0, 20).mapToDouble(i -> i * 0.25).toArray();

    private final String engineName;
    private FocalLossEngine engine;
    private Inspection inspection;
    private Object curveKey;
    private double[] curve;
    private boolean closed;

    /** @param engineName {@code auto}, {@code cpu} or {@code nd4j} (see {@link Engines}) */
    public EngineSession(String engineName) {
        this.engineName = engineName;
    }

    /** Chosen on first use: on a CUDA build the choice asks ND4J, whose first call costs seconds. */
    public synchronized FocalLossEngine engine() {
        if (engine == null) {
            engine = Engines.choose(engineName);
        }
        return engine;
    }

    /**
     * Reads a dataset and prepares its softmax, under the progress bar; it becomes the open one.
     *
     * @return the dataset, or null where the session closed meanwhile
     */
    public Dataset open(String what, Supplier<Dataset> loader, LossSettings settings, BackgroundTask.Progress p) {
        return open(what, loader, settings, p, null);
    }

    /**
     * Reads a dataset and, where it is large, gives a {@link FirstLook} at it before the whole is
     * evaluated; then as {@link #open(String, Supplier, LossSettings, BackgroundTask.Progress)}.
     *
     * @param firstLook takes the look, on this thread (which closes it after), or null for none
     */
    public Dataset open(String what, Supplier<Dataset> loader, LossSettings settings, BackgroundTask.Progress p,
                        Consumer<FirstLook> firstLook) {
        p.update(0.1, "Reading " + what + "…");
        Dataset d = loader.get();
        if (firstLook != null) {
            try (FirstLook look = FirstLook.of(d, settings, engine())) {
                if (look != null) {
                    p.update(0.3, "Drawing a first look at " + look.sampling() + "…");
                    firstLook.accept(look);
                }
            }
        }
        p.update(0.5, "Computing softmax over " + io.focalscope.report.Plural.of(d.batch().pixels(), "pixel") + "…");
        Inspection fresh = new Inspection(d, engine());
        try {
            fresh.evaluate(settings);
        } catch (RuntimeException e) {
            fresh.close();
            throw e;
        }
        if (closed) {
            fresh.close();
            return null;
        }
        if (inspection != null) {
            inspection.close();
        }
        inspection = fresh;
        curveKey = null;
        // what was kept of the last file goes with it (its logits are 160 MB at 19 x 1024 x 2048)
        issuesKey = null;
        issues = null;
        confidenceOf = null;
        confidence = null;
        calibrationKey = null;
        calibration = null;
        p.update(1, "");
        return d;
    }

    /**
     * The figures of the open dataset at these settings and, side by side, at a second γ; null where
     * {@code d} is no longer the open dataset (a newer one is being opened).
     *
     * @param secondGamma null without a second pane
     * @param peer        a library whose loss the second pane shows, or null
     * @param peers       whether to work out every library's loss (the Peers tab is shown)
     * @param preview     whether a preview will do (γ moves and the shown layer can be drawn from one); with
     *                    one pane and no library, and for the settings that can be previewed
     */
    public Evaluation evaluate(Dataset d, LossSettings s, Double secondGamma, Peer peer, boolean peers, boolean preview) {
        if (inspection == null || inspection.dataset() != d) {
            return null;
        }
        LossResult previewed = preview && secondGamma == null && peer == null && !peers ? inspection.preview(s) : null;
        LossResult r = previewed != null ? previewed : inspection.evaluate(s);
        LossResult second = secondGamma == null ? null : inspection.evaluate(s.withGamma(secondGamma));
        Map<Peer, PeerLosses.Value> all = null;
        LossResult peerResult = null;
        // the libraries compute focal loss: they are compared with it (binary and multi-label inputs in their sigmoid modes)
        boolean comparable = s.term() instanceof LossTerm.Focal;
        if (comparable && peers) {
            all = PeerLosses.of(d.batch(), s.gamma(), s.ignoreIndex());
        }
        if (comparable && peer != null) {
            PeerLosses.Value v = all != null ? all.get(peer) : PeerLosses.one(peer, d.batch(), s.gamma(), s.ignoreIndex());
            // a library that cannot be called on these inputs draws no second pane (the Peers tab says why)
            peerResult = v.applicable() ? r.withLoss(v.value(), v.map(), peer.key() + ": " + v.call()) : null;
        }
        // the curve varies the term's γ (γ- for ASL); FLSD-53 varies none, and is drawn as a level over focal loss's curve
        LossSettings curved = s.term().variesGamma() ? s : s.withTerm(new LossTerm.Focal(0));
        Object key = List.of(d, curved.term().withGamma(0), s.weights().describe(), String.valueOf(s.ignoreIndex()), s.reduction(),
                s.activation(), String.valueOf(s.alpha()));
        if (!key.equals(curveKey)) {
            curve = inspection.lossCurve(curved, CURVE_GAMMAS);
            curveKey = key;
        }
        // made here, on the worker that owns the engine's buffers, not at the first hover on the JavaFX thread
        r.maps().modulation(0);
        return new Evaluation(d, s, r, second, CURVE_GAMMAS, curve, peerResult, all);
    }

    /** Regions the Label issues tab lists: enough to scroll through, not every single-pixel one. */
    static final int WINDOW_REGIONS = 1000;
    private Object issuesKey;
    private Object issuesTerm;
    private io.focalscope.labels.LabelIssueSearch.BatchIssues issues;

    /**
     * The open file searched for label issues as a dataset of its own (cleanlab's method, see
     * {@link io.focalscope.labels.LabelIssueSearch}); kept until the file, the ignore index, the
     * weights or the loss term changes.
     *
     * @param termMayDiffer while γ moves: the flags do not depend on it, only the regions' loss does,
     *                      and that waits for the slider's release rather than a search a step
     */
    public io.focalscope.labels.LabelIssueSearch.BatchIssues labelIssues(Dataset d, LossSettings s, boolean termMayDiffer) {
        Object key = List.of(d, String.valueOf(s.ignoreIndex()), s.weights().describe());
        if (!key.equals(issuesKey) || !termMayDiffer && !s.term().equals(issuesTerm)) {
            issues = io.focalscope.labels.LabelIssueSearch.inBatch(d.batch(), d.batch().logitsSource(),
                    new io.focalscope.labels.LabelIssueSearch.Options(s.withoutAsWritten(), 0.1, 1, WINDOW_REGIONS));
            issuesKey = key;
            issuesTerm = s.term();
        }
        return issues;
    }

    private Dataset confidenceOf;
    private float[] confidence;

    /**
     * Each pixel's top-label confidence (max softmax) of the open file, for the confidence layers;
     * kept for the file (the softmax does not depend on the loss settings).
     */
    public float[] confidence(Dataset d) {
        if (d != confidenceOf) {
            confidence = io.focalscope.calibration.CalibrationPass.confidence(d.batch());
            confidenceOf = d;
        }
        return confidence;
    }

    private Object calibrationKey;
    private io.focalscope.calibration.Calibration calibration;

    /**
     * The calibration of the open file ({@link Inspection#calibration}), kept until the file,
     * the ignore index or the bins change: the loss term, γ and the weights do not enter it. Null
     * where {@code d} is no longer the open file.
     *
     * @throws io.focalscope.io.InputException for labels the calibration cannot take
     */
    public io.focalscope.calibration.Calibration calibration(Dataset d, LossSettings s, int bins) {
        if (inspection == null || inspection.dataset() != d) {
            return null;
        }
        Object key = java.util.Arrays.asList(d, s.ignoreIndex(), s.activation(), bins);
        if (!key.equals(calibrationKey)) {
            calibration = inspection.calibration(s, bins);
            calibrationKey = key;
        }
        return calibration;
    }

    /** Frees the open inspection; a dataset still loading is freed as it arrives. */
    @Override
    public void close() {
        closed = true;
        if (inspection != null) {
            inspection.close();
            inspection = null;
        }
    }
}
