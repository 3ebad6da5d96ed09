package io.focalscope.cli;

import io.focalscope.dataset.ImageDiscovery;
import io.focalscope.dataset.ImageFiles;
import io.focalscope.dynamics.DataMaps;
import io.focalscope.dynamics.DynamicsFigures;
import io.focalscope.dynamics.DynamicsRun;
import io.focalscope.dynamics.EpochRun;
import io.focalscope.dynamics.ImageDynamics;
import io.focalscope.dynamics.ImageTrajectory;
import io.focalscope.dynamics.RunAborted;
import io.focalscope.io.ArrayFiles;
import io.focalscope.io.InputException;
import io.focalscope.io.NpyWriter;
import io.focalscope.io.OutputFiles;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.LossTerm;
import io.focalscope.loss.nd4j.Backend;
import io.focalscope.options.DynamicsOptions;
import io.focalscope.options.EngineOption;
import io.focalscope.options.LossOptions;
import io.focalscope.report.DynamicsJson;
import io.focalscope.report.DynamicsNotices;
import io.focalscope.report.Plural;
import io.focalscope.report.ResultText;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code focalscope dynamics}: each pixel followed through the epochs of training, as dataset cartography follows examples. */
@Command(name = "dynamics", mixinStandardHelpOptions = true, versionProvider = FocalscopeCli.VersionProvider.class, sortOptions = false,
        description = {"Follows each pixel through the epochs of training.",
                "Per labelled pixel over the epochs: its confidence (the mean probability of its label), variability (the"
                        + " standard deviation of it), correctness (the fraction of epochs predicted right) and forgetting (how"
                        + " often it went from right to wrong); per image their means, its hard-and-stable pixels (often wrong"
                        + " labels) and its loss at each epoch. DIR holds one sub-folder per epoch (natural order: epoch_2"
                        + " before epoch_10), each read as 'scan' reads a folder, or logits only with --labels-dir. An image"
                        + " missing from some epochs is listed, not followed."})
final class DynamicsCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Folder with one sub-folder per epoch.")
    Path folder;

    @Option(names = "--labels-dir", paramLabel = "D", description = "The labels of every epoch, paired with each epoch's logits by"
            + " file stem (EPOCH/a/NAME.npy with D/a/NAME.png or D/a/NAME.npy); left out of the epochs where it lies in DIR."
            + " DIR/labels where it exists and none is named.")
    Path labelsFolder;

    @Option(names = "--list", paramLabel = "FILE.csv", description = "A CSV with the header 'epoch,logits,labels' (paths relative"
            + " to it; an image is named by its logits file), instead of DIR.")
    Path list;

    @Option(names = "--logits-suffix", defaultValue = ImageDiscovery.LOGITS_SUFFIX, paramLabel = "SUFFIX",
            description = "Ending of a pair's logits file in an epoch folder (default: ${DEFAULT-VALUE}).")
    String logitsSuffix;

    @Option(names = "--labels-suffix", defaultValue = "_labels.png,_labels.npy", paramLabel = "SUFFIX[,SUFFIX...]",
            description = "Endings of its labels file, the first that exists is taken (default: ${DEFAULT-VALUE}).")
    String labelsSuffixes;

    @CommandLine.Mixin
    DynamicsOptions hard;

    @CommandLine.Mixin
    LossOptions loss;

    @CommandLine.Mixin
    EngineOption engine;

    @Option(names = "--threads", paramLabel = "N", description = "Images followed at once (default: the cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--json", paramLabel = "OUT|-", description = "Write the figures as JSON to OUT, or to stdout with -.")
    String json;

    @Option(names = "--csv", paramLabel = "OUT|-", description = "Write the images, lowest confidence first, with their loss per epoch,"
            + " as CSV to OUT, or to stdout with -.")
    String csv;

    @Option(names = "--maps", paramLabel = "DIR", description = "Write NAME_confidence.npy, NAME_variability.npy, NAME_correctness.npy"
            + " and NAME_forgetting.npy per image: float32 [H,W] ([N,H,W] for a batch of N > 1), NaN where ignored.")
    Path maps;

    @Option(names = "--strict", description = "Exit with 1 if any file failed or any image is missing from an epoch.")
    boolean strict;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ImageDynamics.requireSoftmaxTerm(loss.term());
        LossSettings settings = loss.settings().withoutAsWritten();
        ImageDynamics.requireSoftmax(settings);
        var thresholds = hard.thresholds();
        FocalLossEngine chosen = engine.engine();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        Backend.fallbackNotice().ifPresent(n -> err.println("focalscope: " + n));
        io.focalscope.dataset.Threads.note(threads).ifPresent(n -> err.println("focalscope: " + n));
        EpochRun run = epochs();
        ReportOutputs outputs = new ReportOutputs(json, csv);
        OutputFiles.checkBeforeWork(outputs.files(), inputsOf(run));
        if (run.images().isEmpty() && run.failed().isEmpty() && run.incomplete().isEmpty()) {
            throw InputException.of(run.source(), "no images found in its " + run.epochs().size() + " epochs (looked for *.npz and pairs"
                    + " NAME" + logitsSuffix + " + NAME" + String.join("|NAME", suffixes()) + (labelsFolder == null ? ""
                    : ", or logits NAME.npy|NAME.npz with labels in " + labelsFolder) + ")");
        }
        if (maps != null) {
            Outputs.perImageFolder(maps, "--maps", "maps", run.images().stream().flatMap(image -> MAP_SUFFIXES.stream()
                    .map(suffix -> Outputs.perImageFile(maps, image.name(), suffix))).toList());
        }
        DynamicsRun.Totals totals = DynamicsRun.run(run, chosen, settings, thresholds, threads, maps == null ? null : this::writeMaps,
                TerminalProgress.forStderr(err).counting("image epochs")::imageDone, () -> false);
        if (totals.images().isEmpty()) {
            DynamicsNotices.print(err, DynamicsNotices.nothingFollowed(run, totals));
            return 1;
        }
        DynamicsFigures figures = DynamicsFigures.of(run, totals, settings, thresholds, chosen.describe());
        // the figures' failures: the files', and images of another class count than most (the Spark job says the same)
        DynamicsNotices.print(err, DynamicsNotices.of(figures));
        outputs.write(out, () -> DynamicsJson.format(figures), () -> DynamicsJson.csv(figures), () -> text(figures, run.source()));
        out.flush();
        err.flush();
        return strict && (!figures.failed().isEmpty() || !figures.incomplete().isEmpty()) ? 1 : 0;
    }

    private EpochRun epochs() {
        return RunSources.of("dynamics", "a folder DIR", folder, labelsFolder, list, logitsSuffix, suffixes(),
                note -> spec.commandLine().getErr().println("focalscope: " + note)).discover();
    }

    private List<String> suffixes() {
        return Arrays.stream(labelsSuffixes.split(",")).map(String::trim).toList();
    }

    private List<OutputFiles.Named> inputsOf(EpochRun run) {
        List<OutputFiles.Named> inputs = new ArrayList<>();
        inputs.add(new OutputFiles.Named("--list", list));
        inputs.add(new OutputFiles.Named("--weights", loss.weightsFile()));
        for (var image : run.images()) {
            for (ImageFiles f : image.epochs()) {
                inputs.add(new OutputFiles.Named("the image " + f.name() + "'s logits", ArrayFiles.Spec.parse(f.logits()).file()));
                inputs.add(new OutputFiles.Named("the image " + f.name() + "'s labels", ArrayFiles.Spec.parse(f.labels()).file()));
            }
        }
        return inputs;
    }

    /** The files --maps writes per image, after its name. */
    private static final List<String> MAP_SUFFIXES = List.of("_confidence.npy", "_variability.npy", "_correctness.npy", "_forgetting.npy");

    /** NAME_confidence.npy and the others under --maps; a name that would leave the folder ("..") is kept inside it. */
    private void writeMaps(ImageTrajectory t) {
        DataMaps m = t.maps();
        int[] shape = OutputFiles.mapShape(m.shape());
        Path confidence = Outputs.perImageFile(maps, t.name(), MAP_SUFFIXES.get(0));
        try {
            Files.createDirectories(confidence.getParent());
            NpyWriter.writeFloat32(confidence, shape, m.confidence());
            NpyWriter.writeFloat32(Outputs.perImageFile(maps, t.name(), MAP_SUFFIXES.get(1)), shape, m.variability());
            NpyWriter.writeFloat32(Outputs.perImageFile(maps, t.name(), MAP_SUFFIXES.get(2)), shape, m.correctness());
            NpyWriter.writeFloat32(Outputs.perImageFile(maps, t.name(), MAP_SUFFIXES.get(3)), shape, m.forgetting());
        } catch (IOException e) {
            throw new RunAborted(confidence.getParent() + ": cannot create the folder: " + e.getMessage());
        } catch (InputException e) {
            throw new RunAborted(e.getMessage());
        }
    }

    private static String text(DynamicsFigures f, String source) {
        StringBuilder s = new StringBuilder();
        DynamicsFigures.Figures d = f.dataset();
        s.append(String.format(Locale.ROOT, "%s: %s over %s (%s ... %s)%s, %d classes, %,d labelled pixels (%,d ignored)%n",
                source, Plural.of(f.perImage().size(), "image"), Plural.of(f.epochs().size(), "epoch"), f.epochs().get(0), f.epochs().get(f.epochs().size() - 1),
                skipped(f), f.classes(), d.pixels(), d.ignored()));
        s.append(String.format(Locale.ROOT, "confidence %.4f   variability %.4f   correctness %.4f   forgetting %.3f per pixel%n",
                d.confidence(), d.variability(), d.correctness(), d.forgetting()));
        s.append(String.format(Locale.ROOT, "hard and stable (confidence < %s, variability < %s): %,d pixels (%.3g %%)%n",
                ResultText.number(f.thresholds().confidence()), ResultText.number(f.thresholds().variability()), d.hardPixels(),
                100.0 * d.hardPixels() / d.pixels()));
        LossTerm t = f.settings().term();
        s.append(String.format(Locale.ROOT, "%s loss (%s, %s, weights %s) by epoch:%n", t instanceof LossTerm.Focal ? "focal" : t.title(),
                t instanceof LossTerm.Focal ? "γ = " + ResultText.number(t.gamma()) : ResultText.term(t),
                f.settings().reduction().cliName(), f.settings().weights().describe()));
        for (int e = 0; e < f.epochs().size(); e++) {
            s.append(String.format(Locale.ROOT, "  %-16s %.6g%n", f.epochs().get(e), d.lossByEpoch()[e]));
        }
        s.append(String.format(Locale.ROOT, "%nlowest confidence first:%n%-40s %10s %11s %11s %10s %10s%n", "image", "confidence",
                "variability", "correctness", "forgetting", "hard"));
        for (DynamicsFigures.ImageRow r : f.perImage().subList(0, Math.min(10, f.perImage().size()))) {
            DynamicsFigures.Figures x = r.figures();
            s.append(String.format(Locale.ROOT, "%-40s %10.4f %11.4f %11.4f %10.3f %,10d%n", r.name(), x.confidence(), x.variability(),
                    x.correctness(), x.forgetting(), x.hardPixels()));
        }
        if (f.perImage().size() > 10) {
            s.append(String.format(Locale.ROOT, "  ... %d more (--csv or --json for all)%n", f.perImage().size() - 10));
        }
        return s.toString();
    }

    private static String skipped(DynamicsFigures f) {
        int failed = f.failed().size();
        int missing = f.incomplete().size();
        List<String> parts = new ArrayList<>();
        if (failed > 0) {
            parts.add(Plural.of(failed, "file") + " skipped");
        }
        if (missing > 0) {
            parts.add(Plural.of(missing, "image") + " missing from some epochs");
        }
        return parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")";
    }
}
