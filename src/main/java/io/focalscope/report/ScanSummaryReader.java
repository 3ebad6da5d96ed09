package io.focalscope.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.focalscope.dataset.DatasetFigures;
import io.focalscope.dataset.ImageFiles;
import io.focalscope.dataset.ScanFailure;
import io.focalscope.io.InputException;
import io.focalscope.io.JsonText;
import io.focalscope.io.SmallFiles;
import io.focalscope.loss.Activation;
import io.focalscope.loss.ClassWeights;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.LossTerm;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A scan's summary read back from its JSON ({@link ScanJson}): a cluster job's or a local scan's,
 * for the window's Dataset tab. Its class weights come back as given weights, so an image opened
 * from it is weighed with the dataset's.
 */
public final class ScanSummaryReader {

    private ScanSummaryReader() {
    }

    /** Reads a summary file, with the checks of every small file ({@link SmallFiles}). */
    public static DatasetFigures read(Path file) {
        return read(file.toString(), SmallFiles.readText(file, "a scan's summary"));
    }

    /** @throws InputException naming the file where the JSON is not a scan's summary */
    public static DatasetFigures read(String source, String json) {
        try {
            JsonObject o = JsonText.parse(source, "scan's summary", json).getAsJsonObject();
            for (String key : List.of("images", "failed", "classes", "pixels", "ignored", "counts", "classWeights", "loss",
                    "crossEntropy", "perClass", "perImage", "lossVsGamma", "gamma", "ignoreIndex", "backend")) {
                if (!o.has(key)) {
                    throw InputException.of(source, "not a scan's summary: it has no key '" + key + "'");
                }
            }
            double[] weights = doubles(o.getAsJsonArray("classWeights"));
            Activation activation = o.has("activation") ? Activation.parse(o.get("activation").getAsString()) : Activation.SOFTMAX;
            Double alpha = activation == Activation.SIGMOID && o.has("alpha") && !o.get("alpha").isJsonNull()
                    ? o.get("alpha").getAsDouble() : null;
            Integer ignore = o.get("ignoreIndex").isJsonNull() ? null : o.get("ignoreIndex").getAsInt();
            Reduction reduction = o.has("reduction") ? Reduction.parse(o.get("reduction").getAsString()) : Reduction.MEAN;
            String scheme = o.has("weights") ? o.get("weights").getAsString() : "?";
            LossTerm term = o.has("lossTerm") ? term(o.getAsJsonObject("lossTerm")) : new LossTerm.Focal(o.get("gamma").getAsDouble());
            LossSettings settings = new LossSettings(term, new WeightScheme.Explicit(weights, "dataset " + source + ", " + scheme),
                    ignore, reduction, false, activation, alpha, false);
            List<ScanFailure> failed = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("failed")) {
                failed.add(new ScanFailure(e.getAsJsonObject().get("file").getAsString(), e.getAsJsonObject().get("error").getAsString()));
            }
            List<DatasetFigures.ClassRow> perClass = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("perClass")) {
                JsonObject c = e.getAsJsonObject();
                perClass.add(new DatasetFigures.ClassRow(c.get("class").getAsInt(), c.get("pixels").getAsLong(),
                        c.get("meanLoss").getAsDouble(), c.get("share").getAsDouble(), Double.NaN,
                        c.has("crossEntropyShare") ? c.get("crossEntropyShare").getAsDouble() : Double.NaN));
            }
            List<DatasetFigures.ImageRow> perImage = new ArrayList<>();
            int rank = 1;
            for (JsonElement e : o.getAsJsonArray("perImage")) {
                JsonObject r = e.getAsJsonObject();
                JsonArray size = r.has("size") ? r.getAsJsonArray("size") : null;
                perImage.add(new DatasetFigures.ImageRow(rank, new ImageFiles(r.get("name").getAsString(),
                        arrayFile(source, rank, "logits", r), arrayFile(source, rank, "labels", r)),
                        size == null ? 1 : size.get(0).getAsInt(), size == null ? 0 : size.get(1).getAsInt(),
                        size == null ? 0 : size.get(2).getAsInt(), r.get("pixels").getAsLong(), r.get("ignored").getAsLong(),
                        r.get("meanFocal").getAsDouble(), r.get("crossEntropy").getAsDouble(), r.get("worstClass").getAsInt(),
                        r.has("worstClassShare") ? r.get("worstClassShare").getAsDouble() : Double.NaN,
                        r.has("ece") && !r.get("ece").isJsonNull() ? r.get("ece").getAsDouble() : Double.NaN));
                rank++;
            }
            List<DatasetFigures.GammaPoint> curve = new ArrayList<>();
            for (JsonElement e : o.getAsJsonArray("lossVsGamma")) {
                JsonElement gamma = e.getAsJsonObject().get("gamma");
                curve.add(new DatasetFigures.GammaPoint(gamma.isJsonNull() ? Double.NaN : gamma.getAsDouble(),
                        e.getAsJsonObject().get("loss").getAsDouble()));
            }
            long[] counts = o.getAsJsonArray("counts").asList().stream().mapToLong(JsonElement::getAsLong).toArray();
            return new DatasetFigures(o.get("images").getAsInt(), failed, o.get("classes").getAsInt(), o.get("pixels").getAsLong(),
                    o.get("ignored").getAsLong(), 0, counts, ClassWeights.of(weights), o.get("loss").getAsDouble(),
                    o.get("crossEntropy").getAsDouble(), perClass, perImage, curve, settings, o.get("backend").getAsString(),
                    o.has("warnings") ? o.getAsJsonArray("warnings").asList().stream().map(JsonElement::getAsString).toList() : List.of(),
                    o.has("calibration") && !o.get("calibration").isJsonNull() ? CalibrationJson.read(o.getAsJsonObject("calibration")) : null);
        } catch (InputException e) {
            throw e;
        } catch (RuntimeException e) {
            // Gson reports a value of the wrong type as ClassCastException, IllegalStateException,
            // UnsupportedOperationException or NumberFormatException, a missing one as NullPointerException
            throw InputException.of(source, "not a scan's summary (" + JsonText.whyNot(e) + ")");
        }
    }

    /**
     * An image's logits or labels as the summary names them: an array file (a path or a cluster's
     * URI), never just any file the summary's author chose ("/etc/passwd").
     */
    private static String arrayFile(String source, int rank, String key, JsonObject image) {
        String file = image.get(key).getAsString();
        String name = file.toLowerCase(java.util.Locale.ROOT).replaceFirst("(\\.npz):[^/\\\\]*$", "$1");
        if (!(name.endsWith(".npy") || name.endsWith(".npz") || name.endsWith(".png"))) {
            throw InputException.of(source, "not a scan's summary: image " + rank + "'s " + key + " '" + file
                    + "' is not a .npy, .npz or .png file");
        }
        return file;
    }

    /** A term from its JSON {@code {name, parameters}}. */
    private static LossTerm term(JsonObject t) {
        java.util.Map<String, Double> p = new java.util.HashMap<>();
        t.getAsJsonObject("parameters").asMap().forEach((k, v) -> p.put(k, v.getAsDouble()));
        return LossTerm.of(t.get("name").getAsString(), p);
    }

    private static double[] doubles(JsonArray a) {
        return a.asList().stream().mapToDouble(JsonElement::getAsDouble).toArray();
    }
}
