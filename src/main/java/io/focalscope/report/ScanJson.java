package io.focalscope.report;

import io.focalscope.dataset.DatasetFigures;
import io.focalscope.dataset.LabelCounts;
import io.focalscope.dataset.ScanFailure;
import io.focalscope.loss.ClassWeights;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code scan} and {@code weights}. Their keys are a contract scripts rely on:
 * {@code scan}: {@code images}, {@code failed} [{file, error}], {@code classes}, {@code pixels},
 * {@code ignored}, {@code counts}, {@code classWeights}, {@code loss}, {@code crossEntropy},
 * {@code perClass} [{class, pixels, meanLoss, share}], {@code perImage} [{name, logits, labels,
 * pixels, ignored, meanFocal, crossEntropy, worstClass}] ranked by meanFocal, {@code lossVsGamma}
 * [{gamma, loss}], {@code gamma}, {@code ignoreIndex}, {@code backend}; then a few more, {@code activation}
 * (and with sigmoid {@code alpha}), and {@code lossTerm} {name, parameters} last: the loss figures are
 * the term's ({@code gamma} is its varied γ, and {@code lossVsGamma} varies it; FLSD-53 has no γ to
 * vary: its curve is its one point, gamma null). With sigmoid, counts are positive targets per class and a
 * term of the mean is a kept (pixel, channel) element.
 * {@code weights}: {@code images}, {@code failed}, {@code classes}, {@code counts},
 * {@code classWeights}, {@code scheme}.
 */
public final class ScanJson {

    private ScanJson() {
    }

    public static String format(DatasetFigures f) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("images", f.images());
        json.put("failed", failures(f.failed()));
        json.put("classes", f.classes());
        json.put("pixels", f.pixels());
        json.put("ignored", f.ignored());
        json.put("counts", f.counts());
        json.put("classWeights", f.classWeights().values());
        json.put("loss", f.loss());
        json.put("crossEntropy", f.crossEntropy());
        List<Map<String, Object>> perClass = new ArrayList<>();
        for (DatasetFigures.ClassRow c : f.perClass()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("class", c.classId());
            e.put("pixels", c.pixels());
            e.put("meanLoss", c.meanLoss());
            e.put("share", c.share());
            e.put("crossEntropyShare", c.crossEntropyShare());
            perClass.add(e);
        }
        json.put("perClass", perClass);
        List<Map<String, Object>> perImage = new ArrayList<>();
        for (DatasetFigures.ImageRow r : f.perImage()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", r.name());
            e.put("logits", r.files().logits());
            e.put("labels", r.files().labels());
            e.put("pixels", r.pixels());
            e.put("ignored", r.ignored());
            e.put("meanFocal", r.meanFocal());
            e.put("crossEntropy", r.crossEntropy());
            e.put("worstClass", r.worstClass());
            e.put("worstClassShare", r.worstClassShare());
            e.put("size", List.of(r.samples(), r.height(), r.width()));
            if (f.calibration() != null) {
                e.put("ece", CalibrationJson.finite(r.ece()));
            }
            perImage.add(e);
        }
        json.put("perImage", perImage);
        List<Map<String, Object>> curve = new ArrayList<>();
        for (DatasetFigures.GammaPoint p : f.lossVsGamma()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("gamma", Double.isNaN(p.gamma()) ? null : p.gamma());
            e.put("loss", p.loss());
            curve.add(e);
        }
        json.put("lossVsGamma", curve);
        json.put("gamma", Double.isNaN(f.gamma()) ? null : f.gamma());
        json.put("ignoreIndex", f.settings().ignoreIndex());
        json.put("backend", f.backend());
        json.put("reduction", f.settings().reduction().cliName());
        json.put("weights", f.settings().weights().describe());
        json.put("warnings", f.warnings());
        json.put("activation", f.settings().activation().cliName());
        if (f.settings().sigmoid()) {
            json.put("alpha", f.settings().alpha());
        }
        json.put("lossTerm", ResultJson.lossTerm(f.settings().term()));
        if (f.calibration() != null) {
            json.put("calibration", CalibrationJson.of(f.calibration()));
        }
        return ReportJson.write(json);
    }

    public static String format(LabelCounts counts, ClassWeights weights, String scheme) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("images", counts.files().size());
        json.put("failed", failures(counts.failed()));
        json.put("classes", counts.classes());
        json.put("counts", counts.classCounts().total());
        json.put("classWeights", weights.values());
        json.put("scheme", scheme);
        json.put("warnings", weights.warnings());
        return ReportJson.write(json);
    }

    static List<Map<String, Object>> failures(List<ScanFailure> failed) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ScanFailure x : failed) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("file", x.file());
            e.put("error", x.error());
            out.add(e);
        }
        return out;
    }
}
