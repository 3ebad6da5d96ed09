package io.focalscope.cli;

import io.focalscope.dataset.ImageList;
import io.focalscope.dataset.LabelCounts;
import io.focalscope.dataset.LabelFiles;
import io.focalscope.dataset.ScanFailure;
import io.focalscope.loss.ClassWeights;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.WeightScheme;
import io.focalscope.options.WeightSchemes;
import io.focalscope.report.ScanJson;
import io.focalscope.report.WeightsText;
import java.io.PrintWriter;
import io.focalscope.io.OutputFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code focalscope weights}: class weights from label maps alone, the chore before training. */
@Command(name = "weights", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Computes class weights from the labels' histogram.",
                "The histogram of label maps (PNG or .npy), summed over every file.",
                "--out writes the weights file that --weights FILE reads."})
final class WeightsCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "LABELS", description = "Label files, folders (searched recursively) or globs.")
    List<String> labels;

    @Option(names = "--scheme", defaultValue = "enet", paramLabel = "SCHEME",
            description = "enet, inverse, median or effective (default: ${DEFAULT-VALUE}).")
    String scheme;

    @Option(names = "--enet-c", defaultValue = "1.10", paramLabel = "C", description = "c of enet weights 1/ln(c + n_c/Σn) (default: ${DEFAULT-VALUE}).")
    double enetC;

    @Option(names = "--beta", defaultValue = "0.999", paramLabel = "β", description = "β of effective-number weights (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--classes", paramLabel = "C", description = "Class count (default: the largest label + 1).")
    Integer classes;

    @Option(names = "--ignore-index", defaultValue = "255", paramLabel = "INDEX|none", description = "Label left out (default: ${DEFAULT-VALUE}).")
    String ignoreIndex;

    @Option(names = "--threads", paramLabel = "N", description = "Files decoded at once (default: the cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--out", paramLabel = "weights.txt", description = "Write the weights, one per line, for --weights FILE.")
    Path out;

    @Option(names = "--json", paramLabel = "OUT|-", description = "Write the figures as JSON to OUT, or to stdout with -.")
    String json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        WeightScheme chosen = WeightSchemes.fromLabels(scheme, enetC, beta);
        Integer ignore = LossSettings.parseIgnoreIndex(ignoreIndex, "ignore index");
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        io.focalscope.dataset.Threads.note(threads).ifPresent(n -> err.println("focalscope: " + n));
        ImageList files = LabelFiles.expand(labels);
        // with the label files found, before any is read: an output must not overwrite one of them
        OutputFiles.checkBeforeWork(List.of(new OutputFiles.Named("--out", out), new OutputFiles.Named("--json", InputOptions.outputFile(json))),
                files.images().stream().map(f -> new OutputFiles.Named("the label file " + f.labels(), Path.of(f.labels()))).toList());
        LabelCounts counts = LabelCounts.count(files, classes, ignore, threads,
                TerminalProgress.forStderr(err), () -> false);
        for (ScanFailure f : counts.failed()) {
            err.println("focalscope: skipped " + f.error());
        }
        if (counts.files().isEmpty() || counts.classCounts().labelledPixels() == 0) {
            err.println("focalscope: " + (counts.files().isEmpty() ? "no label file could be read" : "no labelled pixel in the files read"));
            err.flush();
            return 1;
        }
        counts.strayLabelWarning(classes != null).ifPresent(w -> err.println("focalscope: warning: " + w));
        ClassWeights weights = chosen.weights(counts.classCounts());
        weights.warnings().forEach(w -> err.println("focalscope: warning: " + w));
        if (out != null) {
            Outputs.write(out, WeightsText.format(weights, String.format(Locale.ROOT, "%s weights of %d classes from %d label files",
                    chosen.describe(), counts.classes(), counts.files().size())));
        }
        if ("-".equals(json)) {
            stdout.print(ScanJson.format(counts, weights, chosen.describe()));
        } else {
            if (json != null) {
                Outputs.write(Path.of(json), ScanJson.format(counts, weights, chosen.describe()));
            }
            stdout.print(text(counts, weights, chosen));
        }
        stdout.flush();
        err.flush();
        return 0;
    }

    private static String text(LabelCounts counts, ClassWeights w, WeightScheme scheme) {
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
