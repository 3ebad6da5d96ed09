package io.focalscope.ui;

import io.focalscope.classes.ClassSet;
import io.focalscope.classes.ClassSetReader;
import io.focalscope.io.InputException;
import io.focalscope.io.NpyWriter;
import io.focalscope.io.WeightsFile;
import io.focalscope.loss.Engines;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossForm;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import io.focalscope.render.Colormap;
import io.focalscope.render.MapData;
import io.focalscope.render.MapLayer;
import io.focalscope.render.MapRenderer;
import io.focalscope.render.Scale;
import io.focalscope.render.Ticks;
import io.focalscope.render.ViewState;
import io.focalscope.report.ClassFiguresCsv;
import io.focalscope.report.ResultJson;
import io.focalscope.session.Dataset;
import io.focalscope.session.DatasetLoader;
import io.focalscope.session.DroppedFiles;
import io.focalscope.session.Inspection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;
import javafx.concurrent.Task;

/**
 * The state of the inspector window and its commands. The view binds to these properties; every
 * computation runs on the {@link ComputeWorker}, never on the JavaFX thread.
 */
public final class InspectorViewModel implements AutoCloseable {

    /** γ values of the loss-against-γ curve. */
    static final double[] CURVE_GAMMAS = java.util.stream.IntStream.rangeClosed(0, 20).mapToDouble(i -> i * 0.25).toArray();

    // Loss settings //
    final DoubleProperty gamma = new SimpleDoubleProperty(2.0);
    final DoubleProperty secondGamma = new SimpleDoubleProperty(0.0);
    final BooleanProperty sideBySide = new SimpleBooleanProperty(false);
    /** Side by side, whether each pane takes its own automatic range (by default both share the first's). */
    final BooleanProperty separateScales = new SimpleBooleanProperty(false);
    final ObjectProperty<WeightChoice> weightChoice = new SimpleObjectProperty<>(WeightChoice.NONE);
    final DoubleProperty enetC = new SimpleDoubleProperty(1.10);
    final DoubleProperty beta = new SimpleDoubleProperty(0.999);
    final ObjectProperty<Path> weightsFile = new SimpleObjectProperty<>();
    final StringProperty ignoreIndex = new SimpleStringProperty("255");
    final ObjectProperty<Reduction> reduction = new SimpleObjectProperty<>(Reduction.MEAN);
    final ObjectProperty<LossForm> form = new SimpleObjectProperty<>(LossForm.ONEHOT);
    /** True while the γ slider is dragged: the post's figures wait until it is let go (a pass saved per step). */
    final BooleanProperty gammaChanging = new SimpleBooleanProperty(false);

    // View settings //
    final ObjectProperty<MapLayer> layer = new SimpleObjectProperty<>(MapLayer.FOCAL);
    final ObjectProperty<Colormap> colormap = new SimpleObjectProperty<>(Colormap.INFERNO);
    // loss maps are heavy-tailed: on a linear scale most of a trained network's map is the colormap's first shade
    final ObjectProperty<Scale> scale = new SimpleObjectProperty<>(Scale.LOG);
    final BooleanProperty autoRange = new SimpleBooleanProperty(true);
    final DoubleProperty rangeLo = new SimpleDoubleProperty(0);
    final DoubleProperty rangeHi = new SimpleDoubleProperty(1);
    final DoubleProperty opacity = new SimpleDoubleProperty(0.8);
    final IntegerProperty sample = new SimpleIntegerProperty(0);
    final BooleanProperty hardestFirst = new SimpleBooleanProperty(true);
    final ObservableSet<Integer> hiddenClasses = FXCollections.observableSet();
    final ObjectProperty<ClassSet> classes = new SimpleObjectProperty<>();
    final ObjectProperty<int[]> image = new SimpleObjectProperty<>();

    // Results and progress //
    private final ReadOnlyObjectWrapper<Dataset> dataset = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Evaluation> evaluation = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ObjectBinding<ViewState> viewState;
    private final ObjectBinding<MapData> mapData;

    private final ComputeWorker worker = new ComputeWorker();
    private final FocalLossEngine engine;
    private Consumer<String> errorHandler = System.err::println;
    private Consumer<String> noticeHandler = notice -> { };
    private Object curveKey;
    private double[] curve;
    private List<String> shownWarnings = List.of();
    /** Logits or labels picked without the other, waiting for it. */
    private DroppedFiles pendingHalf;
    /** Set when a dataset is installed: its first figures choose the sample it opens on. */
    private boolean openOnHardest;

    /** On the default engine for this machine. */
    public InspectorViewModel() {
        this("auto");
    }

    /** @param engine {@code auto}, {@code cpu} or {@code nd4j} (see {@link Engines}) */
    public InspectorViewModel(String engine) {
        this.engine = Engines.choose(engine);
        viewState = Bindings.createObjectBinding(() -> new ViewState(sample.get(), layer.get(), form.get(), colormap.get(),
                        scale.get(), autoRange.get(), rangeLo.get(), rangeHi.get(), opacity.get(), java.util.Set.copyOf(hiddenClasses)),
                sample, layer, form, colormap, scale, autoRange, rangeLo, rangeHi, opacity, hiddenClasses);
        mapData = Bindings.createObjectBinding(() -> {
            Evaluation e = evaluation.get();
            return e == null ? null : new MapData(e.result(), e.dataset().batch().labels(), image.get(), classes.get());
        }, evaluation, image, classes);
        for (var p : List.of(gamma, secondGamma, sideBySide, weightChoice, enetC, beta, weightsFile, ignoreIndex, reduction, form)) {
            p.addListener((obs, old, now) -> requestEvaluation());
        }
        gammaChanging.addListener((obs, was, now) -> {
            if (!now) {
                requestEvaluation();
            }
        });
        layer.addListener((obs, old, now) -> {
            Evaluation e = evaluation.get();
            if (now == MapLayer.AS_WRITTEN && e != null && e.result().asWritten() == null) {
                requestEvaluation();
            }
        });
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

    public ObjectBinding<ViewState> viewStateBinding() {
        return viewState;
    }

    public ObjectBinding<MapData> mapDataBinding() {
        return mapData;
    }

    /** The engine that computes and its device, such as {@code cpu kernel on CPU (...)}. */
    public String engineDescription() {
        return engine.describe();
    }

    /** Where short notices go, such as where an export was saved (the view shows them in the status bar). */
    public void setNoticeHandler(Consumer<String> handler) {
        noticeHandler = handler;
    }

    /**
     * A file name for an export: the data's name, the shown layer (for a map or view), γ and, in a
     * batch, the sample, such as {@code demo_focal_gamma2.png}.
     */
    public String exportName(boolean withLayer, String extension) {
        Dataset d = dataset.get();
        String stem = d == null ? "focalscope" : d.title().split("[ (+]")[0].replaceAll("\\.(npz|npy|png)$", "")
                .replaceAll("[^A-Za-z0-9._-]", "_");
        ViewState v = viewState.get();
        return (stem.isEmpty() ? "focalscope" : stem) + (withLayer ? "_" + v.layer().id() : "")
                + "_gamma" + Ticks.label(gamma.get())
                + (d != null && d.batch().samples() > 1 ? "_sample" + v.sample() : "") + "." + extension;
    }

    /** Where user-facing error messages go (the view shows a dialog). */
    public void setErrorHandler(Consumer<String> handler) {
        errorHandler = handler;
    }

    // Commands //

    public void openDemo() {
        load("the demo", DatasetLoader::demo);
    }

    /** Opens logits and labels (the same .npz for both is fine), with an optional picture and class list. */
    public void open(String logits, String labels, Path picture, Path classList) {
        load(logits, () -> DatasetLoader.load(logits, labels, picture, classList));
    }

    /** Opens files dropped on the window or picked together: see {@link DroppedFiles}. */
    public void openFiles(List<Path> files) {
        DroppedFiles picked;
        try {
            picked = DroppedFiles.classify(files);
        } catch (InputException e) {
            errorHandler.accept(e.getMessage());
            return;
        }
        DroppedFiles joined = pendingHalf == null ? picked : pendingHalf.with(picked);
        if (joined.isComplete()) {
            pendingHalf = null;
            open(joined.logits(), joined.labels(), joined.image(), joined.classes());
        } else if (joined.logits() == null && joined.labels() == null) {
            errorHandler.accept("Open logits and labels (two .npy files, or one .npz holding both); none of the "
                    + files.size() + " file(s) holds either");
        } else {
            // logits or labels picked alone: kept until the other half is picked
            pendingHalf = joined;
            noticeHandler.accept(joined.logits() == null ? "Now open the logits for " + fileName(joined.labels())
                    : "Now open the labels for " + fileName(joined.logits()));
        }
    }

    private static String fileName(String spec) {
        return Path.of(spec).getFileName().toString();
    }

    /** Hides every class but one. */
    public void showOnly(int c) {
        ClassSet set = classes.get();
        if (set == null) {
            return;
        }
        java.util.Set<Integer> others = new java.util.HashSet<>();
        for (int k = 0; k < set.size(); k++) {
            if (k != c) {
                others.add(k);
            }
        }
        hiddenClasses.retainAll(others);
        hiddenClasses.addAll(others);
    }

    public void openImage(Path file) {
        Dataset d = dataset.get();
        if (d == null) {
            return;
        }
        try {
            image.set(DatasetLoader.readImage(file, d.batch().width(), d.batch().height()));
        } catch (InputException e) {
            errorHandler.accept(e.getMessage());
        }
    }

    public void openClasses(Path file) {
        Dataset d = dataset.get();
        try {
            ClassSet set = ClassSetReader.read(file);
            classes.set(d == null ? set : set.fitted(d.batch().classes()));
        } catch (InputException e) {
            errorHandler.accept(e.getMessage());
        }
    }

    private void load(String what, Supplier<Dataset> loader) {
        LossSettings settings;
        try {
            settings = settings();
        } catch (InputException e) {
            errorHandler.accept(e.getMessage());
            return;
        }
        Task<Inspection> task = new Task<>() {
            @Override
            protected Inspection call() {
                updateMessage("Reading " + what + "…");
                updateProgress(0.1, 1);
                Dataset d = loader.get();
                updateMessage("Computing softmax over " + d.batch().pixels() + " pixels…");
                updateProgress(0.5, 1);
                Inspection inspection = new Inspection(d, engine);
                try {
                    inspection.evaluate(settings); // prepares the softmax here, under the progress bar
                } catch (RuntimeException e) {
                    inspection.close();
                    throw e;
                }
                updateProgress(1, 1);
                return inspection;
            }
        };
        busy.set(true);
        progress.bind(task.progressProperty());
        message.bind(task.messageProperty());
        task.setOnFailed(e -> {
            finishTask();
            Throwable t = task.getException();
            errorHandler.accept(t instanceof InputException ? t.getMessage() : "Could not open " + what + ": " + t);
        });
        task.setOnSucceeded(e -> finishTask());
        worker.load(task, inspection -> javafx.application.Platform.runLater(() -> installed(inspection.dataset())));
    }

    private void finishTask() {
        progress.unbind();
        message.unbind();
        busy.set(false);
    }

    private void installed(Dataset d) {
        hiddenClasses.clear();
        classes.set(d.classes());
        image.set(d.image());
        sample.set(0);
        dataset.set(d);
        curveKey = null;
        openOnHardest = true;
        requestEvaluation();
    }

    /** Recomputes for the current settings on the worker; a newer request replaces this one. */
    public void requestEvaluation() {
        Dataset d = dataset.get();
        if (d == null) {
            return;
        }
        LossSettings s;
        try {
            s = settings();
        } catch (InputException e) {
            errorHandler.accept(e.getMessage());
            return;
        }
        boolean side = sideBySide.get();
        double g2 = secondGamma.get();
        LossForm shownForm = form.get();
        Object key = List.of(d, s.weights().describe(), String.valueOf(s.ignoreIndex()), s.reduction(), shownForm);
        boolean needCurve = !key.equals(curveKey);
        worker.evaluate(inspection -> {
            if (inspection.dataset() != d) {
                return null; // a newer dataset is being installed
            }
            try {
                LossResult r = inspection.evaluate(s);
                LossResult second = side ? inspection.evaluate(s.withGamma(g2)) : null;
                double[] c = needCurve ? inspection.lossCurve(s, shownForm, CURVE_GAMMAS) : null;
                return () -> publish(new Evaluation(d, s, r, second, CURVE_GAMMAS, c), key);
            } catch (InputException e) {
                return () -> {
                    errorHandler.accept(e.getMessage());
                    keepShownIgnoreIndex();
                };
            } catch (RuntimeException e) {
                return () -> errorHandler.accept("internal error: " + e);
            }
        });
    }

    /**
     * After an ignore index the labels refuse (none, on labels that hold 255), the field goes back
     * to the one the shown figures were computed with, so that it never names another.
     */
    private void keepShownIgnoreIndex() {
        Evaluation shown = evaluation.get();
        if (shown != null) {
            Integer used = shown.settings().ignoreIndex();
            ignoreIndex.set(used == null ? "none" : used.toString());
        }
    }

    private void publish(Evaluation e, Object key) {
        if (e.curve() != null) {
            curve = e.curve();
            curveKey = key;
        }
        if (openOnHardest && e.dataset() == dataset.get()) {
            openOnHardest = false;
            sample.set(hardest(e.result().sampleMeanLoss())); // before the figures, so the first map drawn is that sample's
        }
        evaluation.set(new Evaluation(e.dataset(), e.settings(), e.result(), e.second(), e.curveGammas(), curve));
        // a warning is about the weights, not γ: say it once, not at every step of the slider
        if (!e.result().warnings().equals(shownWarnings)) {
            shownWarnings = e.result().warnings();
            shownWarnings.forEach(errorHandler);
        }
    }

    /** The sample with the highest mean focal loss: what the list shows first, so a batch opens on it. */
    static int hardest(double[] sampleMeanLoss) {
        int best = 0;
        for (int n = 1; n < sampleMeanLoss.length; n++) {
            if (sampleMeanLoss[n] > sampleMeanLoss[best] || Double.isNaN(sampleMeanLoss[best])) {
                best = n;
            }
        }
        return best;
    }

    /** The loss settings of the controls; a bad value (a weights file, say) ends in an InputException. */
    LossSettings settings() {
        WeightScheme scheme = switch (weightChoice.get()) {
            case NONE -> new WeightScheme.None();
            case ENET -> new WeightScheme.Enet(enetC.get());
            case INVERSE -> new WeightScheme.Inverse();
            case MEDIAN -> new WeightScheme.MedianFrequency();
            case EFFECTIVE -> new WeightScheme.EffectiveNumber(beta.get());
            case FILE -> weightsFile.get() == null ? new WeightScheme.None()
                    : new WeightScheme.Explicit(WeightsFile.read(weightsFile.get()), weightsFile.get().toString());
        };
        String ignore = ignoreIndex.get() == null || ignoreIndex.get().isBlank() ? "none" : ignoreIndex.get();
        Integer index = LossSettings.parseIgnoreIndex(ignore, "Ignore index");
        return new LossSettings(gamma.get(), scheme, index, reduction.get(),
                !gammaChanging.get() || layer.get() == MapLayer.AS_WRITTEN);
    }

    // Exports //

    /** The shown layer of every sample, float32 [N, H, W]. */
    public void exportMap(Path file) {
        MapData d = mapData.get();
        if (d == null) {
            return;
        }
        ViewState v = viewState.get();
        export(file, () -> {
            int n = d.pixelsPerSample();
            float[] all = new float[d.samples() * n];
            for (int s = 0; s < d.samples(); s++) {
                System.arraycopy(MapRenderer.values(d, v.withSample(s)), 0, all, s * n, n);
            }
            NpyWriter.writeFloat32(file, new int[] {d.samples(), d.height(), d.width()}, all);
        });
    }

    public void exportClassFigures(Path file) {
        Evaluation e = evaluation.get();
        ClassSet names = classes.get();
        if (e != null) {
            export(file, () -> writeText(file, ClassFiguresCsv.format(e.result(), names)));
        }
    }

    public void exportSummary(Path file) {
        Evaluation e = evaluation.get();
        if (e != null) {
            export(file, () -> writeText(file, ResultJson.format(e.result())));
        }
    }

    /**
     * Writes a file in the background, from data that no longer changes (results are immutable),
     * so that a large map never stalls the window; a failure comes back as the writer's message.
     */
    void export(Path file, Runnable write) {
        Task<Void> task = new Task<>() {
            @Override
            protected Void call() {
                updateMessage("Writing " + file.getFileName() + "…");
                write.run();
                return null;
            }
        };
        task.setOnFailed(e -> errorHandler.accept(task.getException() instanceof InputException ie ? ie.getMessage()
                : "Could not write " + file + ": " + task.getException()));
        task.setOnSucceeded(e -> noticeHandler.accept("Saved " + file));
        Thread t = new Thread(task, "focalscope-export");
        t.setDaemon(true);
        t.start();
    }

    private static void writeText(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw InputException.of(file.toString(), "cannot write: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        worker.close();
    }
}
