package io.focalscope.ui.map;

import io.focalscope.render.ColorbarPainter;
import io.focalscope.render.Frame;
import io.focalscope.render.MapData;
import java.util.function.IntConsumer;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Rectangle;

/**
 * One map pane: puts a {@link Frame} drawn on the worker on screen (its pixels copied into an image
 * kept while the size stays), zooms with the wheel toward the cursor, pans by dragging, and reports
 * the pixel under the mouse. Its own key shows where the pane has a colour scale of its own.
 */
public final class MapPane extends BorderPane {

    private final Viewport viewport;
    private final Pane canvas = new Pane();
    private final PixelView mapImage = new PixelView();
    private final PixelView key = new PixelView();
    private final Pane keyHolder = new Pane(key);
    private final Label title = new Label();
    private Frame frame;
    /** Whether the frame is a first look (a sample of the file's pixels): no pixel is read from it. */
    private boolean firstLook;
    private double dragX;
    private double dragY;
    private IntConsumer onHover = p -> { };

    MapPane(Viewport viewport) {
        this.viewport = viewport;
        createView();
        initListeners();
    }

    private void createView() {
        getStyleClass().add("map-pane");
        canvas.getChildren().add(mapImage);
        canvas.setMinSize(0, 0);
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(canvas.widthProperty());
        clip.heightProperty().bind(canvas.heightProperty());
        canvas.setClip(clip);
        title.setPadding(new Insets(2, 6, 2, 6));
        title.getStyleClass().add("text-small");
        title.setMinWidth(0);
        setTop(title);
        setCenter(canvas);
        // the key is painted to the pane's height; held in a pane that claims no height of its own,
        // an old, taller key cannot keep the window from shrinking
        keyHolder.setMinSize(ColorbarPainter.WIDTH, 0);
        keyHolder.setPrefSize(ColorbarPainter.WIDTH, 0);
        setMinSize(0, 0);
    }

    private void initListeners() {
        canvas.setOnScroll(e -> {
            if (e.getDeltaY() != 0) {
                viewport.zoomAt(e.getDeltaY() > 0 ? 1.25 : 0.8, e.getX(), e.getY());
            }
        });
        canvas.setOnMousePressed(e -> {
            dragX = e.getX();
            dragY = e.getY();
        });
        canvas.setOnMouseDragged(e -> {
            if (e.getButton() == MouseButton.PRIMARY || e.getButton() == MouseButton.MIDDLE) {
                viewport.panBy(e.getX() - dragX, e.getY() - dragY);
                dragX = e.getX();
                dragY = e.getY();
            }
        });
        canvas.setOnMouseMoved(e -> onHover.accept(pixelAt(e.getX(), e.getY())));
        canvas.setOnMouseExited(e -> onHover.accept(-1));
    }

    /** The map area, whose size the view model draws frames to. */
    Pane canvas() {
        return canvas;
    }

    void setOnHover(IntConsumer handler) {
        onHover = handler;
    }

    void setTitle(String text) {
        title.setText(text);
    }

    /**
     * Puts a frame on screen; {@code ownKey} shows its key beside this pane (else the window shows
     * one key for both panes, or none is drawn).
     */
    void show(Frame f, boolean ownKey) {
        show(f, ownKey, false);
    }

    /** @param look whether the frame is a first look at a file being opened, which no readout reads */
    void show(Frame f, boolean ownKey, boolean look) {
        frame = f;
        firstLook = look;
        if (f == null) {
            mapImage.clear();
            key.clear();
            return;
        }
        mapImage.show(f.pixels(), f.geometry().width(), f.geometry().height());
        setRight(ownKey ? keyHolder : null);
        if (ownKey && f.key() != null) {
            key.show(f.key(), ColorbarPainter.WIDTH, f.geometry().keyHeight());
        } else {
            key.clear();
        }
    }

    /** The frame on screen, or null. */
    public Frame frame() {
        return frame;
    }

    /** Whether the map is on screen, an evaluation's or a first look. */
    public boolean isDrawn() {
        return frame != null && mapImage.isShowing();
    }

    /** Whether an evaluation's map is on screen (not a first look). */
    public boolean showsEvaluation() {
        return isDrawn() && !firstLook;
    }

    /** The flat index (n, y, x) of the data pixel at a point of the map, or -1 outside it. */
    int pixelAt(double sx, double sy) {
        if (frame == null || firstLook) {
            return -1;
        }
        MapData d = frame.data();
        int x = (int) Math.floor(viewport.originX.get() + sx / viewport.zoom.get());
        int y = (int) Math.floor(viewport.originY.get() + sy / viewport.zoom.get());
        if (x < 0 || y < 0 || x >= d.width() || y >= d.height()) {
            return -1;
        }
        return frame.view().sample() * d.pixelsPerSample() + y * d.width() + x;
    }

    /** The screen point of the centre of a data pixel (x, y), in this pane's map area. */
    public Point2D screenPointOf(int x, int y) {
        double sx = (x + 0.5 - viewport.originX.get()) * viewport.zoom.get();
        double sy = (y + 0.5 - viewport.originY.get()) * viewport.zoom.get();
        return canvas.localToScreen(sx, sy);
    }

    public int mapWidth() {
        return (int) canvas.getWidth();
    }

    public int mapHeight() {
        return (int) canvas.getHeight();
    }
}
