package io.focalscope.ui.map;

import io.focalscope.render.Frame;
import io.focalscope.render.FrameRenderer;
import io.focalscope.render.KeyScope;
import io.focalscope.render.MapData;
import io.focalscope.render.MapLayer;
import io.focalscope.render.PaneGeometry;
import io.focalscope.render.ViewState;
import io.focalscope.ui.compare.ComparisonViewModel;
import java.util.List;

/**
 * Everything the map panes are drawn from, taken on the JavaFX thread and drawn on the worker:
 * the evaluation's map data (with the second γ's result side by side), the view, how the second
 * pane compares, and where each pane looks.
 *
 * @param library   the library whose loss the second pane shows (with {@code SecondPane.PEER})
 * @param sharedKey one key beside both panes (one colour scale); else each pane draws its own
 */
public record FrameRequest(MapData data, ViewState view, boolean sideBySide, ComparisonViewModel.SecondPane secondShows,
                    String library, boolean sharedKey, PaneGeometry primaryGeometry, PaneGeometry secondGeometry) {

    /** The same view of other data (a new evaluation's), on the sample given. */
    public FrameRequest withData(MapData other, int sample) {
        return new FrameRequest(other, view.withSample(sample), sideBySide, secondShows, library, sharedKey, primaryGeometry,
                secondGeometry);
    }

    /**
     * A first look drawn as this request would draw its file: the primary pane alone, the file fitted
     * to it (each of the look's pixels over the block of the file's pixels it stands for), on the
     * look's sample with every class shown and its own automatic range; null for side-by-side panes
     * and for a layer one evaluation does not draw.
     */
    static FrameRequest firstLook(FrameRequest latest, io.focalscope.session.FirstLook look) {
        if (latest == null || !drawsFirstLook(latest.sideBySide(), latest.view().layer())) {
            return null;
        }
        io.focalscope.session.Dataset d = look.dataset();
        MapData data = new MapData(look.result(), d.batch().labels(), d.image(), d.classes());
        ViewState view = latest.view().withSample(0).withHiddenClasses(java.util.Set.of()).withHeld(null);
        PaneGeometry file = Viewport.fitted(latest.primaryGeometry(), look.fileWidth(), look.fileHeight());
        int step = look.step();
        PaneGeometry blocks = new PaneGeometry(file.zoom() * step, file.originX() / step, file.originY() / step, file.width(),
                file.height(), file.keyHeight(), file.dark());
        return new FrameRequest(data, view, false, latest.secondShows(), null, latest.sharedKey(), blocks, null);
    }

    /** Whether a first look is drawn in this view: one pane, on a layer one evaluation draws. */
    static boolean drawsFirstLook(boolean sideBySide, MapLayer layer) {
        return !sideBySide && layer.drawnFromOneEvaluation();
    }

    /** Whether the second pane is drawn. */
    boolean hasSecond() {
        return sideBySide && data.second() != null;
    }

    /** Both panes: the second on the first's range where they share one scale, the change with a range of its own. */
    Frames render(FrameRenderer renderer) {
        renderer.retainOnly(data.second() == null ? List.of(data.result()) : List.of(data.result(), data.second()));
        // the shared key names both γ, or the library whose loss the second pane shows at γ too
        KeyScope scope = !sharedKey || !hasSecond() ? KeyScope.OWN
                : secondShows == ComparisonViewModel.SecondPane.PEER ? KeyScope.withLibrary(library) : KeyScope.BOTH_GAMMAS;
        Frame first = renderer.render(data, view, primaryGeometry, scope);
        if (!hasSecond()) {
            return new Frames(this, first, null);
        }
        Frame second;
        if (secondShows == ComparisonViewModel.SecondPane.CHANGE) {
            second = renderer.render(data, view.asGammaChange(), secondGeometry, KeyScope.OWN);
        } else {
            // a library's loss is a loss: drawn as the focal layer, on the first pane's scale where that is a loss too
            ViewState shown = secondShows == ComparisonViewModel.SecondPane.PEER ? view.withLayer(MapLayer.FOCAL) : view;
            // sharedKey holds only where both panes show one quantity (MapViewModel decides)
            ViewState onFirstScale = sharedKey && !shown.layer().isCategorical()
                    ? shown.withFixedRange(first.range().lo(), first.range().hi()) : shown.withHeld(null);
            second = renderer.render(data.withResult(data.second()), onFirstScale, secondGeometry, KeyScope.OWN);
        }
        return new Frames(this, first, second);
    }

    /** What a request drew: the primary pane's frame and, side by side, the second's. */
    public record Frames(FrameRequest request, Frame primary, Frame secondary) {
    }
}
