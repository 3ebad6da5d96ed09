package io.focalscope.ui;

import io.focalscope.render.ColorbarPainter;
import io.focalscope.render.MapData;
import io.focalscope.render.MapView;
import io.focalscope.render.Range;
import io.focalscope.render.ViewState;
import java.util.function.IntConsumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Rectangle;

/**
 * One map with its colorbar: draws what the viewport shows at screen resolution (nearest
 * neighbour, so zoomed pixels stay sharp), zooms with the wheel toward the cursor, pans by
 * dragging, and reports the pixel under the mouse.
 */
final class MapPane extends BorderPane {

    final ObjectProperty<MapData> data = new SimpleObjectProperty<>();
    final ObjectProperty<ViewState> state = new SimpleObjectProperty<>();
    final BooleanProperty dark = new SimpleBooleanProperty(false);

    private final Viewport viewport;
    private final Pane canvas = new Pane();
    private final ImageView mapImage = new ImageView();
    private final ImageView colorbar = new ImageView();
    private final Label title = new Label();
    private MapView map;
    private final ReadOnlyObjectWrapper<Range> rangeInUse = new ReadOnlyObjectWrapper<>();
    private double dragX;
    private double dragY;
    private IntConsumer onHover = p -> { };
    private boolean fitPending = true;

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
        setTop(title);
        setCenter(canvas);
        // the colorbar image is painted to the pane's height; held in a pane that claims no height of its
        // own, an old, taller image cannot keep the window from shrinking (the bar is repainted to fit)
        Pane colorbarHolder = new Pane(colorbar);
        colorbarHolder.setMinSize(ColorbarPainter.WIDTH, 0);
        colorbarHolder.setPrefSize(ColorbarPainter.WIDTH, 0);
        setRight(colorbarHolder);
        setMinHeight(0);
    }

    private void initListeners() {
        data.addListener((o, a, b) -> {
            if (a == null || b == null || a.width() != b.width() || a.height() != b.height()) {
                fitPending = true;
            }
            recolor();
        });
        state.addListener((o, a, b) -> recolor());
        dark.addListener((o, a, b) -> recolor());
        canvas.widthProperty().addListener((o, a, b) -> resized());
        canvas.heightProperty().addListener((o, a, b) -> resized());
        viewport.zoom.addListener((o, a, b) -> redraw());
        viewport.originX.addListener((o, a, b) -> redraw());
        viewport.originY.addListener((o, a, b) -> redraw());

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

    void setOnHover(IntConsumer handler) {
        onHover = handler;
    }

    void setTitle(String text) {
        title.setText(text);
    }

    /** The flat index (n, y, x) of the data pixel at a point of the map, or -1 outside it. */
    int pixelAt(double sx, double sy) {
        MapData d = data.get();
        if (d == null) {
            return -1;
        }
        int x = (int) Math.floor(viewport.originX.get() + sx / viewport.zoom.get());
        int y = (int) Math.floor(viewport.originY.get() + sy / viewport.zoom.get());
        if (x < 0 || y < 0 || x >= d.width() || y >= d.height()) {
            return -1;
        }
        return state.get().sample() * d.pixelsPerSample() + y * d.width() + x;
    }

    /** The screen point of the centre of a data pixel (x, y), in this pane's map area. */
    javafx.geometry.Point2D screenPointOf(int x, int y) {
        double sx = (x + 0.5 - viewport.originX.get()) * viewport.zoom.get();
        double sy = (y + 0.5 - viewport.originY.get()) * viewport.zoom.get();
        return canvas.localToScreen(sx, sy);
    }

    int mapWidth() {
        return (int) canvas.getWidth();
    }

    int mapHeight() {
        return (int) canvas.getHeight();
    }

    void fit() {
        MapData d = data.get();
        if (d != null) {
            viewport.fit(d.width(), d.height(), canvas.getWidth(), canvas.getHeight());
        }
    }

    void actualSize() {
        viewport.actualSize(canvas.getWidth(), canvas.getHeight());
    }

    private void resized() {
        if (!viewport.moved) {
            fitPending = true;
        }
        redraw();
    }

    private void recolor() {
        MapData d = data.get();
        ViewState v = state.get();
        if (d == null || v == null || v.sample() >= d.samples()) {
            map = null;
            rangeInUse.set(null);
            redraw();
            return;
        }
        map = new MapView(d, v);
        rangeInUse.set(map.range());
        redraw();
    }

    private void redraw() {
        int w = (int) canvas.getWidth();
        int h = (int) canvas.getHeight();
        MapData d = data.get();
        if (map == null || d == null || w <= 0 || h <= 0) {
            mapImage.setImage(null);
            colorbar.setImage(null);
            return;
        }
        if (fitPending) {
            fitPending = false;
            double zoom = viewport.zoom.get();
            double x = viewport.originX.get();
            double y = viewport.originY.get();
            viewport.fit(d.width(), d.height(), w, h);
            if (zoom != viewport.zoom.get() || x != viewport.originX.get() || y != viewport.originY.get()) {
                return; // the viewport's listeners have drawn it; a pane that finds the shared viewport already fitted draws on
            }
        }
        int background = dark.get() ? 0xff16171b : 0xffeaeef2;
        int[] pixels = map.draw(viewport.zoom.get(), viewport.originX.get(), viewport.originY.get(), w, h, background);
        WritableImage image = new WritableImage(w, h);
        image.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), pixels, 0, w);
        mapImage.setImage(image);
        colorbar.setImage(SwingFXUtils.toFXImage(ColorbarPainter.paint(map.data(), map.view(), map.range(), h, dark.get()), null));
    }

    /** Whether the map is on screen (an image drawn to the pane's size). */
    boolean isDrawn() {
        return mapImage.getImage() != null;
    }

    /** The range the map is drawn with now. */
    Range range() {
        return map == null ? null : map.range();
    }

    /** The range the map is drawn with, as a property another pane can share. */
    ReadOnlyObjectProperty<Range> rangeInUseProperty() {
        return rangeInUse.getReadOnlyProperty();
    }
}
