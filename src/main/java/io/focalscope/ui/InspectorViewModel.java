package io.focalscope.ui;

import io.focalscope.classes.ClassSet;
import io.focalscope.classes.ClassSetReader;
import io.focalscope.io.InputException;
import io.focalscope.loss.Engines;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossForm;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossSettings;
import io.focalscope.render.MapData;
import io.focalscope.render.MapLayer;
import io.focalscope.session.Dataset;
import io.focalscope.session.DatasetLoader;
import io.focalscope.session.DroppedFiles;
import io.focalscope.session.Inspection;
import io.focalscope.ui.task.BackgroundTask;
import io.focalscope.ui.task.FxTaskExecutor;
import io.focalscope.ui.task.LatestOnly;
import io.focalscope.ui.task.TaskExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The inspector: what is open, its evaluation, and the feature view models (loss settings, map,
 * comparison, charts, exports) that the window binds to. Every load, evaluation, chart and frame is
 * worked out on one {@link TaskExecutor}; a γ step publishes its evaluation, charts and frames in
 * one go on the UI thread, so that one pulse shows them together.
 */
public final class InspectorViewModel implements AutoCloseable {

    /** γ values of the loss-against-γ curve. */
    static final double[] CURVE_GAMMAS = IntStream.rangeClosed(0, 20).mapToDouble(i -> i * 0.25).toArray();

    final LossSettingsViewModel loss;
    final ComparisonViewModel compare = new ComparisonViewModel();
    final MapViewModel map;
    final ChartsViewModel charts;
    final ExportViewModel exports;

    // Results and progress //
    private final ReadOnlyObjectWrapper<Dataset> dataset = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Evaluation> evaluation = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    private final TaskExecutor executor;
    private final LatestOnly evaluations;
    private final String engineName;
    /** Chosen on first use, on the worker: on a CUDA build the choice asks ND4J, whose first call costs seconds. */
    private FocalLossEngine engine;
    private Consumer<String> errorHandler = System.err::println;
    private Consumer<String> noticeHandler = notice -> { };
    private List<String> shownWarnings = List.of();
    /** Logits or labels picked without the other, waiting for it. */
    private DroppedFiles pendingHalf;
    /** Set when a dataset is opened: its first figures choose the sample it opens on. */
    private boolean openOnHardest;
    private volatile boolean closed;

    // Owned by the worker thread //
    private Inspection inspection;
    private Object curveKey;
    private double[] curve;

    /** On the default engine for this machine, in the window. */
    public InspectorViewModel() {
        this("auto");
    }

    /** @param engine {@code auto}, {@code cpu} or {@code nd4j} (see {@link Engines}) */
    public InspectorViewModel(String engine) {
        this(engine, new FxTaskExecutor());
    }

    /** With the executor that runs the background work (tests pass one that runs it at once). */
    InspectorViewModel(String engine, TaskExecutor executor) {
        if (!Engines.NAMES.contains(engine == null ? "auto" : engine.toLowerCase(java.util.Locale.ROOT))) {
            Engines.choose(engine); // its message names the engines
        }
        this.engineName = engine;
        this.executor = executor;
        this.evaluations = new LatestOnly(executor);
        Consumer<String> errors = m -> errorHandler.accept(m);
        Consumer<String> notices = m -> noticeHandler.accept(m);
        loss = new LossSettingsViewModel(executor, errors);
        map = new MapViewModel(executor, compare, loss.form::get, List.of(loss.form), errors);
        charts = new ChartsViewModel(executor, errors);
        exports = new ExportViewModel(executor, dataset::get, evaluation::get, map, errors, notices);
        for (Observable o : loss.figureInputs()) {
            o.addListener(x -> requestEvaluation());
        }
        for (Observable o : compare.figureInputs()) {
            o.addListener(x -> requestEvaluation());
        }
        loss.gammaChanging.addListener((o, was, now) -> {
            if (!now) {
                requestEvaluation(); // the post's figures, left out while the slider moved
            }
        });
        map.layer.addListener((o, was, now) -> {
            Evaluation e = evaluation.get();
            if (now == MapLayer.AS_WRITTEN && e != null && e.result().asWritten() == null) {
                requestEvaluation();
            }
        });
        map.hiddenClasses.addListener((javafx.collections.SetChangeListener<Integer>) c -> refreshCharts());
        // the map data carries the class colours and the picture: a new evaluation brings them
        map.classes.addListener(x -> requestEvaluation());
        map.image.addListener(x -> requestEvaluation());
    }

    // Read-only views //

    public ReadOnlyObjectProperty<Dataset> datasetProperty() {
        return dataset.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Evaluation> evaluationProperty() {
        return evaluation.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The engine that computes and its device, such as {@code cpu kernel on CPU (...)}; may ask ND4J (slow the first time). */
    public String engineDescription() {
        return engine().describe();
    }

    private synchronized FocalLossEngine engine() {
        if (engine == null) {
            engine = Engines.choose(engineName);
        }
        return engine;
    }

    /** What computes, worked out on the worker (it may load ND4J), for Help ▸ About. */
    public void describeBackend(Consumer<String> then) {
        executor.execute(BackgroundTask.of(p -> "Engine: " + engineDescription() + "\nND4J " + io.focalscope.Versions.nd4j()
                + " (" + io.focalscope.loss.Backend.name() + " backend)").onSuccess(then).onFailure(this::report));
    }

    /** Where user-facing error messages go (the view shows a dialog). */
    public void setErrorHandler(Consumer<String> handler) {
        errorHandler = handler;
    }

    /** Where short notices go, such as where an export was saved (the view shows them in the status bar). */
    public void setNoticeHandler(Consumer<String> handler) {
        noticeHandler = handler;
    }

    // Opening //

    public void openDemo() {
        load("the demo", DatasetLoader::demo);
    }

    /** Opens logits and labels (the same .npz for both is fine), with an optional picture and class list. */
    public void open(String logits, String labels, Path picture, Path classList) {
        load(logits, () -> DatasetLoader.load(logits, labels, picture, classList));
    }

    /**
     * Opens files dropped on the window or picked together: see {@link DroppedFiles}. They are told
     * apart in the background (that reads their headers); logits or labels alone wait for the other.
     */
    public void openFiles(List<Path> files) {
        executor.execute(BackgroundTask.of(p -> DroppedFiles.classify(files))
                .onSuccess(picked -> openClassified(picked, files.size()))
                .onFailure(this::report));
    }

    private void openClassified(DroppedFiles picked, int count) {
        DroppedFiles joined = pendingHalf == null ? picked : pendingHalf.with(picked);
        if (joined.isComplete()) {
            pendingHalf = null;
            open(joined.logits(), joined.labels(), joined.image(), joined.classes());
        } else if (joined.logits() == null && joined.labels() == null) {
            errorHandler.accept("Open logits and labels (two .npy files, or one .npz holding both); none of the "
                    + count + (count == 1 ? " file holds either" : " files holds either"));
        } else {
            pendingHalf = joined;
            noticeHandler.accept(joined.logits() == null ? "Now open the logits for " + fileName(joined.labels())
                    : "Now open the labels for " + fileName(joined.logits()));
        }
    }

    private static String fileName(String spec) {
        return Path.of(spec).getFileName().toString();
    }

    public void openImage(Path file) {
        Dataset d = dataset.get();
        if (d != null) {
            executor.execute(BackgroundTask.of(p -> DatasetLoader.readImage(file, d.batch().width(), d.batch().height()))
                    .onSuccess(map.image::set).onFailure(this::report));
        }
    }

    public void openClasses(Path file) {
        Dataset d = dataset.get();
        executor.execute(BackgroundTask.of(p -> {
            ClassSet set = ClassSetReader.read(file);
            return d == null ? set : set.fitted(d.batch().classes());
        }).onSuccess(map.classes::set).onFailure(this::report));
    }

    private void load(String what, Supplier<Dataset> loader) {
        LossSettings settings;
        try {
            settings = loss.settings(false);
        } catch (InputException e) {
            errorHandler.accept(e.getMessage());
            return;
        }
        busy.set(true);
        executor.execute(BackgroundTask.of(p -> {
            p.update(0.1, "Reading " + what + "…");
            Dataset d = loader.get();
            p.update(0.5, "Computing softmax over " + d.batch().pixels() + " pixels…");
            Inspection fresh = new Inspection(d, engine());
            try {
                fresh.evaluate(settings); // prepares the softmax here, under the progress bar
            } catch (RuntimeException e) {
                fresh.close();
                throw e;
            }
            if (closed) {
                fresh.close();
                return null;
            }
            if (inspection != null) {
                inspection.close();
            }
            inspection = fresh; // on the worker, which owns it
            curveKey = null;
            p.update(1, "");
            boolean numbered = d.classes().title().equals("numbered");
            return new Opened(d, numbered ? DatasetLoader.presetFor(d.batch().classes()).orElse(null) : null,
                    io.focalscope.loss.Backend.fallbackNotice().orElse(null));
        }).showingProgress((done, text) -> {
            progress.set(done);
            message.set(text);
        }).onSuccess(o -> {
            busy.set(false);
            if (o != null) {
                opened(o.dataset());
                if (o.fallback() != null) {
                    noticeHandler.accept(o.fallback());
                }
                if (o.preset() != null) {
                    noticeHandler.accept(o.dataset().batch().classes() + " numbered classes; File ▸ Class presets ▸ "
                            + o.preset() + " names them if these are " + o.preset() + " classes");
                }
            }
        }).onFailure(e -> {
            busy.set(false);
            errorHandler.accept(e instanceof InputException ? e.getMessage() : "Could not open " + what + ": " + e);
        }));
    }

    /**
     * An opened dataset, the class preset with as many classes where its classes are numbered, and
     * the CUDA build's notice that it computes on the CPU.
     */
    private record Opened(Dataset dataset, String preset, String fallback) {
    }

    private void opened(Dataset d) {
        openOnHardest = true;
        dataset.set(d);
        map.opened(d.classes(), d.image(), d.batch().width(), d.batch().height());
        requestEvaluation();
    }

    // Evaluating //

    /**
     * Works out the figures, charts and frames for the current settings on the worker; a newer
     * request replaces this one if it has not started.
     */
    public void requestEvaluation() {
        Dataset d = dataset.get();
        if (d == null) {
            return;
        }
        LossSettings s;
        try {
            s = loss.settings(!loss.gammaChanging.get() || map.layer.get() == MapLayer.AS_WRITTEN);
        } catch (InputException e) {
            errorHandler.accept(e.getMessage());
            return;
        }
        boolean side = compare.sideBySide.get();
        double g2 = compare.secondGamma.get();
        LossForm form = loss.form.get();
        ClassSet classes = map.classes.get();
        Set<Integer> hidden = Set.copyOf(map.hiddenClasses);
        int[] picture = map.image.get();
        boolean onHardest = openOnHardest;
        Object key = List.of(d, s.weights().describe(), String.valueOf(s.ignoreIndex()), s.reduction(), form);
        evaluations.submit(BackgroundTask.of(p -> {
            if (inspection == null || inspection.dataset() != d) {
                return null; // a newer dataset is being opened
            }
            LossResult r = inspection.evaluate(s);
            LossResult second = side ? inspection.evaluate(s.withGamma(g2)) : null;
            if (!key.equals(curveKey)) {
                curve = inspection.lossCurve(s, form, CURVE_GAMMAS);
                curveKey = key;
            }
            // made here, on the worker that owns the engine's buffers, not at the first hover on the JavaFX thread
            r.maps().modulation(0);
            Evaluation e = new Evaluation(d, s, r, second, CURVE_GAMMAS, curve);
            ChartData c = charts.compute(e, form, classes, hidden);
            MapData data = new MapData(r, second, d.batch().labels(), picture, classes);
            FrameRequest latest = map.latestRequest(); // the newest view; the properties belong to the JavaFX thread
            int sample = onHardest ? c.hardestFirst()[0]
                    : latest == null ? 0 : Math.min(latest.view().sample(), d.batch().samples() - 1);
            FrameRequest.Frames frames = latest == null ? null : map.render(latest.withData(data, sample));
            return new Shown(e, c, data, frames, sample);
        }).onSuccess(shown -> {
            if (shown != null && shown.evaluation().dataset() == dataset.get()) {
                publish(shown, onHardest);
            }
        }).onFailure(e -> {
            if (e instanceof InputException) {
                errorHandler.accept(e.getMessage());
                Evaluation used = evaluation.get();
                if (used != null) {
                    loss.showIgnoreIndex(used.settings().ignoreIndex());
                }
            } else {
                errorHandler.accept("internal error: " + e);
            }
        }));
    }

    /** What one evaluation brings to the window, installed in one go. */
    private record Shown(Evaluation evaluation, ChartData charts, MapData data, FrameRequest.Frames frames, int sample) {
    }

    private void publish(Shown s, boolean wasOpening) {
        if (wasOpening) {
            openOnHardest = false;
        }
        evaluation.set(s.evaluation());
        charts.install(s.charts());
        map.install(s.data(), s.frames(), s.sample());
        // a warning is about the weights, not γ: say it once, not at every step of the slider
        List<String> warnings = s.evaluation().result().warnings();
        if (!warnings.equals(shownWarnings)) {
            shownWarnings = warnings;
            warnings.forEach(errorHandler);
        }
    }

    private void refreshCharts() {
        charts.refresh(evaluation::get, loss.form.get(), map.classes.get(), map.hiddenClasses);
    }

    private void report(Exception e) {
        errorHandler.accept(e instanceof InputException ? e.getMessage() : "internal error: " + e);
    }

    /** Finishes the work in hand, frees the open inspection and ends the worker; safe to call twice. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        executor.execute(BackgroundTask.running(() -> {
            if (inspection != null) {
                inspection.close();
                inspection = null;
            }
        }));
        executor.close();
    }
}
