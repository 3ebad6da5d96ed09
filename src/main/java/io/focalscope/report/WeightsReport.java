package io.focalscope.report;

import io.focalscope.dataset.LabelCounts;
import io.focalscope.dataset.ScanFailure;
import io.focalscope.loss.ClassWeights;
import io.focalscope.loss.WeightScheme;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * What {@code weights} and its Spark job make of their label counts, once for both: the skipped
 * files and the warnings (a stray label, a class without pixels) on stderr, and the weights file,
 * the JSON and the table.
 *
 * @param weightsFile the text {@code --out} writes, which {@code --weights FILE} reads
 * @param json        the keys of {@code weights --json}
 */
public record WeightsReport(LabelCounts counts, ClassWeights weights, String weightsFile, String json, String table) {

    /**
     * @param classesGiven whether {@code --classes} set the class count
     * @return the report, or null where no label file could be read or no pixel is labelled (said on {@code err})
     */
    public static WeightsReport of(LabelCounts counts, WeightScheme scheme, boolean classesGiven, PrintWriter err) {
        for (ScanFailure f : counts.failed()) {
            err.println("focalscope: skipped " + f.error());
        }
        if (counts.files().isEmpty() || counts.classCounts().labelledPixels() == 0) {
            err.println("focalscope: " + (counts.files().isEmpty() ? "no label file could be read" : "no labelled pixel in the files read"));
            err.flush();
            return null;
        }
        counts.strayLabelWarning(classesGiven).ifPresent(w -> err.println("focalscope: warning: " + w));
        ClassWeights weights = scheme.weights(counts.classCounts());
        weights.warnings().forEach(w -> err.println("focalscope: warning: " + w));
        err.flush();
        String file = WeightsText.format(weights, String.format(Locale.ROOT, "%s weights of %d classes from %d label files",
                scheme.describe(), counts.classes(), counts.files().size()));
        return new WeightsReport(counts, weights, file, ScanJson.format(counts, weights, scheme.describe()), table(counts, weights, scheme));
    }

    private static String table(LabelCounts counts, ClassWeights w, WeightScheme scheme) {
        long[] n = counts.classCounts().total();
        long total = counts.classCounts().labelledPixels();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%d label files, %d classes, %,d labelled pixels; %s weights:%n",
                counts.files().size(), counts.classes(), total, scheme.describe()));
        s.append(String.format(Locale.ROOT, "%6s %16s %10s %12s%n", "class", "pixels", "share", "weight"));
        for (int c = 0; c < n.length; c++) {
            s.append(String.format(Locale.ROOT, "%6d %,16d %9.4f%% %12.6g%n", c, n[c], 100.0 * n[c] / total, w.get(c)));
        }
        return s.toString();
    }
}
