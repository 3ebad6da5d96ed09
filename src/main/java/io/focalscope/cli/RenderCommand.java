package io.focalscope.cli;

import io.focalscope.dataset.ImageDiscovery;
import io.focalscope.dataset.ImageFiles;
import io.focalscope.dynamics.DataMaps;
import io.focalscope.dynamics.EpochRun;
import io.focalscope.dynamics.EpochSource;
import io.focalscope.dynamics.HardThresholds;
import io.focalscope.dynamics.ImageDynamics;
import io.focalscope.dynamics.TrackedImage;
import io.focalscope.io.ArrayFiles;
import io.focalscope.io.FloatArrays;
import io.focalscope.options.DynamicsOptions;
import io.focalscope.options.EngineOption;
import io.focalscope.io.InputException;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossForm;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.nd4j.Backend;
import io.focalscope.options.LossOptions;
import io.focalscope.render.Colormap;
import io.focalscope.render.MapData;
import io.focalscope.render.MapLayer;
import io.focalscope.render.Scale;
import io.focalscope.render.ViewImage;
import io.focalscope.render.ViewState;
import io.focalscope.session.Dataset;
import io.focalscope.session.DatasetLoader;
import io.focalscope.session.Inspection;
import java.awt.image.BufferedImage;
import io.focalscope.io.OutputFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code focalscope render}: the window's map view as a PNG, headless. */
@Command(name = "render", mixinStandardHelpOptions = true, versionProvider = FocalscopeCli.VersionProvider.class, sortOptions = false,
        description = {"Draws a map layer and its colorbar into a PNG.", "The PNG the window's export writes, headless: of"
                + " --logits and --labels, or of a training run's image at an epoch (--run DIR or --list FILE.csv, --run-image"
                + " NAME), which the data-map layers need."})
final class RenderCommand implements Callable<Integer> {

    /** The files drawn: --logits and --labels, or (null here) a training run's image. */
    @CommandLine.ArgGroup(exclusive = false)
    InputOptions input;

    @Option(names = "--run", paramLabel = "DIR", description = "A training run (one sub-folder per epoch, as 'dynamics' reads it)"
            + " instead of --logits and --labels: draws its image --run-image at --epoch, on any layer and on the data-map layers"
            + " data-confidence, data-variability, data-correctness and hard-stable.")
    Path run;

    @Option(names = "--labels-dir", paramLabel = "D", description = "With --run: the labels of every epoch, paired by file stem"
            + " (default: DIR/labels where it exists, else each epoch folder's own).")
    Path runLabels;

    @Option(names = "--list", paramLabel = "FILE.csv", description = "A training run as a CSV with the header"
            + " 'epoch,logits,labels', instead of --run.")
    Path runList;

    @Option(names = "--run-image", paramLabel = "NAME", description = "The run's image to draw, by its name in the run (as"
            + " 'dynamics' names it: its path under an epoch folder, or its logits file's name, without the suffix).")
    String runImage;

    @Option(names = "--epoch", paramLabel = "EPOCH", description = "The epoch whose files are drawn, by name (default: the last).")
    String epoch;

    @CommandLine.Mixin
    DynamicsOptions hard;

    @CommandLine.Mixin
    LogitsLayoutOption layout;

    @CommandLine.Mixin
    InputOptions.Scene scene;

    @CommandLine.Mixin
    LossOptions loss;

    @CommandLine.Mixin
    EngineOption engine;

    @Option(names = "--layer", defaultValue = "focal", description = "focal, ce, modulation, pt, ratio, diff, as-written,"
            + " gamma-change (focal at --gamma2 over focal at --gamma), predicted, label, error, label-issues, confidence (max softmax),"
            + " confident-wrong (max softmax above --confidence-threshold and argmax ≠ label), or with --run the data-map layers"
            + " data-confidence, data-variability, data-correctness and hard-stable (default: ${DEFAULT-VALUE}).")
    String layer;

    @Option(names = "--confidence-threshold", paramLabel = "C", defaultValue = "0.9", description = "The top-label confidence"
            + " above which --layer confident-wrong marks a wrong prediction (default: ${DEFAULT-VALUE}).")
    double confidenceThreshold;

    @Option(names = "--gamma2", paramLabel = "G", description = "The second γ of --layer gamma-change.")
    Double gamma2;

    @Option(names = "--colormap", description = "viridis, inferno, magma, turbo, gray or RdBu_r (default: inferno;"
            + " RdBu_r for gamma-change).")
    String colormap;

    @Option(names = "--scale", description = "linear or log (default: the layer's own, as the window opens it: log for"
            + " losses, the modulation and ratios, linear for p_t and diff).")
    String scale;

    @Option(names = "--range", paramLabel = "LO:HI", description = "Fixed range of the colormap (default: automatic, between"
            + " two percentiles of the shown values).")
    String range;

    @Option(names = "--percentiles", paramLabel = "LOW:HIGH", defaultValue = "0.5:99.9",
            description = "The automatic range's percentiles (default: ${DEFAULT-VALUE}).")
    String percentiles;

    @Option(names = "--form", defaultValue = "onehot", description = "nll or onehot (default: ${DEFAULT-VALUE}).")
    String form;

    @Option(names = "--sample", defaultValue = "0", description = "Sample of the batch (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--opacity", defaultValue = "0.8", description = "Opacity of the map over --image (default: ${DEFAULT-VALUE}).")
    double opacity;

    @Option(names = "--zoom", defaultValue = "1", description = "Screen pixels per map pixel (default: ${DEFAULT-VALUE}).")
    double zoom;

    @Option(names = "--dark", description = "Dark background for the colorbar.")
    boolean dark;

    @Option(names = "--out", required = true, paramLabel = "OUT.png", description = "The PNG to write.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        ViewState view = viewState();
        RunImage fromRun = runImage(view.layer());
        String logits = fromRun == null ? input.logits : fromRun.files().logits();
        String labels = fromRun == null ? input.labels : fromRun.files().labels();
        List<OutputFiles.Named> inputs = new ArrayList<>(fromRun == null ? input.named()
                : List.of(new OutputFiles.Named("--run-image's logits", ArrayFiles.Spec.parse(logits).file()),
                        new OutputFiles.Named("--run-image's labels", ArrayFiles.Spec.parse(labels).file()),
                        new OutputFiles.Named("--list", runList)));
        inputs.add(new OutputFiles.Named("--image", scene.image));
        inputs.add(new OutputFiles.Named("--classes", scene.classes));
        inputs.add(new OutputFiles.Named("--weights", loss.weightsFile()));
        OutputFiles.checkBeforeWork(List.of(new OutputFiles.Named("--out", out)), inputs);
        FocalLossEngine chosen = engine.engine();
        LossSettings settings = loss.settings().withGradient(view.layer().needsGradient());
        HardThresholds thresholds = hard.thresholds();
        if (view.layer().needsDataMaps()) {
            ImageDynamics.requireSoftmaxTerm(settings.term());
            ImageDynamics.requireSoftmax(settings);
        }
        Backend.fallbackNotice().ifPresent(n -> spec.commandLine().getErr().println("focalscope: " + n));
        if (settings.sigmoid() && (view.layer() == MapLayer.AS_WRITTEN || view.layer() == MapLayer.FORM_DIFFERENCE)) {
            throw new InputException("--layer " + layer + ": the source post's code and its two forms are a softmax loss;"
                    + " with --activation sigmoid draw focal, ce, modulation, pt, ratio, gamma-change, gradient, gradient-ratio,"
                    + " gamma-used, predicted, label or error");
        }
        if (settings.sigmoid() && view.layer().needsConfidence()) {
            throw new InputException("--layer " + layer + ": the top-label confidence is a softmax's; with --activation sigmoid"
                    + " it is not drawn");
        }
        if (view.layer() == MapLayer.AS_WRITTEN && !(settings.term() instanceof io.focalscope.loss.LossTerm.Focal)) {
            throw new InputException("--layer as-written: the source post's code is focal loss; it takes --loss focal");
        }
        Dataset d = DatasetLoader.load(logits, labels, layout.layout(), scene.image, scene.classes, settings.activation());
        d.warnings().forEach(w -> spec.commandLine().getErr().println("focalscope: warning: " + w));
        if (sample < 0 || sample >= d.batch().samples()) {
            throw new InputException("--sample: " + sample + " is not a sample of " + d.batch().samples());
        }
        LossResult result;
        LossResult second = null;
        try (Inspection inspection = new Inspection(d, chosen)) {
            result = inspection.evaluate(settings);
            if (view.layer().needsSecondGamma()) {
                second = inspection.evaluate(settings.withGamma(gamma2));
            }
        }
        // the label-issues layer: the file searched as a dataset of its own, as the window does
        boolean[] issues = !view.layer().needsLabelIssues() ? null : io.focalscope.labels.LabelIssueSearch.inBatch(d.batch(),
                logits, new io.focalscope.labels.LabelIssueSearch.Options(settings.withoutAsWritten(), 0.1, 1)).flagged();
        float[] confidence = view.layer().needsConfidence() ? io.focalscope.calibration.CalibrationPass.confidence(d.batch()) : null;
        // the data maps as the window works them out for a run's image: its epochs followed by the run's own per-image step
        DataMaps maps = !view.layer().needsDataMaps() ? null : ImageDynamics.of(0, fromRun.image(), chosen, settings.withoutAsWritten(),
                thresholds, true, FloatArrays.FRESH, null).maps();
        MapData data = new MapData(result, second, d.batch().pixelLabels(result.ignoreIndex()), d.image(), d.classes(), issues,
                confidence, maps);
        int w = (int) Math.round(d.batch().width() * zoom);
        int h = (int) Math.round(d.batch().height() * zoom);
        BufferedImage png = ViewImage.compose(data, view, zoom, 0, 0, w, h, dark);
        ViewImage.writePng(png, out);
        spec.commandLine().getOut().println("wrote " + out + " (" + png.getWidth() + " x " + png.getHeight() + ")");
        return 0;
    }

    /** A training run's image, and its files at the epoch drawn. */
    private record RunImage(TrackedImage image, ImageFiles files) {
    }

    /** The run's image to draw, or null where --logits and --labels are given; each misuse refused in one line. */
    private RunImage runImage(MapLayer layer) {
        boolean fromRun = run != null || runList != null;
        if (input != null && fromRun) {
            throw new InputException("render: give --logits and --labels, or a training run's image (--run DIR or --list FILE.csv,"
                    + " with --run-image NAME), not both");
        }
        if (!fromRun) {
            if (runImage != null || epoch != null || runLabels != null) {
                throw new InputException("render: --run-image, --epoch and --labels-dir pick a training run's image: give the run"
                        + " with --run DIR or --list FILE.csv");
            }
            if (layer.needsDataMaps()) {
                throw new InputException("--layer " + layer.id() + " shows a training run's data maps: draw one of its images with"
                        + " --run DIR (or --list FILE.csv) and --run-image NAME, or open the run with 'focalscope open-dynamics DIR'");
            }
            if (input == null) {
                throw new InputException("render: give --logits and --labels, or a training run's image (--run DIR or --list"
                        + " FILE.csv, with --run-image NAME)");
            }
            return null;
        }
        EpochSource source = RunSources.of("render", "--run DIR", run, runLabels, runList, ImageDiscovery.LOGITS_SUFFIX,
                ImageDiscovery.LABELS_SUFFIXES, null);
        EpochRun found = source.discover();
        List<String> names = found.images().stream().map(TrackedImage::name).toList();
        if (runImage == null) {
            throw new InputException("render: --run-image NAME: which of the run's images to draw (" + some(names) + ")");
        }
        TrackedImage image = found.image(runImage).orElseThrow(() -> InputException.of(found.source(), found.incomplete().stream()
                .filter(i -> i.name().equals(runImage)).findFirst()
                .map(i -> i.describe() + ", so it is not followed; render draws an image found in every epoch")
                .orElse("no image named '" + runImage + "' in every epoch; its images: " + some(names))));
        int e = epoch == null ? found.epochs().size() - 1 : found.epochs().indexOf(epoch);
        if (e < 0) {
            throw InputException.of(found.source(), "--epoch: no epoch named '" + epoch + "'; its epochs: " + some(found.epochs()));
        }
        return new RunImage(image, image.epochs().get(e));
    }

    /** Names for a message: all of a few, else the first ones and the last. */
    private static String some(List<String> names) {
        if (names.isEmpty()) {
            return "none";
        }
        return names.size() <= 12 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 10)) + ", … " + names.get(names.size() - 1) + " (" + names.size() + ")";
    }

    /** The value whose name is {@code text}, or a message listing the names. */
    private static <T> T choose(String option, String text, T[] values) {
        for (T v : values) {
            if (v.toString().equalsIgnoreCase(text)) {
                return v;
            }
        }
        throw new InputException(option + ": '" + text + "' is none of " + java.util.Arrays.toString(values));
    }

    /** Two numbers A:B with A < B. */
    private static double[] pair(String option, String text) {
        String[] parts = text.split(":");
        try {
            if (parts.length == 2) {
                double a = Double.parseDouble(parts[0]);
                double b = Double.parseDouble(parts[1]);
                if (b > a) {
                    return new double[] {a, b};
                }
                throw new IllegalArgumentException(option + ": the second number must be greater than the first, got '" + text + "'");
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException(option + ": expected two numbers A:B, got '" + text + "'");
    }

    private ViewState viewState() {
        try {
            MapLayer l = MapLayer.parse(layer);
            if (l.needsSecondGamma() && gamma2 == null) {
                throw new InputException("--layer " + layer + " needs --gamma2, the γ it compares with --gamma");
            }
            Colormap c = colormap != null ? Colormap.parse(colormap) : l.defaultColormap();
            Scale s = scale == null ? l.defaultScale() : choose("--scale", scale, Scale.values());
            LossForm f = choose("--form", form, LossForm.values());
            double[] p = pair("--percentiles", percentiles);
            boolean auto = range == null;
            double lo = 0;
            double hi = 1;
            if (!auto) {
                double[] r = pair("--range", range);
                lo = r[0];
                hi = r[1];
            }
            if (!(p[0] >= 0 && p[1] <= 100)) {
                throw new IllegalArgumentException("--percentiles: expected 0 <= LOW < HIGH <= 100, got '" + percentiles + "'");
            }
            if (!(zoom > 0 && zoom <= 64) || !(opacity >= 0 && opacity <= 1)) {
                throw new IllegalArgumentException("--zoom must be in (0, 64] and --opacity in [0, 1]");
            }
            if (!(confidenceThreshold >= 0 && confidenceThreshold <= 1)) {
                throw new IllegalArgumentException("--confidence-threshold must be in [0, 1], got " + confidenceThreshold);
            }
            return new ViewState(sample, l, f, c, s, auto, p[0], p[1], lo, hi, opacity, Set.of(), null, confidenceThreshold);
        } catch (InputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InputException(e.getMessage().startsWith("--") ? e.getMessage() : "render: " + e.getMessage());
        }
    }
}
