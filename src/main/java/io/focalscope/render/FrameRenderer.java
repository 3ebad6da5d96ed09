package io.focalscope.render;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import io.focalscope.loss.LossResult;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;

/**
 * Makes {@link Frame}s, keeping the last few {@link MapView}s of the evaluations last drawn so that
 * panning and zooming only colour the screen's pixels again (a new view or evaluation finds its
 * range once). Views of older evaluations are let go at once: each holds its evaluation's maps
 * (64 MB for a batch of four Cityscapes maps), which would otherwise stay on the heap. Not
 * thread-safe, but for {@link #recycle}: one background thread owns it.
 */
public final class FrameRenderer {

    /** Two panes, each with the view before the last change. */
    private static final int KEPT = 4;
    private final Deque<MapView> kept = new ArrayDeque<>();
    private final PixelBuffers buffers = new PixelBuffers();

    /**
     * @param scope what else the key serves (the map at a second γ, a library's loss)
     */
    public Frame render(MapData data, ViewState view, PaneGeometry g, KeyScope scope) {
        MapView map = view(data, view);
        int[] pixels = map.draw(buffers.take(g.width() * g.height()), g.zoom(), g.originX(), g.originY(), g.width(), g.height(),
                g.background());
        int[] key = null;
        if (g.keyHeight() > 0) {
            BufferedImage image = ColorbarPainter.paint(data, view, map.range(), g.keyHeight(), g.dark(), scope);
            // the image's own pixels (TYPE_INT_ARGB, opaque): getRGB would convert each through the colour model
            key = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        }
        return new Frame(data, view, g, pixels, key, map.range(), map.dataRange(), map.fitted());
    }

    /**
     * Takes back the pixels of a frame no longer on screen, for a later frame to draw into: the
     * frame must not be read after this. Any thread.
     */
    public void recycle(Frame shownBefore) {
        buffers.giveBack(shownBefore.pixels());
    }

    /** Lets go of the views of every evaluation but these (those a request's panes show now). */
    public void retainOnly(Collection<LossResult> shown) {
        kept.removeIf(m -> shown.stream().noneMatch(r -> r == m.data().result()));
    }

    /** The map of this data and view, from those kept where it is one of them. */
    public MapView view(MapData data, ViewState view) {
        for (MapView m : kept) {
            if (m.data() == data && m.view().equals(view)) {
                kept.remove(m);
                kept.addFirst(m);
                return m;
            }
        }
        MapView fresh = new MapView(data, view);
        kept.addFirst(fresh);
        while (kept.size() > KEPT) {
            kept.removeLast();
        }
        return fresh;
    }
}
