package io.focalscope.ui.map;

import io.focalscope.io.SegmentationBatch;
import io.focalscope.render.ColorbarPainter;
import io.focalscope.render.Frame;
import io.focalscope.render.MapData;
import io.focalscope.render.MapLayer;
import io.focalscope.render.Ticks;
import io.focalscope.ui.compare.ComparisonViewModel;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.geometry.Orientation;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;

/**
 * The map area: the primary pane and, side by side, the second, beside or below it (whichever shows
 * the maps larger); one key beside both where they share a colour scale; each pane's title; and the
 * readout of the pixel under the mouse, said again when a new frame comes while the mouse rests.
 */
public final class MapPanes extends BorderPane {

    public final MapPane primary;
    public final MapPane secondary;
    /** The panes, side by side or one above the other. */
    public final SplitPane split;
    private final PixelView sharedKey = new PixelView();
    private final MapViewModel map;
    private final ComparisonViewModel compare;
    private final Supplier<SegmentationBatch> batch;
    private final Consumer<String> readout;
    /** The pixel under the mouse and its pane, so that the readout follows a new evaluation too. */
    private int hovered = -1;
    private boolean hoveredSecond;

    /**
     * @param batch   the batch the shown evaluation was computed on, or null before the first
     * @param readout where the hovered pixel's values go (the status bar)
     */
    public MapPanes(MapViewModel map, ComparisonViewModel compare, Supplier<SegmentationBatch> batch, Consumer<String> readout) {
        this.map = map;
        this.compare = compare;
        this.batch = batch;
        this.readout = readout;
        primary = new MapPane(map.viewport);
        secondary = new MapPane(map.viewport);
        split = new SplitPane(primary);
        Pane keyHolder = new Pane(sharedKey);
        keyHolder.setMinSize(ColorbarPainter.WIDTH, 0);
        keyHolder.setPrefSize(ColorbarPainter.WIDTH, 0);
        setCenter(split);
        setRight(keyHolder);
        createView();
        initListeners();
    }

    private void createView() {
        setMinHeight(0);
        split.setMinHeight(0);
        setMinWidth(200);
        primary.setTitle("Computing the first map…");
    }

    private void initListeners() {
        map.framesProperty().addListener((o, a, f) -> showFrames(f));
        map.firstLookProperty().addListener((o, was, look) -> showFirstLook(was, look));
        // the second pane says what it is about to show while that is worked out (a library's loss takes a while)
        for (javafx.beans.Observable o : List.of(compare.sideBySide, compare.secondShows, compare.peer)) {
            o.addListener(x -> secondary.setTitle(comingTitle()));
        }
        for (Region r : List.of(primary.canvas(), secondary.canvas(), split)) {
            r.widthProperty().addListener(x -> reportSizes());
            r.heightProperty().addListener(x -> reportSizes());
        }
        widthProperty().addListener(x -> arrangePanes());
        heightProperty().addListener(x -> arrangePanes());
        compare.sideBySide.addListener(x -> arrangePanes());
        map.dataProperty().addListener(x -> arrangePanes());
        primary.setOnHover(p -> showReadout(p, false));
        secondary.setOnHover(p -> showReadout(p, true));
        // a new γ, new weights or another layer change what the pixel reads while the mouse rests: say it again
        map.framesProperty().addListener((o, a, f) -> showReadout(hovered, hoveredSecond));
    }

    /**
     * Puts a first look on screen, titled as one, until the evaluation's frames replace it; a look
     * taken back without frames (its file did not open) leaves the pane empty, untitled.
     */
    private void showFirstLook(MapViewModel.FirstLookFrame was, MapViewModel.FirstLookFrame look) {
        if (look == null) {
            if (was != null && primary.frame() == was.frames().primary()) {
                primary.show(null, false);
                sharedKey.clear();
                primary.setTitle("");
            }
            return;
        }
        showFrames(look.frames(), true);
        primary.setTitle("First look, " + look.sampling() + ": " + title(look.frames().primary(), "γ") + " (computing every pixel…)");
    }

    /** Puts frames on screen: one key beside both panes where they share a scale, else each its own. */
    private void showFrames(FrameRequest.Frames f) {
        showFrames(f, false);
    }

    private void showFrames(FrameRequest.Frames f, boolean firstLook) {
        if (f == null) {
            return;
        }
        boolean shared = f.request().sharedKey();
        primary.show(f.primary(), !shared, firstLook);
        secondary.show(f.secondary(), !shared && f.secondary() != null);
        Frame keyed = f.primary();
        if (shared && keyed.key() != null) {
            sharedKey.show(keyed.key(), ColorbarPainter.WIDTH, keyed.geometry().keyHeight());
        } else {
            sharedKey.clear();
        }
        getRight().setVisible(shared);
        getRight().setManaged(shared);
        primary.setTitle(title(f.primary(), "γ"));
        if (f.secondary() != null) {
            secondary.setTitle(secondTitle(f));
        }
    }

    /** Titles the map pane before its first frame (which titles it from then on): what to do, after a start whose file did not open. */
    public void titleBeforeFirstFrame(String title) {
        if (primary.frame() == null) {
            primary.setTitle(title);
        }
    }

    /**
     * The second pane's title as its frame on screen says, or none: after a refused evaluation the
     * panes stay as they were, and no "working it out" stays on the second one.
     */
    public void titleSecondAsShown() {
        FrameRequest.Frames shown = map.framesProperty().get();
        secondary.setTitle(shown != null && shown.secondary() != null ? secondTitle(shown) : "");
    }

    /** What the second pane of drawn frames shows: the change, a library's loss or the layer at γ₂. */
    private static String secondTitle(FrameRequest.Frames f) {
        if (f.secondary().view().layer() == MapLayer.GAMMA_CHANGE) {
            return "Focal γ₂ / γ₁: γ " + Ticks.label(f.primary().data().result().gamma()) + " → "
                    + Ticks.label(f.request().data().second().gamma()) + " (blue: less loss at γ₂)";
        }
        if (f.request().secondShows() == ComparisonViewModel.SecondPane.PEER) {
            return f.request().library() + "'s loss per pixel (its reduction none, summed over the classes) at γ = "
                    + Ticks.label(f.primary().data().result().gamma());
        }
        return title(f.secondary(), "γ₂");
    }

    /** The second pane's title while its map is worked out. */
    private String comingTitle() {
        String what = switch (compare.secondShows.get()) {
            case PEER -> compare.peer.get().key() + "'s loss per pixel";
            case CHANGE -> "Focal γ₂ / γ₁";
            default -> "γ₂ = " + Ticks.label(compare.secondGamma.get());
        };
        return what + ": working it out…";
    }

    /** The layer and the term's settings: {@code Focal loss at γ = 2}, {@code Poly-1 loss at γ = 2, ε 1}, ... */
    private static String title(Frame f, String gamma) {
        if (f.view().layer().needsDataMaps()) {
            return f.view().layer().title() + ", of the training run"; // over every epoch: no γ of its own
        }
        io.focalscope.loss.LossTerm term = f.data().result().term();
        String layer = f.view().layer() == MapLayer.FOCAL && !(term instanceof io.focalscope.loss.LossTerm.Focal)
                ? term.title() + " loss" : f.view().layer().title();
        String extra = term.parametersText().isEmpty() ? "" : ", " + term.parametersText();
        return layer + (term.variesGamma() ? " at " : ", ") + term.gammaText(gamma) + extra;
    }

    /** The panes' sizes, what the frames are drawn to. */
    private void reportSizes() {
        boolean side = split.getItems().contains(secondary);
        map.paneSizes.set(new MapViewModel.PaneSizes(primary.mapWidth(), primary.mapHeight(),
                side ? secondary.mapWidth() : 0, side ? secondary.mapHeight() : 0, (int) split.getHeight()));
    }

    /** One pane, or two side by side or stacked, whichever shows the maps larger. */
    private void arrangePanes() {
        boolean side = compare.sideBySide.get();
        if (side && !split.getItems().contains(secondary)) {
            split.getItems().add(secondary);
        } else if (!side) {
            split.getItems().remove(secondary);
        }
        MapData d = map.dataProperty().get();
        if (side && d != null) {
            Orientation o = stacked(d.width(), d.height(), getWidth() - ColorbarPainter.WIDTH, getHeight())
                    ? Orientation.VERTICAL : Orientation.HORIZONTAL;
            if (split.getOrientation() != o) {
                split.setOrientation(o);
            }
            split.setDividerPositions(0.5);
        }
    }

    /** Whether two maps of w x h fit larger one above the other than side by side in a w x h area. */
    public static boolean stacked(int mapW, int mapH, double areaW, double areaH) {
        double sideBySide = Math.min(areaW / 2 / mapW, areaH / mapH);
        double stacked = Math.min(areaW / mapW, areaH / 2 / mapH);
        return stacked > sideBySide;
    }

    private void showReadout(int flat, boolean second) {
        boolean left = flat < 0 && hovered >= 0;
        hovered = flat;
        hoveredSecond = second;
        if (left) {
            readout.accept(PixelReadout.HINT); // the mouse left the map: no values of a pixel no longer pointed at
            return;
        }
        Frame f = (second ? secondary : primary).frame();
        SegmentationBatch shown = batch.get();
        if (flat < 0 || f == null || flat >= f.data().labels().length || shown == null) {
            return;
        }
        PixelReadout r = PixelReadout.at(f.data(), f.view(), shown, flat);
        readout.accept(r.text(f.data().classes()));
    }
}
