package io.focalscope.ui.map;

import io.focalscope.render.PaneGeometry;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;

/**
 * Zoom and pan of the map, shared by the panes shown side by side so that they move in step.
 * Screen pixel (sx, sy) shows data pixel (originX + sx / zoom, originY + sy / zoom).
 */
public final class Viewport {

    static final double MIN_ZOOM = 1 / 32.0;
    static final double MAX_ZOOM = 64;

    public final DoubleProperty zoom = new SimpleDoubleProperty(1);
    public final DoubleProperty originX = new SimpleDoubleProperty(0);
    public final DoubleProperty originY = new SimpleDoubleProperty(0);
    /** Whether the user zoomed or panned since the last fit; until then a resized view fits again. */
    boolean moved;

    /** Zooms by a factor keeping the data point under screen point (sx, sy) in place. */
    void zoomAt(double factor, double sx, double sy) {
        moved = true;
        double z = zoom.get();
        double nz = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z * factor));
        double dataX = originX.get() + sx / z;
        double dataY = originY.get() + sy / z;
        zoom.set(nz);
        originX.set(dataX - sx / nz);
        originY.set(dataY - sy / nz);
    }

    void panBy(double dxScreen, double dyScreen) {
        moved = true;
        originX.set(originX.get() - dxScreen / zoom.get());
        originY.set(originY.get() - dyScreen / zoom.get());
    }

    /** The whole map in a view of w x h, centred. */
    void fit(int dataW, int dataH, double w, double h) {
        if (w <= 0 || h <= 0) {
            return;
        }
        double z = fitZoom(dataW, dataH, w, h);
        moved = false;
        zoom.set(z);
        originX.set((dataW - w / z) / 2);
        originY.set((dataH - h / z) / 2);
    }

    /** The zoom at which a map of {@code dataW x dataH} fills a view of {@code w x h}. */
    static double fitZoom(int dataW, int dataH, double w, double h) {
        return Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, Math.min(w / dataW, h / dataH)));
    }

    /** A pane's geometry with the whole of a {@code dataW x dataH} map in it, centred, as {@link #fit} looks. */
    static PaneGeometry fitted(PaneGeometry pane, int dataW, int dataH) {
        double z = fitZoom(dataW, dataH, pane.width(), pane.height());
        return new PaneGeometry(z, (dataW - pane.width() / z) / 2, (dataH - pane.height() / z) / 2, pane.width(), pane.height(),
                pane.keyHeight(), pane.dark());
    }

    /** The data box [y0, x0, y1, x1] (inclusive) centred in a view of w x h, with a margin of its own size around it. */
    void zoomTo(int[] box, double w, double h) {
        if (w <= 0 || h <= 0) {
            return;
        }
        double boxW = box[3] - box[1] + 1;
        double boxH = box[2] - box[0] + 1;
        double z = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, Math.min(w / (3 * boxW), h / (3 * boxH))));
        moved = true;
        zoom.set(z);
        originX.set(box[1] + boxW / 2 - w / z / 2);
        originY.set(box[0] + boxH / 2 - h / z / 2);
    }

    /** One data pixel per screen pixel, keeping the centre of the view. */
    void actualSize(double w, double h) {
        zoomAt(1 / zoom.get(), w / 2, h / 2);
    }

    /**
     * The part of a pane that the map covers, as {x, y, width, height} in screen pixels: what an
     * export keeps, without the empty margin around a fitted map.
     */
    public static int[] mapArea(PaneGeometry g, int dataW, int dataH) {
        double z = g.zoom();
        int paneW = g.width();
        int paneH = g.height();
        int x0 = (int) Math.max(0, Math.ceil(-g.originX() * z));
        int y0 = (int) Math.max(0, Math.ceil(-g.originY() * z));
        int x1 = (int) Math.min(paneW, Math.floor((dataW - g.originX()) * z));
        int y1 = (int) Math.min(paneH, Math.floor((dataH - g.originY()) * z));
        return x1 > x0 && y1 > y0 ? new int[] {x0, y0, x1 - x0, y1 - y0} : new int[] {0, 0, paneW, paneH};
    }
}
