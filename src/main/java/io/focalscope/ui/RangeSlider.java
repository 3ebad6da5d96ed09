package io.focalscope.ui;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.scene.Cursor;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;

/**
 * A track with two thumbs for a low and a high value. Written here because JavaFX has none and
 * ControlsFX's reaches into JavaFX internals that a class-path app on a jlink runtime cannot open.
 */
final class RangeSlider extends Region {

    final DoubleProperty min = new SimpleDoubleProperty(0);
    final DoubleProperty max = new SimpleDoubleProperty(1);
    final DoubleProperty low = new SimpleDoubleProperty(0);
    final DoubleProperty high = new SimpleDoubleProperty(1);

    private static final double THUMB = 12;
    private final Rectangle track = new Rectangle();
    private final Rectangle span = new Rectangle();
    private final Rectangle lowThumb = thumb();
    private final Rectangle highThumb = thumb();

    RangeSlider() {
        getStyleClass().add("range-slider");
        track.getStyleClass().add("range-track");
        track.setStyle("-fx-fill: -color-border-default;");
        span.setStyle("-fx-fill: -color-accent-emphasis;");
        getChildren().addAll(track, span, lowThumb, highThumb);
        setPrefHeight(22);
        setMinHeight(22);
        drag(lowThumb, true);
        drag(highThumb, false);
        for (DoubleProperty p : new DoubleProperty[] {min, max, low, high}) {
            p.addListener((o, a, b) -> requestLayout());
        }
    }

    private static Rectangle thumb() {
        Rectangle r = new Rectangle(THUMB, 18);
        r.setArcWidth(4);
        r.setArcHeight(4);
        r.setStyle("-fx-fill: -color-bg-default; -fx-stroke: -color-accent-emphasis; -fx-stroke-width: 2;");
        r.setCursor(Cursor.H_RESIZE);
        return r;
    }

    private void drag(Rectangle thumb, boolean isLow) {
        thumb.setOnMouseDragged(e -> {
            double x = thumb.localToParent(e.getX(), e.getY()).getX();
            double v = valueAt(x);
            if (isLow) {
                low.set(Math.min(v, high.get()));
            } else {
                high.set(Math.max(v, low.get()));
            }
        });
    }

    private double usable() {
        return Math.max(1, getWidth() - 2 * THUMB);
    }

    private double valueAt(double x) {
        double t = Math.max(0, Math.min(1, (x - THUMB) / usable()));
        return min.get() + t * (max.get() - min.get());
    }

    private double xOf(double v) {
        double range = max.get() - min.get();
        double t = range > 0 ? (v - min.get()) / range : 0;
        return THUMB + Math.max(0, Math.min(1, t)) * usable();
    }

    @Override
    protected void layoutChildren() {
        double h = getHeight();
        track.setX(THUMB);
        track.setY(h / 2 - 2);
        track.setWidth(usable());
        track.setHeight(4);
        double xl = xOf(low.get());
        double xh = xOf(high.get());
        span.setX(xl);
        span.setY(h / 2 - 2);
        span.setWidth(Math.max(0, xh - xl));
        span.setHeight(4);
        lowThumb.setX(xl - THUMB);
        lowThumb.setY(h / 2 - 9);
        highThumb.setX(xh);
        highThumb.setY(h / 2 - 9);
    }
}
