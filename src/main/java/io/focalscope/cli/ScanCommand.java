package io.focalscope.cli;

import io.focalscope.calibration.Reliability;
import io.focalscope.dataset.DatasetFigures;
import io.focalscope.dataset.DatasetScan;
import io.focalscope.dataset.ImageList;
import io.focalscope.dataset.ScanFailure;
import io.focalscope.dataset.ScanTotals;
import io.focalscope.io.OutputFiles;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.LossTerm;
import io.focalscope.loss.nd4j.Backend;
import io.focalscope.options.DatasetCalibrationOptions;
import io.focalscope.options.EngineOption;
import io.focalscope.options.LossOptions;
import io.focalscope.report.Plural;
import io.focalscope.report.ResultText;
import io.focalscope.report.ScanCsv;
import io.focalscope.report.ScanJson;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code focalscope scan}: a whole validation set, its images ranked by loss, weights from its histogram. */
@Command(name = "scan", mixinStandardHelpOptions = true, versionProvider = FocalscopeCli.VersionProvider.class, sortOptions = false,
        description = {"Scans a dataset and ranks its images by focal loss.",
                "Every image's focal loss, the images ranked by it, the class weights from the whole dataset's label"
                        + " histogram. An image is an .npz holding 'logits' and 'labels', or a pair NAME<logits suffix> +"
                        + " NAME<labels suffix>; or the images a CSV list names; or logits in one folder paired with"
                        + " labels in another by file stem (D1/NAME.npy with D2/NAME.png or D2/NAME.npy). A file that cannot"
                        + " be read, or has no partner, is skipped and listed."})
final class ScanCommand implements Callable<Integer> {

    @CommandLine.Mixin
    DatasetInputs inputs;

    @CommandLine.Mixin
    LossOptions loss;

    @CommandLine.Mixin
    EngineOption engine;

    @CommandLine.Mixin
    DatasetCalibrationOptions calibration;

    @Option(names = "--threads", paramLabel = "N", description = "Images read and computed at once (default: the cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--json", paramLabel = "OUT|-", description = "Write the figures as JSON to OUT, or to stdout with -.")
    String json;

    @Option(names = "--csv", paramLabel = "OUT|-", description = "Write the images, ranked, as CSV to OUT, or to stdout with -.")
    String csv;

    @Option(names = "--strict", description = "Exit with 1 if any file failed.")
    boolean strict;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        LossSettings settings = loss.settings().withoutAsWritten();
        int calibrationBins = calibration.bins(settings);
        FocalLossEngine chosen = engine.engine();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        Backend.fallbackNotice().ifPresent(n -> err.println("focalscope: " + n));
        io.focalscope.dataset.Threads.note(threads).ifPresent(n -> err.println("focalscope: " + n));
        ImageList images = inputs.images("scan", spec.commandLine().getParseResult());
        // with the files found, before any is read: an output must not overwrite one of them
        ReportOutputs outputs = new ReportOutputs(json, csv);
        OutputFiles.checkBeforeWork(outputs.files(), inputs.inputsOf(images, loss.weightsFile()));
        if (images.images().isEmpty() && images.failed().isEmpty()) {
            throw inputs.noImages(images);
        }
        ScanTotals totals = DatasetScan.run(images, chosen, settings, threads, calibrationBins,
                TerminalProgress.forStderr(err), () -> false);
        for (ScanFailure f : totals.failed()) {
            err.println("focalscope: skipped " + f.error());
        }
        if (totals.images().isEmpty()) {
            err.println("focalscope: no image of " + images.source() + " could be read");
            err.flush();
            return 1;
        }
        // a dataset whose least NLL lies beyond 5 % of T = 1: its images read again for the NLL at 19 temperatures
        DatasetScan.settleTemperature(totals, settings, threads, TerminalProgress.forStderr(err).counting("images for T"), () -> false);
        Reliability atTemperature = calibration.afterTemperature()
                ? DatasetScan.binsAtTemperature(totals, settings, threads, TerminalProgress.forStderr(err).counting("images at T"),
                        () -> false) : null;
        DatasetFigures figures = DatasetFigures.of(totals, settings, chosen.describe(), atTemperature);
        // a warning per image would bury the rest at 10,000 images: the first few, then a count
        List<String> warnings = figures.warnings();
        warnings.stream().limit(3).forEach(w -> err.println("focalscope: warning: " + w));
        if (warnings.size() > 3) {
            err.println("focalscope: warning: and " + (warnings.size() - 3) + " more (all of them under the JSON's warnings)");
        }
        outputs.write(out, () -> ScanJson.format(figures), () -> ScanCsv.format(figures), () -> text(figures, images.source()));
        out.flush();
        err.flush();
        return strict && !figures.failed().isEmpty() ? 1 : 0;
    }

    private static String text(DatasetFigures f, String source) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%s: %s%s, %d classes, %,d labelled pixels (%,d ignored)%n", source,
                Plural.of(f.images(), "image"), f.failed().isEmpty() ? "" : " (" + Plural.of(f.failed().size(), "file") + " skipped)", f.classes(), f.pixels(),
                f.ignored()));
        String activation = f.settings().sigmoid() ? "sigmoid, α " + (f.settings().alpha() == null ? "none"
                : ResultText.number(f.settings().alpha())) + ", " : "";
        LossTerm t = f.settings().term();
        String term = t instanceof LossTerm.Focal ? "γ = " + ResultText.number(t.gamma()) : ResultText.term(t);
        s.append(String.format(Locale.ROOT, "%s loss (%s%s, %s, weights %s): %.6g   cross-entropy %.6g%n",
                t instanceof LossTerm.Focal ? "focal" : t.title(), activation, term, f.settings().reduction().cliName(),
                f.settings().weights().describe(), f.loss(), f.crossEntropy()));
        s.append(String.format(Locale.ROOT, "%nhardest images (mean %s loss over labelled pixels):%n",
                t instanceof LossTerm.Focal ? "focal" : t.title()));
        s.append(String.format(Locale.ROOT, "%5s  %-40s %12s %12s %6s%n", "rank", "image", "meanFocal", "crossEntropy", "worst"));
        for (DatasetFigures.ImageRow r : f.perImage().subList(0, Math.min(10, f.perImage().size()))) {
            s.append(String.format(Locale.ROOT, "%5d  %-40s %12.6g %12.6g %6d%n", r.rank(), r.name(), r.meanFocal(),
                    r.crossEntropy(), r.worstClass()));
        }
        if (f.perImage().size() > 10) {
            s.append(String.format(Locale.ROOT, "  ... %d more (--csv or --json for all)%n", f.perImage().size() - 10));
        }
        if (f.calibration() != null) {
            s.append(io.focalscope.report.CalibrationText.format(f.calibration()));
        }
        return s.toString();
    }
}
