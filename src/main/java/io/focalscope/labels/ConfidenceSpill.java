package io.focalscope.labels;

import io.focalscope.io.InputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Each image's {@link PixelConfidence}, kept in a temporary folder between the search's passes:
 * 24 bytes a pixel against the logits' 76 (19 classes), and no softmax to take again. Taking it
 * four times, once a pass, was most of the time: 11.2 s for 12 images of 19 x 512 x 1024 here,
 * against cleanlab's 8.3 s in the same session. Memory stays that of the images read at once.
 */
final class ConfidenceSpill implements AutoCloseable {

    private static final int HEADER = 4 * Integer.BYTES;
    private static final int PER_PIXEL = 2 * Integer.BYTES + 2 * Double.BYTES;
    private final Path folder;

    ConfidenceSpill() {
        try {
            folder = Files.createTempDirectory("focalscope-label-issues");
        } catch (IOException e) {
            throw new InputException("label-issues: cannot create a temporary folder: " + e.getMessage());
        }
    }

    void write(int image, PixelConfidence c) {
        int n = c.pixels();
        ByteBuffer b = ByteBuffer.allocate(HEADER + PER_PIXEL * n).order(ByteOrder.nativeOrder());
        b.putInt(c.classes()).putInt(c.samples()).putInt(c.height()).putInt(c.width());
        // whole arrays at once, through views: a put per value took about as long as the softmax
        b.asIntBuffer().put(c.label()).put(c.predicted());
        b.position(b.position() + 2 * Integer.BYTES * n);
        b.asDoubleBuffer().put(c.selfConfidence()).put(c.predictedProb());
        b.position(b.position() + 2 * Double.BYTES * n);
        b.flip();
        Path file = file(image);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        } catch (IOException e) {
            throw new InputException(file + ": cannot write the search's temporary data (" + e.getMessage()
                    + "); it needs 24 bytes a pixel in the temporary folder");
        }
    }

    PixelConfidence read(int image) {
        Path file = file(image);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate((int) ch.size()).order(ByteOrder.nativeOrder());
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // until the whole file is in
            }
            b.flip();
            int classes = b.getInt();
            int samples = b.getInt();
            int height = b.getInt();
            int width = b.getInt();
            int pixels = samples * height * width;
            int[] label = new int[pixels];
            int[] predicted = new int[pixels];
            double[] self = new double[pixels];
            double[] top = new double[pixels];
            b.asIntBuffer().get(label).get(predicted);
            b.position(b.position() + 2 * Integer.BYTES * pixels);
            b.asDoubleBuffer().get(self).get(top);
            return new PixelConfidence(label, self, predicted, top, classes, samples, height, width);
        } catch (IOException e) {
            throw new InputException(file + ": cannot read the search's temporary data back: " + e.getMessage());
        }
    }

    private Path file(int image) {
        return folder.resolve(image + ".bin");
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder left behind is the system's to clear
        }
    }
}
