package io.focalscope.report;

import io.focalscope.dataset.ScanFailure;
import io.focalscope.labels.LabelIssueReport;
import io.focalscope.labels.Region;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code label-issues}, a contract scripts rely on: {@code images}, {@code failed}
 * [{file, error}], {@code classes}, {@code pixels}, {@code ignored}, {@code thresholds} (per class,
 * null for a class with no labelled pixel), {@code flaggedPixels}, {@code perImage} [{name, logits,
 * labels, quality, flaggedPixels, samples [{sample, quality, flaggedPixels}] (a batch file's only), regionCount,
 * regions [{sample, given, predicted, pixels, box [y0, x0, y1, x1],
 * meanSelfConfidence, loss}] (the costliest, at most --max-regions)}] worst quality first, {@code common} [{given, predicted, pixels}] most
 * pixels first; then {@code temperature} and {@code ignoreIndex}.
 */
public final class LabelIssuesJson {

    private LabelIssuesJson() {
    }

    public static String format(LabelIssueReport r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("images", r.images());
        List<Map<String, Object>> failed = new ArrayList<>();
        for (ScanFailure f : r.failed()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", f.file());
            m.put("error", f.error());
            failed.add(m);
        }
        json.put("failed", failed);
        json.put("classes", r.classes());
        json.put("pixels", r.pixels());
        json.put("ignored", r.ignored());
        json.put("thresholds", r.thresholds());
        json.put("flaggedPixels", r.flaggedPixels());
        List<Map<String, Object>> images = new ArrayList<>();
        for (LabelIssueReport.ImageIssues i : r.perImage()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", i.name());
            m.put("logits", i.logits());
            m.put("labels", i.labels());
            m.put("quality", finite(i.quality()));
            m.put("flaggedPixels", i.flaggedPixels());
            if (!i.sampleFigures().isEmpty()) { // a batch file: each image as cleanlab scores it
                List<Map<String, Object>> samples = new ArrayList<>();
                for (LabelIssueReport.Sample x : i.sampleFigures()) {
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("sample", x.sample());
                    one.put("quality", finite(x.quality()));
                    one.put("flaggedPixels", x.flaggedPixels());
                    samples.add(one);
                }
                m.put("samples", samples);
            }
            m.put("regionCount", i.regionCount());
            List<Map<String, Object>> regions = new ArrayList<>();
            for (Region g : i.regions()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("sample", g.sample());
                x.put("given", g.given());
                x.put("predicted", g.predicted());
                x.put("pixels", g.pixels());
                x.put("box", g.box());
                x.put("meanSelfConfidence", finite(g.meanSelfConfidence()));
                x.put("loss", finite(g.loss()));
                regions.add(x);
            }
            m.put("regions", regions);
            images.add(m);
        }
        json.put("perImage", images);
        List<Map<String, Object>> common = new ArrayList<>();
        for (LabelIssueReport.Confusion c : r.common()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("given", c.given());
            m.put("predicted", c.predicted());
            m.put("pixels", c.pixels());
            common.add(m);
        }
        json.put("common", common);
        json.put("temperature", r.temperature());
        json.put("ignoreIndex", r.ignoreIndex());
        return ReportJson.write(json);
    }

    /** JSON has no NaN or infinity: null says the figure does not exist (a loss with an infinite class weight, say). */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** One row per image, worst quality first: rank, name, files, quality, flagged pixels, regions and the largest region loss. */
    public static String csv(LabelIssueReport r) {
        StringBuilder s = new StringBuilder("rank,name,logits,labels,quality,flaggedPixels,regions,topRegionLoss\n");
        int rank = 1;
        for (LabelIssueReport.ImageIssues i : r.perImage()) {
            s.append(rank++).append(',').append(ScanCsv.quote(i.name())).append(',').append(ScanCsv.quote(i.logits())).append(',')
                    .append(ScanCsv.quote(i.labels())).append(',').append(i.quality()).append(',').append(i.flaggedPixels()).append(',')
                    .append(i.regionCount()).append(',').append(i.regions().isEmpty() ? "" : String.valueOf(i.regions().get(0).loss()))
                    .append('\n');
        }
        return s.toString();
    }
}
