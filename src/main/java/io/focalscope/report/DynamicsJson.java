package io.focalscope.report;

import io.focalscope.dynamics.DynamicsFigures;
import io.focalscope.dynamics.EpochRun;
import io.focalscope.dynamics.ImageTrajectory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON and CSV of {@code dynamics}. The keys are a contract: {@code epochs} (names, in order),
 * {@code images}, {@code failed} [{file, error}], {@code incomplete} [{name, missing}],
 * {@code classes}, {@code pixels}, {@code ignored}, {@code classWeights}, the dataset's
 * {@code confidence}, {@code variability}, {@code correctness}, {@code forgetting},
 * {@code hardPixels} and {@code lossByEpoch}; {@code perClass} [{class, pixels, lossByEpoch}];
 * {@code perImage} [{name, labels, logits (one per epoch), size, pixels, ignored, confidence,
 * variability, correctness, forgetting, hardPixels, lossByEpoch}] by confidence, lowest first; then
 * {@code hardThresholds}, {@code gamma}, {@code ignoreIndex}, {@code reduction}, {@code weights},
 * {@code backend}, {@code warnings} and {@code lossTerm}. A figure that does not exist (a class
 * without pixels) is null.
 */
public final class DynamicsJson {

    private DynamicsJson() {
    }

    public static String format(DynamicsFigures f) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("epochs", f.epochs());
        json.put("images", f.perImage().size());
        json.put("failed", ScanJson.failures(f.failed()));
        List<Map<String, Object>> incomplete = new ArrayList<>();
        for (EpochRun.Incomplete i : f.incomplete()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", i.name());
            e.put("missing", i.missing());
            incomplete.add(e);
        }
        json.put("incomplete", incomplete);
        json.put("classes", f.classes());
        DynamicsFigures.Figures d = f.dataset();
        json.put("pixels", d.pixels());
        json.put("ignored", d.ignored());
        json.put("classWeights", f.classWeights().values());
        putFigures(json, d);
        List<Map<String, Object>> perClass = new ArrayList<>();
        for (DynamicsFigures.ClassRow c : f.perClass()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("class", c.classId());
            e.put("pixels", c.pixels());
            e.put("lossByEpoch", finite(c.lossByEpoch()));
            perClass.add(e);
        }
        json.put("perClass", perClass);
        List<Map<String, Object>> perImage = new ArrayList<>();
        for (DynamicsFigures.ImageRow r : f.perImage()) {
            ImageTrajectory t = r.trajectory();
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", r.name());
            e.put("labels", t.image().epochs().get(0).labels());
            e.put("logits", t.image().epochs().stream().map(x -> x.logits()).toList());
            e.put("size", List.of(t.samples(), t.height(), t.width()));
            e.put("pixels", r.figures().pixels());
            e.put("ignored", r.figures().ignored());
            putFigures(e, r.figures());
            perImage.add(e);
        }
        json.put("perImage", perImage);
        Map<String, Object> thresholds = new LinkedHashMap<>();
        thresholds.put("confidence", f.thresholds().confidence());
        thresholds.put("variability", f.thresholds().variability());
        json.put("hardThresholds", thresholds);
        json.put("gamma", Double.isNaN(f.settings().gamma()) ? null : f.settings().gamma());
        json.put("ignoreIndex", f.settings().ignoreIndex());
        json.put("reduction", f.settings().reduction().cliName());
        json.put("weights", f.settings().weights().describe());
        json.put("backend", f.backend());
        json.put("warnings", f.warnings());
        json.put("lossTerm", ResultJson.lossTerm(f.settings().term()));
        return ReportJson.write(json);
    }

    /** The images, lowest confidence first, with their loss at each epoch in a column per epoch. */
    public static String csv(DynamicsFigures f) {
        StringBuilder out = new StringBuilder("name,labels,pixels,ignored,confidence,variability,correctness,forgetting,hardPixels");
        for (String epoch : f.epochs()) {
            out.append(',').append(ScanCsv.quote("loss " + epoch));
        }
        out.append('\n');
        for (DynamicsFigures.ImageRow r : f.perImage()) {
            DynamicsFigures.Figures x = r.figures();
            out.append(ScanCsv.quote(r.name())).append(',').append(ScanCsv.quote(r.trajectory().image().epochs().get(0).labels()))
                    .append(',').append(x.pixels()).append(',').append(x.ignored()).append(',').append(number(x.confidence()))
                    .append(',').append(number(x.variability())).append(',').append(number(x.correctness())).append(',')
                    .append(number(x.forgetting())).append(',').append(x.hardPixels());
            for (double loss : x.lossByEpoch()) {
                out.append(',').append(number(loss));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static void putFigures(Map<String, Object> json, DynamicsFigures.Figures x) {
        json.put("confidence", x.confidence());
        json.put("variability", x.variability());
        json.put("correctness", x.correctness());
        json.put("forgetting", x.forgetting());
        json.put("hardPixels", x.hardPixels());
        json.put("lossByEpoch", finite(x.lossByEpoch()));
    }

    private static List<Double> finite(double[] values) {
        return Arrays.stream(values).mapToObj(v -> Double.isFinite(v) ? v : null).toList();
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.9g", v);
    }
}
