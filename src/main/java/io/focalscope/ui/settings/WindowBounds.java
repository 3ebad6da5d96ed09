package io.focalscope.ui.settings;

import javafx.geometry.Rectangle2D;

/**
 * Where the window opens: the remembered (or default) size and position, fitted into the screen's
 * visual bounds (the screen less its task bars), so that the menus and the status bar are on it.
 */
record WindowBounds(double x, double y, double width, double height) {

    /**
     * @param width  the size wanted (remembered or default)
     * @param x      the position remembered, NaN for none: the window is then centred
     * @param screen the screen's visual bounds
     * @param minW   the smallest size the window may take, where the screen holds it
     */
    static WindowBounds fit(double width, double height, double x, double y, Rectangle2D screen, double minW, double minH) {
        double w = fit(width, minW, screen.getWidth());
        double h = fit(height, minH, screen.getHeight());
        double left = Double.isFinite(x) ? clamp(x, screen.getMinX(), screen.getMaxX() - w) : screen.getMinX() + (screen.getWidth() - w) / 2;
        double top = Double.isFinite(y) ? clamp(y, screen.getMinY(), screen.getMaxY() - h) : screen.getMinY() + (screen.getHeight() - h) / 2;
        return new WindowBounds(left, top, w, h);
    }

    /** The smallest size the window may be made: the sane minimum, or the whole screen where it is smaller. */
    static double minimum(double min, double screen) {
        return Math.min(min, screen);
    }

    private static double fit(double wanted, double min, double screen) {
        double v = Double.isFinite(wanted) ? wanted : min;
        return clamp(v, minimum(min, screen), screen);
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(v, hi));
    }
}
