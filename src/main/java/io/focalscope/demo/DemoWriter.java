package io.focalscope.demo;

import io.focalscope.io.DType;
import io.focalscope.io.InputException;
import io.focalscope.io.NdArray;
import io.focalscope.io.NpzWriter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/** Writes a demo scene as {@code demo.npz} (float16 logits [1,19,H,W], uint8 labels [1,H,W]) and {@code image.png}. */
public final class DemoWriter {

    private DemoWriter() {
    }

    public static void write(DemoScene scene, Path dir) {
        try {
            Files.createDirectories(dir);
            Map<String, NdArray> arrays = new LinkedHashMap<>();
            // float16 halves the archive; the logits need no more than its 3 significant digits
            arrays.put("logits", NdArray.ofFloats("logits", DType.FLOAT16,
                    new int[] {1, scene.classes(), scene.height(), scene.width()}, scene.logits()));
            arrays.put("labels", NdArray.ofBytes("labels", new int[] {1, scene.height(), scene.width()}, scene.labels()));
            NpzWriter.writeCompressed(dir.resolve("demo.npz"), arrays);
            BufferedImage image = new BufferedImage(scene.width(), scene.height(), BufferedImage.TYPE_INT_RGB);
            image.setRGB(0, 0, scene.width(), scene.height(), scene.rgb(), 0, scene.width());
            ImageIO.write(image, "png", dir.resolve("image.png").toFile());
        } catch (IOException e) {
            throw InputException.of(dir.toString(), "cannot write the demo: " + e.getMessage());
        }
    }
}
