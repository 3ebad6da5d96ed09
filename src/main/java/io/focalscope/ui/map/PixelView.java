package io.focalscope.ui.map;

import java.nio.IntBuffer;
import java.util.Arrays;
import javafx.scene.Group;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * Opaque ARGB pixels made off the JavaFX thread, shown as bands of rows, each an image view of its
 * own whose pixels stay while the size stays. A new picture replaces only the bands whose pixels
 * changed, so that the renderer repaints only those: while γ moves, the rows of background above
 * and below the map and the key's bar and ticks stay as they were (in the SW pipeline the map pane
 * repainted whole took 7–13 ms of each 16.7 ms pulse, the most of any part of a γ step). Each band
 * keeps its pixels in the int format the renderer draws from (opaque pixels are their own
 * premultiplied form): a plain WritableImage converts every pixel into bytes on the JavaFX thread.
 */
final class PixelView extends Group {

    /**
     * Rows per band. JavaFX repaints a group whole once more than 12 of its children changed: a
     * 2:1 map across a 784 x 898 pane changes 8 bands of 64 rows and repaints 784 x 512 px, where
     * bands of 32 rows changed 14 and repainted the pane.
     */
    static final int BAND_ROWS = 64;

    private int width;
    private int height;
    private PixelBuffer<IntBuffer>[] bands;
    private int updatedBands;

    void show(int[] argb, int w, int h) {
        if (w <= 0 || h <= 0) {
            clear();
            return;
        }
        if (bands == null || w != width || h != height) {
            createBands(w, h);
        }
        updatedBands = 0;
        for (int b = 0; b < bands.length; b++) {
            PixelBuffer<IntBuffer> band = bands[b];
            int from = b * BAND_ROWS * w;
            int length = band.getWidth() * band.getHeight();
            int[] shown = band.getBuffer().array();
            if (!Arrays.equals(argb, from, from + length, shown, 0, length)) {
                band.updateBuffer(buffer -> {
                    System.arraycopy(argb, from, shown, 0, length);
                    return null; // the band's every pixel may have changed
                });
                updatedBands++;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void createBands(int w, int h) {
        width = w;
        height = h;
        int count = (h + BAND_ROWS - 1) / BAND_ROWS;
        bands = new PixelBuffer[count];
        ImageView[] views = new ImageView[count];
        for (int b = 0; b < count; b++) {
            int rows = Math.min(BAND_ROWS, h - b * BAND_ROWS);
            // filled with 0 (transparent) until the first show copies the picture in
            bands[b] = new PixelBuffer<>(w, rows, IntBuffer.allocate(w * rows), PixelFormat.getIntArgbPreInstance());
            views[b] = new ImageView(new WritableImage(bands[b]));
            views[b].setLayoutY(b * BAND_ROWS);
        }
        getChildren().setAll(views);
    }

    void clear() {
        bands = null;
        width = 0;
        height = 0;
        getChildren().clear();
    }

    boolean isShowing() {
        return bands != null;
    }

    /** How many bands the last {@link #show} replaced. */
    int updatedBands() {
        return updatedBands;
    }
}
