package io.focalscope.render;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import io.focalscope.io.InputException;

/** A view as one picture, the map and its key side by side: what the window exports and {@code render} writes. */
public final class ViewImage {

    private ViewImage() {
    }

    /**
     * A view {@code mapWidth + ColorbarPainter.WIDTH} wide showing the map at {@code zoom} from
     * (originX, originY), as high as the map or, for a small map, as the key needs to show whole.
     */
    public static BufferedImage compose(MapData d, ViewState v, double zoom, double originX, double originY,
                                        int mapWidth, int mapHeight, boolean dark) {
        MapView map = new MapView(d, v);
        int background = dark ? 0xff1e1f24 : 0xfff6f8fa;
        int[] pixels = map.draw(zoom, originX, originY, mapWidth, mapHeight, background);
        Range range = map.range();
        int height = Math.max(mapHeight, ColorbarPainter.minimumHeight(d, v));
        BufferedImage out = new BufferedImage(mapWidth + ColorbarPainter.WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(new java.awt.Color(background));
        g.fillRect(0, 0, mapWidth, height);
        out.setRGB(0, 0, mapWidth, mapHeight, pixels, 0, mapWidth);
        g.drawImage(ColorbarPainter.paint(d, v, range, height, dark), mapWidth, 0, null);
        g.dispose();
        return out;
    }

    public static void writePng(BufferedImage image, Path file) {
        io.focalscope.io.OutputFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw InputException.of(file.toString(), "cannot write PNG");
            }
        });
    }
}
