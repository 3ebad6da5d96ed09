package io.focalscope.cli;

import io.focalscope.options.EngineOption;
import com.google.gson.GsonBuilder;
import io.focalscope.classes.ClassSet;
import io.focalscope.io.InputException;
import io.focalscope.io.MemoryBudget;
import io.focalscope.io.NdArray;
import io.focalscope.io.NpyWriter;
import io.focalscope.loss.Activation;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.LossTerm;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import io.focalscope.loss.nd4j.Backend;
import io.focalscope.options.LossOptions;
import io.focalscope.options.TermOptions;
import io.focalscope.render.MapData;
import io.focalscope.render.MapView;
import io.focalscope.render.ViewState;
import io.focalscope.session.Dataset;
import io.focalscope.session.DatasetLoader;
import io.focalscope.session.Inspection;
import io.focalscope.ui.WindowBenchmark;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code focalscope bench}: how fast loading, computing, moving γ and drawing are on synthetic data. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = FocalscopeCli.VersionProvider.class, sortOptions = false,
        description = {"Measures load, compute, re-γ and render times.",
                "Medians of load, full compute, re-γ and render, after warm-up runs, on synthetic logits."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--classes", defaultValue = "19", description = "Classes C (default: ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--height", defaultValue = "1024", description = "Height H (default: ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--width", defaultValue = "2048", description = "Width W (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--batch", defaultValue = "1", description = "Samples N (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--repeat", defaultValue = "5", description = "Runs of each step; medians are reported (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--warm-up", defaultValue = "2", paramLabel = "SECONDS",
            description = "Untimed runs of each step first, for at least this long (and at least 5): the Vector API kernels"
                    + " are fast only once the JIT has compiled them (default: ${DEFAULT-VALUE}).")
    double warmUp;

    @Option(names = "--json", paramLabel = "OUT|-", description = "Write the figures as JSON to OUT, or to stdout with -.")
    String json;

    @Option(names = "--window", description = "Time the real window instead (it needs a display; Xvfb serves): γ moved"
            + " step by step as the slider moves it, each step from setting γ to the pulse that shows it.")
    boolean window;

    @Option(names = "--steps", defaultValue = "200", description = "With --window: timed γ steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warm-up-steps", defaultValue = "300",
            description = "With --window: untimed γ steps first, about 15 s of them: the JIT compiles the window's code"
                    + " (JavaFX's layout and CSS among it) for longer than the kernels', and its compiler threads take"
                    + " cores from the window meanwhile (default: ${DEFAULT-VALUE}).")
    int warmUpSteps;

    @Option(names = "--window-size", defaultValue = "1600x1000", paramLabel = "WxH",
            description = "With --window: the window's size (default: ${DEFAULT-VALUE}).")
    String windowSize;

    @Option(names = "--tab", paramLabel = "TAB",
            description = "With --window: the chart tab shown while γ moves: Weights, Shares, 'Loss vs γ' or p_t"
                    + " (default: the one the window opens on).")
    String tab;

    @Option(names = "--activation", defaultValue = "softmax", paramLabel = "softmax|sigmoid",
            description = "softmax, or sigmoid per class channel (one-vs-rest on the synthetic labels, α 0.25) (default: ${DEFAULT-VALUE}).")
    String activation;

    @CommandLine.Mixin
    EngineOption engine;

    @CommandLine.Mixin
    TermOptions term;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The size of the window's map view that renderMs draws. */
    static final int VIEW_WIDTH = 1920;
    static final int VIEW_HEIGHT = 1080;

    @Override
    public Integer call() throws IOException {
        if (classes < 1 || height < 1 || width < 1 || batch < 1 || repeat < 1) {
            throw new InputException("bench: --classes, --height, --width, --batch and --repeat must be at least 1");
        }
        FocalLossEngine chosen = engine.engine();
        Activation act = LossOptions.activation(activation);
        // every setting checked before the synthetic files are written
        LossTerm t = term.term();
        LossSettings settings = new LossSettings(t, new WeightScheme.Enet(1.10), 255, Reduction.MEAN, true, act,
                LossSettings.defaultAlpha(act, t), false);
        if (window) {
            OpenCommand.requireDisplay();
        }
        long logitsBytes = requireSyntheticFits();
        PrintWriter out = spec.commandLine().getOut();
        Backend.fallbackNotice().ifPresent(n -> spec.commandLine().getErr().println("focalscope: " + n));
        Path dir = Files.createTempDirectory("focalscope-bench");
        long free = Files.getFileStore(dir).getUsableSpace();
        if (free < 2 * logitsBytes) {
            Files.deleteIfExists(dir);
            throw InputException.of(dir.getParent().toString(), "bench needs " + MemoryBudget.megabytes(2 * logitsBytes)
                    + " of temporary files for a " + batch + " x " + classes + " x " + height + " x " + width
                    + " batch, and the folder has " + MemoryBudget.megabytes(free) + " free");
        }
        try {
            Path logitsFile = dir.resolve("logits.npy");
            Path labelsFile = dir.resolve("labels.npy");
            writeSynthetic(logitsFile, labelsFile);
            System.gc();
            String shape = batch + " x " + classes + " x " + height + " x " + width;
            if (window) {
                return windowBench(logitsFile, labelsFile, shape, settings, out);
            }
            Supplier<Dataset> load = () -> DatasetLoader.load(logitsFile.toString(), labelsFile.toString(), null, null);
            double loadMs = median(load);
            Dataset data = load.get();
            // timed after warm-up runs, as a warm window computes: its vector kernel, not a cold start's plain float softmax
            io.focalscope.loss.cpu.CpuEngine.preferVectorCode();
            // the post's figures are a pass more, left out here as in re-γ (docs/performance.md)
            double full = median(() -> {
                try (Inspection inspection = new Inspection(data, chosen)) {
                    return inspection.evaluate(settings.withoutAsWritten());
                }
            });
            double regamma;
            double render;
            String backend;
            try (Inspection inspection = new Inspection(data, chosen)) {
                inspection.evaluate(settings);
                double[] gamma = {1.5};
                regamma = median(() -> inspection.evaluate(settings.withGamma(gamma[0] += 0.1).withoutAsWritten()));
                LossResult result = inspection.evaluate(settings);
                MapData map = new MapData(result, data.batch().labels(), null, ClassSet.numbered(classes));
                ViewState view = ViewState.defaults();
                double zoom = Math.min(VIEW_WIDTH / (double) width, VIEW_HEIGHT / (double) height);
                render = median(() -> new MapView(map, view).draw(zoom, 0, 0, VIEW_WIDTH, VIEW_HEIGHT, 0xff000000));
                backend = result.backend();
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("shape", new int[] {batch, classes, height, width});
            figures.put("repeat", repeat);
            figures.put("loadMs", round(loadMs));
            figures.put("fullComputeMs", round(full));
            figures.put("regammaMs", round(regamma));
            figures.put("renderMs", round(render));
            figures.put("peakRssMb", peakRssMb());
            figures.put("engine", chosen.id());
            figures.put("backend", backend);
            figures.put("threads", Runtime.getRuntime().availableProcessors());
            figures.put("activation", act.cliName());
            figures.put("lossTerm", io.focalscope.report.ResultJson.lossTerm(t));
            if (json == null || !json.equals("-")) {
                out.printf(Locale.ROOT, "focalscope bench: %s float32, %s, medians of %d runs, %s%n", shape,
                        io.focalscope.report.ResultText.term(t), repeat, backend);
                out.printf(Locale.ROOT, "  loadMs         %10.1f   read logits and labels (.npy)%n", loadMs);
                out.printf(Locale.ROOT, "  fullComputeMs  %10.1f   %s%n", full, act == Activation.SIGMOID
                        ? "sigmoid: -log p_t and log(1 - p_t) of every element by softplus, the maps and per-class figures"
                        : "log-softmax, both forms, all maps and per-class figures");
                out.printf(Locale.ROOT, "  regammaMs      %10.1f   a new γ: loss maps, totals, per-class figures%n", regamma);
                out.printf(Locale.ROOT, "  renderMs       %10.1f   a %d x %d view through a colormap%n", render, VIEW_WIDTH, VIEW_HEIGHT);
                out.printf(Locale.ROOT, "  peakRssMb      %10d%n", peakRssMb());
            }
            writeJson(figures, out);
            out.flush();
            return 0;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private int windowBench(Path logitsFile, Path labelsFile, String shape, LossSettings settings, PrintWriter out)
            throws IOException {
        int[] size = parseSize(windowSize);
        if (steps < 1 || warmUpSteps < 0) {
            throw new InputException("bench: --steps must be at least 1 and --warm-up-steps at least 0");
        }
        WindowBenchmark.Figures f;
        try {
            f = WindowBenchmark.run(new WindowBenchmark.Options(steps, warmUpSteps, size[0], size[1], engine.name(), tab, settings),
                    logitsFile, labelsFile);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InputException("bench --window: interrupted");
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("shape", new int[] {batch, classes, height, width});
        figures.put("window", size);
        figures.put("steps", f.steps());
        figures.put("openMs", round(f.openMs()));
        figures.put("gammaFrameMsP50", round(f.gammaFrameMsP50()));
        figures.put("gammaFrameMsP95", round(f.gammaFrameMsP95()));
        figures.put("gammaFrameMsMax", round(f.gammaFrameMsMax()));
        figures.put("longestPulseMs", round(f.longestPulseMs()));
        figures.put("peakRssMb", peakRssMb());
        figures.put("backend", f.backend());
        if (json == null || !json.equals("-")) {
            out.printf(Locale.ROOT, "focalscope bench --window: %s float32 in a %d x %d window, %d γ steps after %d untimed, %s%n",
                    shape, size[0], size[1], f.steps(), warmUpSteps, f.backend());
            out.printf(Locale.ROOT, "  openMs           %8.1f   start to the first drawn map%n", f.openMs());
            out.printf(Locale.ROOT, "  gammaFrameMsP50  %8.1f   setting γ to the pulse that shows its map, summary and charts%n",
                    f.gammaFrameMsP50());
            out.printf(Locale.ROOT, "  gammaFrameMsP95  %8.1f%n", f.gammaFrameMsP95());
            out.printf(Locale.ROOT, "  gammaFrameMsMax  %8.1f%n", f.gammaFrameMsMax());
            out.printf(Locale.ROOT, "  longestPulseMs   %8.1f   the longest the JavaFX thread was busy in one go while γ moved%n",
                    f.longestPulseMs());
            out.printf(Locale.ROOT, "  peakRssMb        %8d%n", peakRssMb());
        }
        writeJson(figures, out);
        out.flush();
        return 0;
    }

    private void writeJson(Map<String, Object> figures, PrintWriter out) throws IOException {
        if (json != null) {
            String text = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(figures) + "\n";
            if (json.equals("-")) {
                out.print(text);
            } else {
                io.focalscope.io.OutputFiles.writeText(Path.of(json), text);
            }
        }
    }

    static int[] parseSize(String text) {
        String[] parts = text.toLowerCase(Locale.ROOT).split("x");
        try {
            int[] size = {Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim())};
            if (parts.length == 2 && size[0] >= 200 && size[1] >= 200) {
                return size;
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // the message below
        }
        throw new InputException("bench: --window-size must be WIDTHxHEIGHT, each at least 200, got '" + text + "'");
    }

    /**
     * Checks the synthetic batch against what one array holds and the memory this process may use,
     * before a byte of it is written: huge dimensions used to write gigabytes and then fail.
     *
     * @return the logits' size in bytes
     */
    private long requireSyntheticFits() {
        long elements;
        try {
            elements = Math.multiplyExact(Math.multiplyExact((long) batch, classes), Math.multiplyExact((long) height, width));
        } catch (ArithmeticException e) {
            elements = Long.MAX_VALUE;
        }
        String what = "bench's " + batch + " x " + classes + " x " + height + " x " + width + " logits";
        // read back, the logits take their floats and the maps several arrays of a pixel each
        MemoryBudget.require("bench", what, elements, elements <= Long.MAX_VALUE / 12 ? elements * 12 : Long.MAX_VALUE);
        return elements * Float.BYTES;
    }

    private void writeSynthetic(Path logitsFile, Path labelsFile) {
        SplittableRandom rng = new SplittableRandom(42);
        int pixels = batch * height * width;
        NpyWriter.writeFloat32(logitsFile, new int[] {batch, classes, height, width}, () -> rng.nextDouble() * 6 - 3);
        int[] labels = new int[pixels];
        for (int p = 0; p < pixels; p++) {
            labels[p] = rng.nextInt(20) == 0 ? 255 : rng.nextInt(classes);
        }
        NpyWriter.write(labelsFile, classes <= 255 ? NdArray.ofBytes("labels", new int[] {batch, height, width}, labels)
                : NdArray.ofInts("labels", new int[] {batch, height, width}, labels));
    }

    /** Untimed runs before the timed ones, at least this many (and --warm-up seconds of them). */
    static final int WARM_UP_RUNS = 5;

    /**
     * Median wall time of {@code repeat} runs after the warm-up, in milliseconds. The garbage of
     * the previous run is collected first (untimed), so that peakRssMb shows what one run needs,
     * not how much garbage many runs can pile up.
     */
    private double median(Supplier<?> step) {
        long warmUpEnd = System.nanoTime() + (long) (warmUp * 1e9);
        for (int i = 0; i < WARM_UP_RUNS || System.nanoTime() < warmUpEnd; i++) {
            System.gc();
            step.get();
        }
        double[] ms = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            System.gc();
            long t = System.nanoTime();
            step.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return repeat % 2 == 1 ? ms[repeat / 2] : (ms[repeat / 2 - 1] + ms[repeat / 2]) / 2;
    }

    private static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }

    /** The process's peak resident memory (VmHWM), or -1 where /proc is not there. */
    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
