package io.focalscope.report;

import io.focalscope.loss.Activation;
import io.focalscope.loss.ClassFigures;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.SampleFigures;
import io.focalscope.peers.Peer;
import io.focalscope.peers.PeerLosses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a result. Its keys are a contract that scripts and tests rely on: {@code gamma},
 * {@code ignoreIndex}, {@code classes}, {@code pixels}, {@code ignored}, {@code counts},
 * {@code classWeights}, {@code loss} {nll, onehot}, {@code maxAbsDiff}, {@code sum},
 * {@code crossEntropy}, {@code perClass} [{class, pixels, meanLoss, share}], {@code backend};
 * a few more ({@code reduction}, {@code weights}, {@code nonFinite}, {@code warnings}, {@code asWritten}
 * {loss, nonFinitePixels, maxRelError}) and {@code activation} follow them. With sigmoid:
 * {@code alpha} (last), {@code elements} (kept pixel-channel pairs), {@code loss} {sigmoid}, cross-entropy the
 * binary one, counts and per-class figures by channel, and neither {@code maxAbsDiff} nor {@code asWritten}
 * (the post's two forms and its code are softmax). Then {@code lossTerm} {name, parameters}: the term
 * every loss figure is of ({@code gamma} is its varied γ, null for FLSD-53; {@code asWritten} is
 * null but for focal loss, the post's), and where computed {@code gradient} {meanNorm,
 * crossEntropyMeanNorm}: over the labelled pixels, the mean L2 norm over the logits of the gradient
 * of the pixel's loss, and of its cross-entropy under the same weights. Then {@code perSample}
 * [{sample, pixels, loss, crossEntropy}]: each sample reduced on its own under the batch's reduction
 * (see {@link SampleFigures}).
 */
public final class ResultJson {

    private ResultJson() {
    }

    public static String format(LossResult r) {
        return format(r, null, java.util.List.of(), null);
    }

    /**
     * With the key {@code peers} where {@code peers} is not null: what each library returns for the
     * same inputs, an object keyed by library of {value, call, differs}; what reading the files cost
     * ({@code readWarnings}) first among the warnings; and the key {@code calibration} last where
     * {@code calibration} is not null.
     */
    public static String format(LossResult r, Map<Peer, PeerLosses.Value> peers, java.util.List<String> readWarnings,
                                io.focalscope.calibration.Calibration calibration) {
        boolean sigmoid = r.activation() == Activation.SIGMOID;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("gamma", Double.isNaN(r.gamma()) ? null : r.gamma());
        json.put("ignoreIndex", r.ignoreIndex());
        json.put("classes", r.classes());
        json.put("pixels", r.pixels());
        if (sigmoid) {
            json.put("elements", r.elements());
        }
        json.put("ignored", r.ignored());
        json.put("counts", r.counts());
        json.put("classWeights", r.classWeights());
        Map<String, Object> loss = new LinkedHashMap<>();
        if (sigmoid) {
            loss.put("sigmoid", r.lossOnehot());
        } else {
            loss.put("nll", r.lossNll());
            loss.put("onehot", r.lossOnehot());
        }
        json.put("loss", loss);
        if (!sigmoid) {
            json.put("maxAbsDiff", r.maxAbsDiff());
        }
        json.put("sum", r.sum());
        json.put("crossEntropy", r.crossEntropy());
        List<Map<String, Object>> perClass = new ArrayList<>();
        for (ClassFigures c : r.perClass()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("class", c.classId());
            entry.put("pixels", c.pixels());
            entry.put("meanLoss", c.meanLoss());
            entry.put("share", c.share());
            perClass.add(entry);
        }
        json.put("perClass", perClass);
        json.put("backend", r.backend());
        json.put("reduction", r.reduction().cliName());
        json.put("weights", r.weightScheme());
        json.put("nonFinite", r.nonFinite());
        json.put("warnings", java.util.stream.Stream.concat(readWarnings.stream(), r.warnings().stream()).toList());
        if (!sigmoid && r.asWritten() == null) {
            json.put("asWritten", null);
        } else if (!sigmoid) {
            Map<String, Object> asWritten = new LinkedHashMap<>();
            asWritten.put("loss", r.asWritten().loss());
            asWritten.put("nonFinitePixels", r.asWritten().nonFinitePixels());
            asWritten.put("maxRelError", r.asWritten().maxRelError());
            json.put("asWritten", asWritten);
        }
        json.put("activation", r.activation().cliName());
        if (sigmoid) {
            json.put("alpha", r.alpha());
        }
        json.put("lossTerm", lossTerm(r.term()));
        if (r.gradient() != null) {
            Map<String, Object> gradient = new LinkedHashMap<>();
            gradient.put("meanNorm", r.gradient().meanNorm());
            gradient.put("crossEntropyMeanNorm", r.gradient().crossEntropyMeanNorm());
            json.put("gradient", gradient);
        }
        if (r.perSample() != null) {
            json.put("perSample", perSample(r.perSample()));
        }
        if (peers != null) {
            Map<String, Object> byLibrary = new LinkedHashMap<>();
            for (PeerLosses.Value v : peers.values()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                if (v.applicable()) {
                    entry.put("value", v.value());
                }
                entry.put("call", v.call());
                entry.put("differs", v.differs());
                if (!v.applicable()) {
                    entry.put("notApplicable", v.notApplicable());
                }
                byLibrary.put(v.peer().key(), entry);
            }
            json.put("peers", byLibrary);
        }
        if (calibration != null) {
            json.put("calibration", CalibrationJson.of(calibration));
        }
        return ReportJson.write(json);
    }

    /** {@code [{sample, pixels, loss, crossEntropy}]}: each sample reduced on its own; null for a mean without elements. */
    static List<Map<String, Object>> perSample(List<SampleFigures> samples) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SampleFigures f : samples) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("sample", f.sample());
            entry.put("pixels", f.pixels());
            entry.put("loss", Double.isFinite(f.loss()) ? f.loss() : null);
            entry.put("crossEntropy", Double.isFinite(f.crossEntropy()) ? f.crossEntropy() : null);
            out.add(entry);
        }
        return out;
    }

    /** {@code {name, parameters}} of a term. */
    public static Map<String, Object> lossTerm(io.focalscope.loss.LossTerm term) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", term.name());
        t.put("parameters", term.parameters());
        return t;
    }
}
