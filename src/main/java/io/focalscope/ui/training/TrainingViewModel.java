package io.focalscope.ui.training;

import io.focalscope.dataset.ImageFiles;
import io.focalscope.dynamics.DataMaps;
import io.focalscope.dynamics.DynamicsFigures;
import io.focalscope.dynamics.DynamicsRun;
import io.focalscope.dynamics.EpochDiscovery;
import io.focalscope.dynamics.EpochRun;
import io.focalscope.dynamics.EpochSource;
import io.focalscope.dynamics.HardThresholds;
import io.focalscope.dynamics.ImageDynamics;
import io.focalscope.io.FloatArrays;
import io.focalscope.io.InputException;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.WeightScheme;
import io.focalscope.ui.settings.LossSettingsViewModel;
import io.focalscope.ui.task.BackgroundTask;
import io.focalscope.ui.task.TaskExecutor;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * The Training tab: a training run followed through its epochs in the background (progress, cancel),
 * its figures and cartography, the selected image with its data maps (worked out on the worker, once
 * per image) and its loss per class by epoch, and the selected epoch. Selecting an image or an epoch
 * opens that epoch's files in the inspector, through the route the Dataset tab uses.
 */
public final class TrainingViewModel {

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<EpochSource> run = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<DynamicsFigures> figures = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<DynamicsFigures.ImageRow> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<DataMaps> maps = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Cartography.PixelSample> pixels = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<double[][]> classLoss = new ReadOnlyObjectWrapper<>();
    /** The epoch shown, an index into the run's epochs; the inspector opens the selected image at it. */
    public final IntegerProperty epoch = new SimpleIntegerProperty(0);
    private final ReadOnlyDoubleWrapper hardConfidence = new ReadOnlyDoubleWrapper(HardThresholds.DEFAULT.confidence());
    private final ReadOnlyDoubleWrapper hardVariability = new ReadOnlyDoubleWrapper(HardThresholds.DEFAULT.variability());
    /** The thresholds the newest pixel sample asked for is of: one made for older ones is dropped. */
    private volatile HardThresholds sampledFor;

    private final TaskExecutor executor;
    private final Supplier<LossSettings> settings;
    private final Supplier<FocalLossEngine> engine;
    private final BiConsumer<ImageFiles, LossSettings> openInInspector;
    private final Consumer<String> errors;
    private final int threads;
    private AtomicBoolean cancel = new AtomicBoolean();
    /** The run's images by each epoch's logits file: which image and epoch a file the inspector opens is. */
    private Map<String, Located> byLogits = Map.of();
    /**
     * The data maps worked out in this run, by image, the least recently selected dropped first past
     * {@link #KEPT_MAP_BYTES}: an image selected again shows its maps at once.
     */
    private final Map<String, ImageMaps> keptMaps = new java.util.LinkedHashMap<>(16, 0.75f, true);
    /** The images whose maps are queued or being worked out (FX thread): a second click does not queue them again. */
    private final java.util.Set<String> computing = new java.util.HashSet<>();
    /** The open image's pixels drawn on the data map at most: enough to see its clusters, few enough for the chart's nodes. */
    static final int PIXELS_SHOWN = 1500;
    /** The image whose maps are wanted now: a queued computation for another one is skipped when its turn comes. */
    private volatile String wanted;
    /** About 16 images of 1024 x 2048 pixels (four floats a pixel). */
    static final long KEPT_MAP_BYTES = 512L << 20;
    /** Set for the next run: its lowest-confidence image opens when it finishes ({@code open-dynamics}). */
    private boolean openLowestNext;

    private record Located(DynamicsFigures.ImageRow row, int epoch) {
    }

    /**
     * @param settings        the inspector's settings, checked, which a run takes
     * @param openInInspector opens an epoch's files, with the settings to show them at (null: the inspector's own)
     */
    public TrainingViewModel(TaskExecutor executor, Supplier<LossSettings> settings, Supplier<FocalLossEngine> engine,
                             BiConsumer<ImageFiles, LossSettings> openInInspector, Consumer<String> errors, int threads) {
        this.executor = executor;
        this.settings = settings;
        this.engine = engine;
        this.openInInspector = openInInspector;
        this.errors = errors;
        this.threads = threads;
        // moving through the epochs keeps the inspector's settings and layer: only the file changes
        epoch.addListener((o, was, now) -> openSelected(null));
    }

    /** The mean p_t below which a pixel is hard (with {@link #hardVariabilityProperty}): 0 to 1, 0.25 at first. */
    public ReadOnlyDoubleProperty hardConfidenceProperty() {
        return hardConfidence.getReadOnlyProperty();
    }

    /** The standard deviation of p_t below which a hard pixel is stable: 0 to 0.5, 0.1 at first. */
    public ReadOnlyDoubleProperty hardVariabilityProperty() {
        return hardVariability.getReadOnlyProperty();
    }

    /** The hard-and-stable thresholds in use: a run is followed at them, and the selected image's maps are shown at them. */
    public HardThresholds thresholds() {
        return new HardThresholds(hardConfidence.get(), hardVariability.get());
    }

    /**
     * Takes new hard-and-stable thresholds: the selected image's maps show them at once (the same
     * per-pixel figures, nothing followed again), and its pixels on the data map are sampled again on
     * the worker. The run's counts (the table, the figures) stay those of the thresholds it was
     * followed at, until it is followed again. Out-of-range values are refused with a message.
     *
     * @return whether they were taken
     */
    public boolean setHardThresholds(double confidence, double variability) {
        String problem = HardThresholds.problem(confidence, variability, "The hard-and-stable confidence",
                "The hard-and-stable variability");
        if (problem != null) {
            errors.accept(problem);
            return false;
        }
        HardThresholds was = thresholds();
        hardConfidence.set(confidence);
        hardVariability.set(variability);
        if (!thresholds().equals(was)) {
            DynamicsFigures.ImageRow row = selected.get();
            ImageMaps kept = row == null ? null : keptMaps.get(row.name());
            if (kept != null) {
                showMaps(row, kept, true);
            }
        }
        return true;
    }

    /** The confidence threshold as typed; text that is no number is refused with a message. */
    public boolean setHardConfidence(String typed) {
        Double v = number(typed, "The hard-and-stable confidence");
        return v != null && setHardThresholds(v, hardVariability.get());
    }

    /** The variability threshold as typed; text that is no number is refused with a message. */
    public boolean setHardVariability(String typed) {
        Double v = number(typed, "The hard-and-stable variability");
        return v != null && setHardThresholds(hardConfidence.get(), v);
    }

    private Double number(String typed, String what) {
        try {
            return Double.parseDouble(typed.trim());
        } catch (NumberFormatException e) {
            errors.accept(what + " must be a number, got '" + typed.trim() + "'");
            return null;
        }
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** What the run did or is doing. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The folder or list the shown figures come from. */
    public ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    /** The run the shown figures are of, as it was opened (its folder and labels folder, or its list); null before one. */
    public ReadOnlyObjectProperty<EpochSource> runProperty() {
        return run.getReadOnlyProperty();
    }

    /** The figures of the last finished run; they stay while another runs, and after a failed one. */
    public ReadOnlyObjectProperty<DynamicsFigures> figuresProperty() {
        return figures.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<DynamicsFigures.ImageRow> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /** The selected image's data maps; null until worked out. */
    public ReadOnlyObjectProperty<DataMaps> mapsProperty() {
        return maps.getReadOnlyProperty();
    }

    /** The selected image's pixels for the data map, sampled on the worker with its maps; null until then. */
    public ReadOnlyObjectProperty<Cartography.PixelSample> pixelsProperty() {
        return pixels.getReadOnlyProperty();
    }

    /** An image's maps and the sample of its pixels the data map draws, worked out together on the worker. */
    private record ImageMaps(DataMaps maps, Cartography.PixelSample pixels) {
    }

    private void show(ImageMaps m) {
        maps.set(m == null ? null : m.maps());
        pixels.set(m == null ? null : m.pixels());
    }

    /** The selected image's loss per class at each epoch, {@code [class][epoch]} (NaN for a class it lacks). */
    public ReadOnlyObjectProperty<double[][]> classLossProperty() {
        return classLoss.getReadOnlyProperty();
    }

    /** The run's epoch names, in order; empty before a run. */
    public List<String> epochNames() {
        DynamicsFigures f = figures.get();
        return f == null ? List.of() : f.epochs();
    }

    /** The images on the cartography map; empty before a run. */
    public List<Cartography.Point> points() {
        DynamicsFigures f = figures.get();
        return f == null ? List.of() : Cartography.of(f);
    }

    /**
     * The images of the shown run that were not followed, with the reason, as the command says them:
     * those missing from some epochs ({@link EpochRun.Incomplete#describe}), then the files that failed.
     */
    public List<String> notFollowed() {
        DynamicsFigures f = figures.get();
        if (f == null) {
            return List.of();
        }
        List<String> lines = new java.util.ArrayList<>();
        f.incomplete().forEach(i -> lines.add(i.describe()));
        f.failed().forEach(x -> lines.add(x.error()));
        return List.copyOf(lines);
    }

    /** The labels folder a run folder most likely has: {@code DIR/labels} where it exists, else none. */
    public static Path suggestedLabels(Path folder) {
        return io.focalscope.dynamics.EpochDiscovery.defaultLabels(folder);
    }

    /**
     * Follows a run folder's images through its epochs at the inspector's settings.
     *
     * @param labelsFolder the labels of every epoch, or null where each epoch folder holds its own
     */
    public void open(Path folder, Path labelsFolder) {
        open(new EpochSource.Folder(folder, labelsFolder));
    }

    /**
     * Follows a run's images through its epochs at the inspector's settings and hard-and-stable
     * thresholds: a folder or a list, the same way. A run that cannot be followed is said in one
     * message, and the run shown stays.
     */
    public void open(EpochSource from) {
        boolean openLowest = openLowestNext; // for this run only, whether or not it starts
        openLowestNext = false;
        if (running.get()) {
            errors.accept("A training run is being followed: cancel it first");
            return;
        }
        LossSettings s;
        try {
            s = settings.get().withoutAsWritten();
        } catch (InputException e) {
            errors.accept(e.getMessage());
            return;
        }
        HardThresholds hard = thresholds();
        Path where = from.path();
        AtomicBoolean cancelled = new AtomicBoolean();
        cancel = cancelled;
        running.set(true);
        progress.set(0);
        message.set("Following " + where + "…");
        executor.execute(BackgroundTask.of(p -> {
            EpochRun found = from.discover();
            if (found.images().isEmpty()) {
                throw nothingToFollow(from, found);
            }
            FocalLossEngine e = engine.get();
            long start = System.nanoTime();
            DynamicsRun.Totals totals = DynamicsRun.run(found, e, s, hard, threads, null, (done, total) ->
                    p.update((double) done / total, String.format(Locale.ROOT, "Following %s: %d of %d image epochs",
                            where.getFileName(), done, total)), cancelled::get);
            if (totals.images().isEmpty()) {
                throw InputException.of(where.toString(), "none of its " + found.images().size() + " images could be followed; the first: "
                        + totals.failed().get(0).error());
            }
            return new Finished(DynamicsFigures.of(found, totals, s, hard, e.describe()), (System.nanoTime() - start) / 1e9);
        }).showingProgress((done, text) -> {
            progress.set(done);
            message.set(text);
        }).onSuccess(r -> {
            install(from, r.figures()); // the run shown before running ends: nothing reads the old run as the one that failed
            running.set(false);
            progress.set(1);
            DynamicsFigures f = r.figures();
            int skipped = f.failed().size() + f.incomplete().size();
            message.set(String.format(Locale.ROOT, "%s: %s over %s%s in %.1f s", where, io.focalscope.report.Plural.of(f.perImage().size(), "image"),
                    io.focalscope.report.Plural.of(f.epochs().size(), "epoch"), skipped == 0 ? "" : ", " + skipped + " not followed", r.seconds()));
            if (openLowest) {
                select(f.perImage().get(0));
            }
        }).onFailure(e -> {
            running.set(false);
            progress.set(0);
            if (e instanceof CancellationException) {
                message.set("Run " + where + " cancelled" + (figures.get() == null ? "" : "; the figures shown are of " + source.get()));
            } else {
                String text = e instanceof InputException ? e.getMessage() : "Could not follow " + where + ": " + e;
                message.set(text);
                errors.accept(text);
            }
        }));
    }

    /** Why a run has no image to follow, in one line naming its folder or list. */
    private static InputException nothingToFollow(EpochSource from, EpochRun found) {
        if (found.epochs().isEmpty() && !found.failed().isEmpty()) {
            // a list none of whose rows could be read: its first bad row says which line and why
            int more = found.failed().size() - 1;
            return new InputException(found.failed().get(0).error()
                    + (more == 0 ? "" : " (and " + io.focalscope.report.Plural.of(more, "more row", "more rows") + " like it)"));
        }
        return InputException.of(from.path().toString(), "no image found in all of its " + found.epochs().size() + " epochs"
                + (found.incomplete().isEmpty() ? "" : " (" + found.incomplete().size() + " in some only)")
                + (from instanceof EpochSource.Folder f && f.labels() == null ? "; where the labels are kept apart, give their folder"
                : ""));
    }

    private record Finished(DynamicsFigures figures, double seconds) {
    }

    private void install(EpochSource from, DynamicsFigures f) {
        // the same run followed again (Follow: other labels or thresholds) keeps the open image at its epoch
        DynamicsFigures.ImageRow was = selected.get();
        int wasEpoch = epoch.get();
        boolean again = run.get() != null && run.get().path().equals(from.path());
        Map<String, Located> index = new HashMap<>();
        for (DynamicsFigures.ImageRow row : f.perImage()) {
            List<ImageFiles> files = row.trajectory().image().epochs();
            for (int e = 0; e < files.size(); e++) {
                index.put(files.get(e).logits(), new Located(row, e));
            }
        }
        byLogits = Map.copyOf(index);
        keptMaps.clear();
        computing.clear();
        wanted = null;
        selected.set(null);
        show(null);
        classLoss.set(null);
        source.set(from.path().toString());
        run.set(from);
        figures.set(f);
        DynamicsFigures.ImageRow same = !again || was == null ? null
                : f.perImage().stream().filter(r -> r.name().equals(was.name())).findFirst().orElse(null);
        if (same != null && wasEpoch < f.epochs().size()) {
            epoch.set(wasEpoch);
            select(same);
        } else {
            epoch.set(f.epochs().size() - 1); // the trained network first; no image is selected, so nothing opens
        }
    }

    /** Opens the lowest-confidence image of the next run when it finishes, as {@code focalscope open-dynamics} asks. */
    public void openLowestWhenDone() {
        openLowestNext = true;
    }

    /** Stops the running run after the images being followed. */
    public void cancel() {
        cancel.set(true);
    }

    /** Selects an image by name (a click on the cartography map); an unknown name does nothing. */
    public void select(String name) {
        DynamicsFigures f = figures.get();
        if (f != null) {
            f.perImage().stream().filter(r -> r.name().equals(name)).findFirst().ifPresent(this::select);
        }
    }

    /**
     * Selects an image: its loss per class, its data maps (worked out on the worker unless they are
     * at hand), and the inspector opens it at the selected epoch with the run's γ, ignore index,
     * reduction and class weights (those of the whole run, as given weights).
     */
    public void select(DynamicsFigures.ImageRow row) {
        DynamicsFigures f = figures.get();
        if (f == null || row == null) {
            return;
        }
        selected.set(row);
        classLoss.set(ImageClassLoss.of(row.trajectory(), f.classWeights()));
        ImageMaps kept = keptMaps.get(row.name());
        if (kept != null) {
            showMaps(row, kept, false);
        } else {
            show(null);
        }
        wanted = row.name();
        if (kept == null && computing.add(row.name())) {
            computeMaps(f, row);
        }
        LossSettings run = f.settings();
        WeightScheme weights = run.weights() instanceof WeightScheme.None ? run.weights()
                : new WeightScheme.Explicit(f.classWeights().values(), LossSettingsViewModel.datasetWeightsSource(source.get(), run.weights()));
        openSelected(new LossSettings(run.term(), weights, run.ignoreIndex(), run.reduction(), true, run.activation(), run.alpha(), false));
    }

    private void computeMaps(DynamicsFigures f, DynamicsFigures.ImageRow row) {
        String name = row.name();
        HardThresholds t = thresholds();
        executor.execute(BackgroundTask.of(p -> {
            if (!name.equals(wanted)) {
                return null; // clicked past while queued: its E epochs are not read for nothing
            }
            DataMaps m = ImageDynamics.of(row.trajectory().index(), row.trajectory().image(), engine.get(), f.settings(), t,
                    true, FloatArrays.FRESH, null).maps();
            return new ImageMaps(m, Cartography.pixels(m, PIXELS_SHOWN));
        }).onSuccess(m -> {
            if (figures.get() != f) {
                return; // another run took its place meanwhile (and cleared what was computing)
            }
            computing.remove(name);
            if (m == null) {
                return;
            }
            keep(name, m);
            if (selected.get() == row) { // else another image was selected meanwhile
                showMaps(row, m, false);
            }
        }).onFailure(e -> {
            if (figures.get() == f) {
                computing.remove(name);
            }
            errors.accept(e instanceof InputException ? e.getMessage() : "Could not work out the data maps of " + name + ": " + e);
        }));
    }

    /**
     * Shows an image's maps at the thresholds in use: at once where they were worked out at them; else
     * the same maps with the new thresholds at once, and their pixel sample made again on the worker
     * (a pass over the image's pixels, kept with its maps).
     *
     * @param shown whether the image's maps are on show already: its old sample stays until the new one comes
     */
    private void showMaps(DynamicsFigures.ImageRow row, ImageMaps kept, boolean shown) {
        HardThresholds t = thresholds();
        if (kept.maps().thresholds().equals(t)) {
            sampledFor = t;
            show(kept);
            return;
        }
        DataMaps m = kept.maps().withThresholds(t);
        if (!shown) {
            pixels.set(null); // another image's sample
        }
        maps.set(m);
        sampledFor = t;
        DynamicsFigures f = figures.get();
        executor.execute(BackgroundTask.of(p -> t.equals(sampledFor) ? Cartography.pixels(m, PIXELS_SHOWN) : null).onSuccess(sample -> {
            if (sample == null || figures.get() != f || !t.equals(thresholds())) {
                return; // thresholds moved on, or another run came
            }
            keep(row.name(), new ImageMaps(m, sample));
            if (selected.get() == row) {
                pixels.set(sample);
            }
        }).onFailure(e -> errors.accept("Could not sample the pixels of " + row.name() + ": " + e)));
    }

    private void keep(String name, ImageMaps m) {
        keptMaps.put(name, m);
        long bytes = 0;
        for (ImageMaps kept : keptMaps.values()) {
            bytes += 16L * kept.maps().confidence().length;
        }
        var oldest = keptMaps.entrySet().iterator();
        while (bytes > KEPT_MAP_BYTES && keptMaps.size() > 1) {
            bytes -= 16L * oldest.next().getValue().maps().confidence().length;
            oldest.remove();
        }
    }

    private void openSelected(LossSettings with) {
        DynamicsFigures.ImageRow row = selected.get();
        DynamicsFigures f = figures.get();
        if (row == null || f == null) {
            return;
        }
        List<ImageFiles> files = row.trajectory().image().epochs();
        openInInspector.accept(files.get(Math.max(0, Math.min(files.size() - 1, epoch.get()))), with);
    }

    /** The epoch a logits file is of in the open run, or -1 where it is none of its files. */
    public int epochOf(String logits) {
        Located l = logits == null ? null : byLogits.get(logits);
        return l == null ? -1 : l.epoch();
    }

    /** Whether a logits file is one of the open run's (any image, any epoch). */
    public boolean belongsToRun(String logits) {
        return epochOf(logits) >= 0;
    }

    /** The data maps for a logits file of the selected image, at hand; null for another file, or before they are worked out. */
    public DataMaps mapsFor(String logits) {
        Located l = logits == null ? null : byLogits.get(logits);
        DynamicsFigures.ImageRow row = selected.get();
        return l != null && row != null && l.row().name().equals(row.name()) ? maps.get() : null;
    }
}
