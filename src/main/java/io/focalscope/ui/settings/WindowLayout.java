package io.focalscope.ui.settings;

import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.Region;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * What the window remembers of its layout: its size and place, fitted into the screen it was last
 * on, and the side columns' widths in pixels (fractions of a window that has since shrunk would
 * keep them cramped), each at most 40 % of the window.
 */
public final class WindowLayout {

    /** The smallest window in which every part (controls, map, figures, status bar) still shows. */
    static final int MIN_WIDTH = 1000;
    static final int MIN_HEIGHT = 620;
    /** The side columns' widths when nothing is remembered, in pixels. */
    static final double LEFT_WIDTH = 280;
    static final double RIGHT_WIDTH = 400;

    private final AppPreferences prefs;
    private final SplitPane main;
    private final Region left;
    private final Region right;

    /** @param main the split pane of the left column, the maps and the right column */
    public WindowLayout(AppPreferences prefs, SplitPane main, Region left, Region right) {
        this.prefs = prefs;
        this.main = main;
        this.left = left;
        this.right = right;
    }

    /** The remembered (or default 1400 x 860) size and place, fitted into the visual bounds of the screen it was last on. */
    public static void place(Stage stage, AppPreferences prefs) {
        place(stage, prefs, screenOf(prefs).getVisualBounds());
    }

    /** The remembered (or default 1400 x 860) size and place, fitted into the screen's visual bounds. */
    static void place(Stage stage, AppPreferences prefs, Rectangle2D screen) {
        WindowBounds b = WindowBounds.fit(prefs.get("width", 1400), prefs.get("height", 860), prefs.get("x", Double.NaN),
                prefs.get("y", Double.NaN), screen, MIN_WIDTH, MIN_HEIGHT);
        stage.setMinWidth(WindowBounds.minimum(MIN_WIDTH, screen.getWidth()));
        stage.setMinHeight(WindowBounds.minimum(MIN_HEIGHT, screen.getHeight()));
        stage.setX(b.x());
        stage.setY(b.y());
        stage.setWidth(b.width());
        stage.setHeight(b.height());
    }

    /** The screen the window was last on (its remembered top left corner), else the primary one. */
    private static Screen screenOf(AppPreferences prefs) {
        double x = prefs.get("x", Double.NaN);
        double y = prefs.get("y", Double.NaN);
        if (Double.isNaN(x) || Double.isNaN(y)) {
            return Screen.getPrimary();
        }
        return Screen.getScreensForRectangle(x, y, 1, 1).stream().findFirst().orElse(Screen.getPrimary());
    }

    /**
     * Gives the side columns their remembered widths once the split pane spans the window shown: now
     * where it does. A start's first layouts are at the content's own width (781 px) before the scene
     * has the window's: columns made then (a start whose file failed) were held to 40 % of it, and
     * the right one's 312 px were remembered.
     */
    public void restoreColumns() {
        if (spansTheWindow()) {
            restoreColumns(main.getWidth());
        } else if (main.getScene() != null) {
            // a layout pass, not a width change: the first width may already be the window's when it shows
            io.focalscope.ui.controls.Pulses.whenLaidOut(main.getScene(), this::spansTheWindow, () -> restoreColumns(main.getWidth()));
        } else {
            main.sceneProperty().addListener(new InvalidationListener() {
                @Override
                public void invalidated(Observable o) {
                    if (main.getScene() != null) {
                        main.sceneProperty().removeListener(this);
                        restoreColumns();
                    }
                }
            });
        }
    }

    /** Whether the split pane is laid out across the whole width of the window shown (it is the window's centre). */
    private boolean spansTheWindow() {
        javafx.scene.Scene scene = main.getScene();
        return scene != null && scene.getWindow() != null && scene.getWindow().isShowing() && main.getWidth() > 0
                && Math.abs(main.getWidth() - scene.getWidth()) < 1;
    }

    /** Gives the side columns their remembered widths in a split pane {@code w} wide. */
    public void restoreColumns(double w) {
        setColumns(prefs.get("leftWidth", LEFT_WIDTH), prefs.get("rightWidth", RIGHT_WIDTH), w);
    }

    /** Side columns of these widths (clamped to [min, 40 %]) in a split pane w wide. */
    public void setColumns(double leftWidth, double rightWidth, double w) {
        double l = Math.max(left.getMinWidth(), Math.min(leftWidth, 0.4 * w));
        double r = Math.max(right.getMinWidth(), Math.min(rightWidth, 0.4 * w));
        main.setDividerPositions(l / w, 1 - r / w);
    }

    /**
     * The side columns' widths as remembered, {left, right}; null before the pane has a width. Each is
     * taken at its divider, as {@link #setColumns} places it: the column itself is narrower by the
     * divider's half and the pane's border, and remembering that lost 2 px a column at every start.
     */
    public double[] columnsToRemember() {
        double w = main.getWidth();
        if (w <= 0 || main.getDividers().size() != 2) {
            return null;
        }
        return new double[] {main.getDividers().get(0).getPosition() * w, (1 - main.getDividers().get(1).getPosition()) * w};
    }

    /** Remembers the columns' widths and the window's size and place. */
    public void save(Stage stage) {
        save(stage, true);
    }

    /** Remembers the window's size and place, and with {@code columns} the columns' widths. */
    public void save(Stage stage, boolean columns) {
        double[] widths = columns ? columnsToRemember() : null;
        if (widths != null) {
            prefs.put("leftWidth", widths[0]);
            prefs.put("rightWidth", widths[1]);
        }
        prefs.put("width", stage.getWidth());
        prefs.put("height", stage.getHeight());
        prefs.put("x", stage.getX());
        prefs.put("y", stage.getY());
    }
}
