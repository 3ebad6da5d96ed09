package io.focalscope.ui.controls;

import javafx.scene.control.SplitPane;
import javafx.scene.input.MouseEvent;

/**
 * Keeps a two-part split's divider at its share of the split, the one it starts with or the one the
 * user drags it to, as the split is resized. The split itself moves a divider to give a part its
 * minimum size in a small window, and kept it there: a window made small and then large again left
 * the settings above the class list cramped.
 */
public final class KeptShare {

    private double share;
    private boolean dragging;

    private KeptShare(double share) {
        this.share = share;
    }

    /** Places the divider at {@code share} and keeps it there, or where the user drags it. */
    public static KeptShare of(SplitPane split, double share) {
        KeptShare kept = new KeptShare(share);
        split.setDividerPositions(share);
        split.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> kept.dragging = true);
        split.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> kept.dragging = false);
        split.getDividers().get(0).positionProperty().addListener((o, was, now) -> {
            if (kept.dragging) {
                kept.share = now.doubleValue();
            }
        });
        // the split clamps the share to its parts' minimum sizes at each layout, and no further
        (split.getOrientation() == javafx.geometry.Orientation.VERTICAL ? split.heightProperty() : split.widthProperty())
                .addListener((o, was, now) -> split.setDividerPositions(kept.share));
        return kept;
    }

    /** The share the divider is kept at. */
    public double share() {
        return share;
    }
}
