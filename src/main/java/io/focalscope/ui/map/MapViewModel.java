package io.focalscope.ui.map;

import io.focalscope.classes.ClassSet;
import io.focalscope.loss.LossForm;
import io.focalscope.render.Colormap;
import io.focalscope.render.Frame;
import io.focalscope.render.FrameRenderer;
import io.focalscope.render.MapData;
import io.focalscope.render.MapLayer;
import io.focalscope.render.PaneGeometry;
import io.focalscope.render.Range;
import io.focalscope.render.Scale;
import io.focalscope.render.Ticks;
import io.focalscope.render.ViewState;
import io.focalscope.session.FirstLook;
import io.focalscope.ui.compare.ComparisonViewModel;
import io.focalscope.ui.task.BackgroundTask;
import io.focalscope.ui.task.LatestOnly;
import io.focalscope.ui.task.TaskExecutor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;

/**
 * How the map is drawn (layer, colormap, scale, colour range, picture, sample, hidden classes),
 * where the panes look, and the frames they show. Frames are drawn on the worker from a
 * {@link FrameRequest} taken here; the JavaFX thread only puts their pixels on screen.
 */
public final class MapViewModel {

    /** The panes' sizes in screen pixels, and the height of the key beside both. */
    public record PaneSizes(int width, int height, int secondWidth, int secondHeight, int keyAreaHeight) {
        static final PaneSizes NONE = new PaneSizes(0, 0, 0, 0, 0);
    }

    // View settings //
    public final ObjectProperty<MapLayer> layer = new SimpleObjectProperty<>(MapLayer.FOCAL);
    final ObjectProperty<Colormap> colormap = new SimpleObjectProperty<>(Colormap.INFERNO);
    // loss maps are heavy-tailed: on a linear scale most of a trained network's map is the colormap's first shade
    final ObjectProperty<Scale> scale = new SimpleObjectProperty<>(MapLayer.FOCAL.defaultScale());
    public final BooleanProperty autoRange = new SimpleBooleanProperty(true);
    final DoubleProperty lowPercentile = new SimpleDoubleProperty(ViewState.LOW_PERCENTILE);
    final DoubleProperty highPercentile = new SimpleDoubleProperty(ViewState.HIGH_PERCENTILE);
    final DoubleProperty rangeLo = new SimpleDoubleProperty(0);
    final DoubleProperty rangeHi = new SimpleDoubleProperty(1);
    public final DoubleProperty opacity = new SimpleDoubleProperty(0.8);
    public final IntegerProperty sample = new SimpleIntegerProperty(0);
    public final BooleanProperty hardestFirst = new SimpleBooleanProperty(true);
    public final ObservableSet<Integer> hiddenClasses = FXCollections.observableSet();
    public final ObjectProperty<ClassSet> classes = new SimpleObjectProperty<>();
    public final ObjectProperty<int[]> image = new SimpleObjectProperty<>();
    public final BooleanProperty dark = new SimpleBooleanProperty(false);
    /** The "confident but wrong" layer marks wrong predictions whose top-label confidence is above it (0 to 1). */
    public final DoubleProperty confidentThreshold = new SimpleDoubleProperty(ViewState.CONFIDENT_THRESHOLD);
    /** Whether the data-map layers can be shown: the open file is an epoch of the open training run. */
    public final BooleanProperty dataMapsAvailable = new SimpleBooleanProperty(false);
    /** Why they cannot, in a few words, for the layer list. */
    public final javafx.beans.property.StringProperty dataMapsReason = new javafx.beans.property.SimpleStringProperty(
            "open a training run's image");

    /**
     * The automatic range as first found for this file, layer and view, held while γ and the other
     * loss settings move (null: find it at the next frame), and the term it was found at.
     */
    private final ObjectProperty<Range> heldRange = new SimpleObjectProperty<>();
    private String heldAt = "";

    // Where the panes look //
    public final Viewport viewport = new Viewport();
    public final ObjectProperty<PaneSizes> paneSizes = new SimpleObjectProperty<>(PaneSizes.NONE);

    // Results //
    private final ReadOnlyObjectWrapper<MapData> data = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<FrameRequest.Frames> frames = new ReadOnlyObjectWrapper<>();
    /** A first look at the file being opened, shown until its evaluation's frames come; null for none. */
    private final ReadOnlyObjectWrapper<FirstLookFrame> firstLook = new ReadOnlyObjectWrapper<>();
    /** How many evaluations' frames were installed: a first look drawn before the latest is stale. */
    private int installed;
    /** How long a first look waits for the panes' first size: past it, the whole file's map comes soon. */
    static final long FIRST_SIZE_WAIT_MS = 2000;
    /** Completed once the panes have a size (a request can be made): a first look waits for it. */
    private final CompletableFuture<Void> sized = new CompletableFuture<>();
    private final ObjectBinding<ViewState> viewState;
    private final StringBinding rangeText;

    private final ComparisonViewModel compare;
    private final LatestOnly lane;
    private final TaskExecutor executor;
    /** Owned by the worker thread: it keeps the last views so that panning only colours pixels. */
    private final FrameRenderer renderer = new FrameRenderer();
    /** The request the current inputs make; written on the JavaFX thread, read by the worker when a frame starts. */
    private volatile FrameRequest latest;
    /** The open dataset's map size, known before its first evaluation: what a fit fits. */
    private int openWidth;
    private int openHeight;
    private final java.util.function.Consumer<String> errors;

    public MapViewModel(TaskExecutor executor, ComparisonViewModel compare, Supplier<LossForm> form, List<Observable> formInputs,
                 java.util.function.Consumer<String> errors) {
        this.compare = compare;
        this.errors = errors;
        this.lane = new LatestOnly(executor);
        this.executor = executor;
        // These come first, as invalidation listeners (which all run before any change listener), so
        // that they act before the view's own listeners draw: the first frame after the change has the
        // scale and range they set.
        // A layer opens on its own scale and the automatic range: a fixed range in another layer's unit means nothing.
        layer.addListener(o -> {
            scale.set(layer.get().defaultScale());
            autoRange.set(true);
            // a ratio around 1 (the gradient against cross-entropy's) opens diverging, and leaving it gives that up
            if (layer.get().isDiverging()) {
                colormap.set(layer.get().defaultColormap());
            } else if (colormap.get().equals(io.focalscope.render.Colormap.RDBU_R)) {
                colormap.set(layer.get().defaultColormap());
            }
        });
        // The automatic range is found again for a new view of the data, never for a new γ.
        for (Observable o : List.of(layer, scale, lowPercentile, highPercentile, sample, hiddenClasses)) {
            o.addListener(x -> heldRange.set(null));
        }
        // Fixing the range starts from the range on screen; the automatic range, turned on, is found again.
        autoRange.addListener(o -> {
            Frame shown = frames.get() == null ? null : frames.get().primary();
            if (autoRange.get()) {
                heldRange.set(null);
            } else if (shown != null && shown.view().autoRange() && !shown.view().layer().isCategorical()) {
                rangeLo.set(shown.range().lo());
                rangeHi.set(shown.range().hi());
            }
        });
        List<Observable> viewInputs = new java.util.ArrayList<>(List.of(sample, layer, colormap, scale, autoRange,
                lowPercentile, highPercentile, rangeLo, rangeHi, opacity, hiddenClasses, heldRange, confidentThreshold));
        viewInputs.addAll(formInputs);
        viewState = Bindings.createObjectBinding(() -> new ViewState(sample.get(), layer.get(), form.get(), colormap.get(),
                scale.get(), autoRange.get(), lowPercentile.get(), highPercentile.get(), rangeLo.get(), rangeHi.get(),
                opacity.get(), Set.copyOf(hiddenClasses), heldRange.get(), Math.min(1, Math.max(0, confidentThreshold.get()))),
                viewInputs.toArray(Observable[]::new));
        // the first frame of a new view finds the automatic range, which is held from then on
        frames.addListener((o, was, f) -> hold(f));
        // the frames replaced are off screen from here on (the panes show the new ones), and nothing
        // else keeps them: their pixels go back to the renderer for the next frames to draw into
        frames.addListener((o, was, f) -> {
            if (f != null) {
                dropFirstLook(); // the frames of an evaluation take its place, as of the frames replaced below
            }
            if (was != null) {
                renderer.recycle(was.primary());
                if (was.secondary() != null) {
                    renderer.recycle(was.secondary());
                }
            }
        });
        rangeText = Bindings.createStringBinding(this::describeRange, frames, autoRange, lowPercentile, highPercentile);
        for (Observable o : List.of(viewState, paneSizes, dark, viewport.zoom, viewport.originX, viewport.originY)) {
            o.addListener(x -> requestFrames());
        }
        for (Observable o : compare.viewInputs()) {
            o.addListener(x -> requestFrames());
        }
        paneSizes.addListener((o, a, b) -> {
            if (!viewport.moved) {
                fit();
            }
        });
    }

    // Read-only views //

    public ReadOnlyObjectProperty<MapData> dataProperty() {
        return data.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<FrameRequest.Frames> framesProperty() {
        return frames.getReadOnlyProperty();
    }

    /** A first look's frame while the file it looks at is opened, and what it shows of the file ({@link FirstLook#sampling()}). */
    public record FirstLookFrame(FrameRequest.Frames frames, String sampling) {
    }

    public ReadOnlyObjectProperty<FirstLookFrame> firstLookProperty() {
        return firstLook.getReadOnlyProperty();
    }

    public ObjectBinding<ViewState> viewStateBinding() {
        return viewState;
    }

    /** The range the map is coloured with, and where it comes from, such as {@code 0.0012 … 13.2 (0.5–99.9 %)}. */
    public StringBinding rangeTextBinding() {
        return rangeText;
    }

    /** The shown values' whole extent, what the range slider spans (null before the first frame). */
    public Range dataRange() {
        FrameRequest.Frames f = frames.get();
        return f == null ? null : f.primary().dataRange();
    }

    private String describeRange() {
        FrameRequest.Frames f = frames.get();
        if (f == null || f.primary().view().layer().isCategorical()) {
            return "";
        }
        Range r = f.primary().range();
        ViewState v = f.primary().view();
        if (v.autoRange() && v.layer().fixedRange() != null) {
            return Ticks.label(r.lo()) + " … " + Ticks.label(r.hi()) + " (the same for every epoch and image)";
        }
        String source = v.autoRange()
                ? "(" + Ticks.label(v.lowPercentile()) + "–" + Ticks.label(v.highPercentile()) + " percentile"
                        + (v.held() != null && !heldAt.isEmpty() ? " at " + heldAt + ", held while γ moves)" : ")")
                : "(fixed)";
        return Ticks.label(r.lo()) + " … " + Ticks.label(r.hi()) + " " + source;
    }

    /** Holds the automatic range a frame found, with the term it was found at (what the range label names). */
    private void hold(FrameRequest.Frames f) {
        if (f == null || heldRange.get() != null || !autoRange.get()) {
            return;
        }
        Frame shown = f.primary();
        // only a frame of the view asked for now: one drawn for an earlier layer, scale or sample has another range
        // and one whose range was found on values: a layer whose values come later is drawn first on a stand-in
        if (shown.view().autoRange() && shown.view().held() == null && !shown.view().layer().isCategorical()
                && shown.view().equals(viewState.get()) && shown.fitted()) {
            heldAt = shown.data().result().term().gammaText("γ");
            heldRange.set(shown.range());
        }
    }

    // Commands //

    /** Hides every class but one. */
    void showOnly(int c) {
        ClassSet set = classes.get();
        if (set == null) {
            return;
        }
        Set<Integer> others = new HashSet<>();
        for (int k = 0; k < set.size(); k++) {
            if (k != c) {
                others.add(k);
            }
        }
        hiddenClasses.retainAll(others);
        hiddenClasses.addAll(others);
    }

    /** Hides a shown class, shows a hidden one. */
    void toggleHidden(int c) {
        if (!hiddenClasses.remove(c)) {
            hiddenClasses.add(c);
        }
    }

    void hideAll() {
        ClassSet set = classes.get();
        if (set != null) {
            for (int k = 0; k < set.size(); k++) {
                hiddenClasses.add(k);
            }
        }
    }

    /**
     * A range typed by the user: finite, low below high, positive on a log scale.
     *
     * @return whether it was taken (else the reason went to the error handler and the range stays)
     */
    boolean setRange(double lo, double hi) {
        String problem = !Double.isFinite(lo) || !Double.isFinite(hi) ? "the limits must be numbers"
                : !(hi > lo) ? "the upper limit must be above the lower one"
                : scale.get() == Scale.LOG && lo <= 0 ? "on a log scale the lower limit must be above 0" : null;
        if (problem != null) {
            errors.accept("Colour range " + Ticks.label(lo) + " … " + Ticks.label(hi) + ": " + problem);
            return false;
        }
        autoRange.set(false);
        rangeLo.set(lo);
        rangeHi.set(hi);
        return true;
    }

    /**
     * Finds the automatic range again from the next map drawn ("Refit range", or a new activation,
     * whose losses are another quantity), and holds it.
     */
    public void refitRange() {
        heldRange.set(null);
        autoRange.set(true);
    }

    /**
     * Percentiles of the automatic range, in percent.
     *
     * @return whether they were taken
     */
    boolean setPercentiles(double low, double high) {
        if (!(low >= 0 && low < high && high <= 100)) {
            errors.accept("Automatic range: the percentiles must satisfy 0 ≤ low < high ≤ 100, got "
                    + Ticks.label(low) + " and " + Ticks.label(high));
            return false;
        }
        lowPercentile.set(low);
        highPercentile.set(high);
        autoRange.set(true);
        return true;
    }

    /** The whole map in the primary pane. */
    public void fit() {
        PaneSizes s = paneSizes.get();
        if (openWidth > 0) {
            viewport.fit(openWidth, openHeight, s.width(), s.height());
        }
    }

    /** Shows a region of the map, {@code [y0, x0, y1, x1]} of a sample, in the middle of the primary pane. */
    public void zoomTo(int sampleIndex, int[] box) {
        sample.set(sampleIndex);
        PaneSizes s = paneSizes.get();
        viewport.zoomTo(box, s.width(), s.height());
    }

    public void actualSize() {
        PaneSizes s = paneSizes.get();
        viewport.actualSize(s.width(), s.height());
    }

    /** Zooms about the primary pane's centre. */
    public void zoomBy(double factor) {
        PaneSizes s = paneSizes.get();
        viewport.zoomAt(factor, s.width() / 2.0, s.height() / 2.0);
    }

    // For the inspector //

    /**
     * A new dataset: the map fitted again where its size changed, the first sample, every class
     * shown, its classes and picture. The old frames stay on screen until the first evaluation's.
     */
    public void opened(ClassSet set, int[] picture, int width, int height) {
        data.set(null); // nothing is drawn of the old data meanwhile
        heldRange.set(null); // the new file's first frame finds its own
        boolean resized = width != openWidth || height != openHeight;
        openWidth = width;
        openHeight = height;
        if (resized) {
            fit(); // and again if the panes change size before the first evaluation comes
        }
        sample.set(0);
        hiddenClasses.clear();
        classes.set(set);
        image.set(picture);
    }

    /** What the frames of an evaluation should show: the newest view, read by the worker as it draws them. */
    public FrameRequest latestRequest() {
        return latest;
    }

    /** How many evaluations' frames have been installed; a first look asked for now is shown unless another is. */
    public int framesInstalled() {
        return installed;
    }

    /** Whether a first look would be drawn now (one pane, a layer one evaluation draws): else none is computed. */
    public boolean drawsFirstLook() {
        return FrameRequest.drawsFirstLook(compare.sideBySide.get(), layer.get());
    }

    /** Takes a first look off the screen: its file did not open, and it must not pass for the map shown. */
    public void dropFirstLook() {
        FirstLookFrame look = firstLook.get();
        if (look != null) {
            firstLook.set(null);
            renderer.recycle(look.frames().primary());
        }
    }

    /**
     * Draws a first look at a file being opened, fitted to the primary pane, and shows it unless an
     * evaluation's frames were installed since {@code installedBefore}; on the worker, which waits
     * for the panes' first size (the window's start) at most {@link #FIRST_SIZE_WAIT_MS}. Nothing is
     * drawn side by side, or for a layer one evaluation does not give.
     */
    public void drawFirstLook(FirstLook look, int installedBefore) {
        try {
            sized.get(FIRST_SIZE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
        FrameRequest r = FrameRequest.firstLook(latest, look);
        if (r == null) {
            return;
        }
        FrameRequest.Frames drawn = render(r);
        String sampling = look.sampling();
        executor.runOnUi(() -> {
            if (installed == installedBefore) {
                firstLook.set(new FirstLookFrame(drawn, sampling));
            }
        });
    }

    /**
     * Whether a request's layer waits for values the next evaluation brings (the gradient, the
     * confidence…): the map shown stays until then, rather than one of "not finite" everywhere.
     */
    private static boolean awaitsValues(FrameRequest r) {
        return r.data().lacksFor(r.view().layer());
    }

    /** Draws the frames of a request; on the worker only. */
    public FrameRequest.Frames render(FrameRequest request) {
        return request.render(renderer);
    }

    /**
     * Shows a new evaluation's map data on a sample, and the frames drawn of it (null where none
     * could be drawn yet); draws again if the view moved meanwhile.
     */
    public void install(MapData fresh, FrameRequest.Frames drawn, int onSample) {
        installed++;
        data.set(fresh);
        if (drawn != null) {
            frames.set(drawn);
        }
        sample.set(onSample);
        requestFrames();
    }

    /** Draws the panes again on the worker unless what they show is what the inputs ask for. */
    void requestFrames() {
        FrameRequest wanted = request(data.get());
        latest = wanted;
        if (wanted != null) {
            sized.complete(null);
        }
        FrameRequest.Frames shown = frames.get();
        if (wanted == null || wanted.data() == null || shown != null && (wanted.equals(shown.request()) || awaitsValues(wanted))) {
            return;
        }
        lane.submit(BackgroundTask.of(p -> {
            FrameRequest newest = latest;
            return newest == null || newest.data() == null || awaitsValues(newest) ? null : render(newest);
        }).onSuccess(f -> {
            if (f != null && f.request().data() == data.get()) { // else a newer evaluation has drawn its own
                frames.set(f);
                // a request made while this frame was drawn found the frame before it still shown,
                // and drew nothing when it asked for that one (a layer picked and put back)
                if (latest != null && !latest.equals(f.request())) {
                    requestFrames();
                }
            }
        }).onFailure(e -> errors.accept("internal error drawing the map: " + e)));
    }

    /** The request for this data (null for none yet) and the current inputs; null before the panes have a size. */
    private FrameRequest request(MapData d) {
        PaneSizes s = paneSizes.get();
        if (s.width() <= 0 || s.height() <= 0) {
            return null;
        }
        boolean side = compare.sideBySide.get();
        // a library's loss shares the first pane's scale where that shows our focal loss, the same quantity
        boolean shared = !side || compare.sharesScale()
                && (compare.secondShows.get() != ComparisonViewModel.SecondPane.PEER || layer.get() == MapLayer.FOCAL);
        double z = viewport.zoom.get();
        double x = viewport.originX.get();
        double y = viewport.originY.get();
        PaneGeometry first = new PaneGeometry(z, x, y, s.width(), s.height(), shared ? s.keyAreaHeight() : s.height(), dark.get());
        PaneGeometry second = side ? new PaneGeometry(z, x, y, Math.max(1, s.secondWidth()), Math.max(1, s.secondHeight()),
                shared ? 0 : Math.max(1, s.secondHeight()), dark.get()) : null;
        ViewState v = viewState.get();
        if (d != null && v.sample() >= d.samples()) {
            v = v.withSample(0);
        }
        String library = side && compare.secondShows.get() == ComparisonViewModel.SecondPane.PEER ? compare.peer.get().key() : null;
        return new FrameRequest(d, v, side, compare.secondShows.get(), library, shared, first, second);
    }
}
