package io.focalscope.io;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads a PNG label mask as an int32 {@code [H, W]} array of class ids: 8- or 16-bit grayscale
 * (the grey value is the class) or palette PNG (the palette index is the class, as in Pascal VOC).
 */
public final class PngLabelReader {

    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngLabelReader() {
    }

    public static NdArray read(Path file) {
        return read(file, MemoryBudget.AfterReading.NOTHING);
    }

    /** The same, checking with the image what {@code after} will be allocated for it once it is read. */
    public static NdArray read(Path file, MemoryBudget.AfterReading after) {
        return read(file.toString(), () -> ImageIO.createImageInputStream(file.toFile()), after);
    }

    /** A whole PNG file's bytes, read as the file would be. */
    public static NdArray read(String source, byte[] bytes) {
        return read(source, bytes, MemoryBudget.AfterReading.NOTHING);
    }

    /** The same, checking with the image what {@code after} will be allocated for it once it is read. */
    public static NdArray read(String source, byte[] bytes, MemoryBudget.AfterReading after) {
        return read(source, () -> ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(bytes)), after);
    }

    private interface Opening {
        ImageInputStream open() throws IOException;
    }

    private static NdArray read(String source, Opening opening, MemoryBudget.AfterReading after) {
        try (ImageInputStream in = opening.open()) {
            if (in == null) {
                throw InputException.of(source, "cannot open");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("png");
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                long pixels = (long) width * height;
                String what = "the " + width + " x " + height + " image";
                // a label map becomes one int32 buffer, and a buffer holds at most 2 GB: checked
                // before the decoder inflates a few hundred bytes into the whole image
                if (pixels * Integer.BYTES > MemoryBudget.MAX_ELEMENTS) {
                    throw InputException.of(source, what + " has " + pixels + " pixels, more than the "
                            + MemoryBudget.MAX_ELEMENTS / Integer.BYTES + " pixels one label map can hold");
                }
                // the decoder holds the image (up to 2 bytes a pixel), we convert it to int32 bytes,
                // and whoever reads it to ints
                MemoryBudget.require(source, what, pixels, pixels * 10, after.bytes(new int[] {height, width}));
                BufferedImage image = reader.read(0);
                return toLabels(source, image);
            } finally {
                reader.dispose();
            }
        } catch (InputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO reports corrupt data with IIOException and, for some defects, runtime exceptions
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw InputException.of(source, "not a readable PNG (" + why + ")");
        }
    }

    private static NdArray toLabels(String source, BufferedImage image) {
        Raster raster = image.getRaster();
        boolean palette = image.getColorModel() instanceof IndexColorModel;
        boolean gray = image.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY
                && raster.getNumBands() == 1;
        if (!palette && !gray) {
            boolean greyBands = image.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
            String kind = greyBands ? "a grayscale PNG with alpha (drop the alpha channel: the grey value alone is the class)"
                    : image.getColorModel().hasAlpha() ? "a colour PNG with alpha" : "a colour (RGB) PNG";
            throw InputException.of(source, "is " + kind
                    + "; a label mask must be grayscale (8 or 16 bit) or palette, the value being the class id");
        }
        int width = raster.getWidth();
        int height = raster.getHeight();
        ByteBuffer data = ByteBuffer.allocate(width * height * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            raster.getSamples(0, y, width, 1, 0, row);
            for (int v : row) {
                data.putInt(v);
            }
        }
        data.flip();
        return new NdArray(source, DType.INT32, new int[] {height, width}, data);
    }
}
