package io.focalscope.ui.map;

import java.nio.IntBuffer;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * An image view of opaque ARGB pixels made off the JavaFX thread. The image keeps them in an int
 * buffer in the format the renderer draws from (opaque pixels are their own premultiplied form),
 * kept while the size stays, so that a new frame costs the JavaFX thread one copy and no
 * conversion: a plain WritableImage converts every pixel into bytes, measured as the JavaFX
 * thread's largest cost per γ step.
 */
final class PixelView extends ImageView {

    private PixelBuffer<IntBuffer> buffer;

    void show(int[] argb, int w, int h) {
        if (buffer == null || buffer.getWidth() != w || buffer.getHeight() != h) {
            buffer = new PixelBuffer<>(w, h, IntBuffer.allocate(w * h), PixelFormat.getIntArgbPreInstance());
            setImage(new WritableImage(buffer));
        }
        buffer.updateBuffer(b -> {
            System.arraycopy(argb, 0, b.getBuffer().array(), 0, w * h);
            return null; // all of it changed
        });
    }

    void clear() {
        buffer = null;
        setImage(null);
    }

    boolean isShowing() {
        return getImage() != null;
    }
}
