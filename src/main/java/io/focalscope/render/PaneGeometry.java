package io.focalscope.render;

/**
 * Where a pane looks at its map and how large it draws it: screen pixel (sx, sy) shows data pixel
 * (originX + sx / zoom, originY + sy / zoom); the map is {@code width x height} screen pixels, the
 * key beside it {@code keyHeight} high (0 for none).
 */
public record PaneGeometry(double zoom, double originX, double originY, int width, int height, int keyHeight, boolean dark) {

    /** The background outside the map, light or dark as the theme. */
    public int background() {
        return dark ? 0xff16171b : 0xffeaeef2;
    }
}
