package io.focalscope.cli;

import io.focalscope.dataset.ImageList;
import io.focalscope.dataset.LabelCounts;
import io.focalscope.dataset.LabelFiles;
import io.focalscope.options.WeightsOptions;
import io.focalscope.report.WeightsReport;
import java.io.PrintWriter;
import io.focalscope.io.OutputFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code focalscope weights}: class weights from label maps alone, the chore before training. */
@Command(name = "weights", mixinStandardHelpOptions = true, versionProvider = FocalscopeCli.VersionProvider.class, sortOptions = false,
        description = {"Computes class weights from the labels' histogram.",
                "The histogram of label maps (PNG or .npy), summed over every file.",
                "--out writes the weights file that --weights FILE reads."})
final class WeightsCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "LABELS", description = "Label files, folders (searched recursively) or globs.")
    List<String> labels;

    @CommandLine.Mixin
    WeightsOptions options;

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
        WeightsOptions.Checked o = options.check();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        io.focalscope.dataset.Threads.note(threads).ifPresent(n -> err.println("focalscope: " + n));
        ImageList files = LabelFiles.expand(labels);
        // with the label files found, before any is read: an output must not overwrite one of them
        OutputFiles.checkBeforeWork(List.of(new OutputFiles.Named("--out", out), new OutputFiles.Named("--json", InputOptions.outputFile(json))),
                files.images().stream().map(f -> new OutputFiles.Named("the label file " + f.labels(), Path.of(f.labels()))).toList());
        LabelCounts counts = LabelCounts.count(files, o.classes(), o.ignoreIndex(), threads, TerminalProgress.forStderr(err), () -> false);
        WeightsReport report = WeightsReport.of(counts, o.scheme(), o.classes() != null, err);
        if (report == null) {
            return 1;
        }
        if (out != null) {
            Outputs.write(out, report.weightsFile());
        }
        if ("-".equals(json)) {
            stdout.print(report.json());
        } else {
            if (json != null) {
                Outputs.write(Path.of(json), report.json());
            }
            stdout.print(report.table());
        }
        stdout.flush();
        err.flush();
        return 0;
    }
}
