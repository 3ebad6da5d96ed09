package io.focalscope.ui.map;

import java.util.function.BiConsumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.scene.Cursor;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;

/**
 * A track with two thumbs for a low and a high value, spaced linearly or (for a log scale) by
 * decades. Written here because JavaFX has none and ControlsFX's reaches into JavaFX internals
 * that a class-path app on a jlink runtime cannot open. The thumbs show {@link #low} and
 * {@link #high}; what the user drags goes to the handler, which decides what they show next.
 */
public final class RangeSlider extends Region {

    public final DoubleProperty min = new SimpleDoubleProperty(0);
    public final DoubleProperty max = new SimpleDoubleProperty(1);
    public final DoubleProperty low = new SimpleDoubleProperty(0);
    public final DoubleProperty high = new SimpleDoubleProperty(1);
    /** Log-spaced: equal distances are equal ratios (min must then be above 0). */
    final BooleanProperty log = new SimpleBooleanProperty(false);

    private static final double THUMB = 12;
    private final Rectangle track = new Rectangle();
    private final Rectangle span = new Rectangle();
    private final Rectangle lowThumb = thumb();
    private final Rectangle highThumb = thumb();
    private BiConsumer<Double, Double> onDragged = (lo, hi) -> { };

    RangeSlider() {
        getStyleClass().add("range-slider");
        track.setStyle("-fx-fill: -color-border-default;");
        span.setStyle("-fx-fill: -color-accent-emphasis;");
        getChildren().addAll(track, span, lowThumb, highThumb);
        setPrefHeight(22);
        setMinHeight(22);
        drag(lowThumb, true);
        drag(highThumb, false);
        keys(lowThumb, true);
        keys(highThumb, false);
        for (var p : new javafx.beans.Observable[] {min, max, low, high, log}) {
            p.addListener(o -> requestLayout());
        }
    }

    /** Where a dragged thumb takes the range: (low, high). */
    void setOnDragged(BiConsumer<Double, Double> handler) {
        onDragged = handler;
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
            move(isLow, valueAt(thumb.localToParent(e.getX(), e.getY()).getX()));
        });
    }

    /**
     * Each thumb is a Tab stop of its own: the arrows move it a hundredth of the track (with Shift a
     * tenth), as a drag would; Tab had skipped the slider, which only the mouse could move.
     */
    private void keys(Rectangle thumb, boolean isLow) {
        thumb.setFocusTraversable(true);
        thumb.getStyleClass().add("range-thumb");
        thumb.setOnMouseClicked(e -> thumb.requestFocus());
        thumb.setOnKeyPressed(e -> {
            KeyCode k = e.getCode();
            int direction = k == KeyCode.RIGHT || k == KeyCode.UP ? 1 : k == KeyCode.LEFT || k == KeyCode.DOWN ? -1 : 0;
            if (direction == 0 || isDisabled() || e.isShortcutDown() || e.isAltDown()) {
                return;
            }
            double step = e.isShiftDown() ? 0.1 : 0.01;
            move(isLow, valueAtFraction(Math.max(0, Math.min(1, fractionOf(isLow ? low.get() : high.get()) + direction * step))));
            e.consume();
        });
    }

    /** A thumb taken to {@code v}, no further than the other thumb: the range goes to the handler. */
    private void move(boolean isLow, double v) {
        if (isLow) {
            onDragged.accept(Math.min(v, high.get()), high.get());
        } else {
            onDragged.accept(low.get(), Math.max(v, low.get()));
        }
    }

    private double usable() {
        return Math.max(1, getWidth() - 2 * THUMB);
    }

    /** The value at position t in [0, 1] of the track. */
    double valueAtFraction(double t) {
        double a = min.get();
        double b = max.get();
        return isLog() ? Math.exp(Math.log(a) + t * (Math.log(b) - Math.log(a))) : a + t * (b - a);
    }

    /** The position in [0, 1] of a value on the track. */
    public double fractionOf(double v) {
        double a = min.get();
        double b = max.get();
        double t = isLog() ? (Math.log(v) - Math.log(a)) / (Math.log(b) - Math.log(a)) : (v - a) / (b - a);
        return Double.isFinite(t) ? Math.max(0, Math.min(1, t)) : 0;
    }

    private boolean isLog() {
        return log.get() && min.get() > 0 && max.get() > min.get();
    }

    private double valueAt(double x) {
        return valueAtFraction(Math.max(0, Math.min(1, (x - THUMB) / usable())));
    }

    private double xOf(double v) {
        return THUMB + fractionOf(v) * usable();
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
