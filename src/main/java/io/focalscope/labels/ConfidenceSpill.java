package io.focalscope.labels;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Each image's {@link PixelConfidence} between the search's passes: 32 bytes a pixel against the
 * logits' 76 (19 classes), and no softmax to take again. Taking the softmax again in each of the
 * later passes (four, then) was most of the time: 11.2 s for 12 images of 19 x 512 x 1024 here, against cleanlab's 8.3 s in the
 * same session. The first images' figures stay in memory, up to {@link #inMemoryBytes}; the rest
 * wait in a temporary folder, so that memory stays bounded whatever the dataset's size.
 */
final class ConfidenceSpill implements AutoCloseable {

    private static final int HEADER = 4 * Integer.BYTES;
    private static final int PER_PIXEL = 2 * Integer.BYTES + 3 * Double.BYTES;
    /** The pixels one image may have: its figures go through one buffer. */
    static final int MAX_PIXELS = (Integer.MAX_VALUE - 64 - HEADER) / PER_PIXEL;

    /**
     * What the figures kept in memory may take: 128 MB, less with a small heap (an eighth of it).
     * With 256 MB, 120 images of 19 x 512 x 1024 peaked at 1.5 to 2.2 GB resident, the collector
     * growing the heap around them; with 128, at 1.3 to 1.4 GB (0.6 to 0.8 with every image on disk).
     */
    static long defaultInMemoryBytes() {
        return Math.min(128L << 20, Runtime.getRuntime().maxMemory() / 8);
    }

    private final long inMemoryBytes;
    private final AtomicLong keptBytes = new AtomicLong();
    private final Map<Integer, PixelConfidence> kept = new ConcurrentHashMap<>();
    /** Made at the first image written to disk. */
    private Path folder;
    private boolean closed;
    /** Deletes the folder if the JVM is stopped mid-search (a 500-image dataset leaves gigabytes). */
    private Thread onExit;

    /** @param inMemoryBytes what the figures kept in memory may take (0: every image on disk) */
    ConfidenceSpill(long inMemoryBytes) {
        this.inMemoryBytes = inMemoryBytes;
    }

    /** The temporary folder, made at the first image that goes to disk; null until then. */
    private synchronized Path folder() {
        if (closed) {
            // a worker that outlived the search (stopped, but not yet returned) writes nothing more
            throw new SearchAborted("label-issues: the search has ended");
        }
        if (folder == null) {
            Path made;
            try {
                made = Files.createTempDirectory("focalscope-label-issues");
            } catch (IOException e) {
                throw new SearchAborted("label-issues: cannot create a temporary folder: " + e.getMessage());
            }
            Thread hook = new Thread(() -> delete(made), "focalscope-label-issues-cleanup");
            try {
                Runtime.getRuntime().addShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                delete(made);
                throw new SearchAborted("label-issues: the JVM is shutting down");
            }
            folder = made;
            onExit = hook;
        }
        return folder;
    }

    /**
     * A thread's buffer and arrays, kept from image to image: the later passes read every image
     * three times, and new arrays each time (24 MB an image of 512 x 1024) made the
     * collector grow the heap with the dataset (1.5 GB at 24 images).
     */
    private static final class Scratch {
        ByteBuffer buffer = ByteBuffer.allocate(0);
        PixelConfidence arrays;

        ByteBuffer buffer(int bytes) {
            if (buffer.capacity() < bytes) {
                buffer = ByteBuffer.allocate(bytes).order(ByteOrder.nativeOrder());
            }
            return buffer.clear().limit(bytes);
        }
    }

    /**
     * A heap buffer goes to and from a file through a temporary direct buffer of the size of each
     * read or write, which the JDK keeps per thread: a megabyte at a time keeps that small.
     */
    private static final int SLICE = 1 << 20;

    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    /** Keeps an image's figures; the search reads, never changes, them. */
    void write(int image, PixelConfidence c) {
        long bytes = (long) PER_PIXEL * c.pixels();
        if (keptBytes.addAndGet(bytes) <= inMemoryBytes) {
            kept.put(image, c);
            return;
        }
        keptBytes.addAndGet(-bytes);
        int n = c.pixels();
        ByteBuffer b = scratch.get().buffer(HEADER + PER_PIXEL * n);
        b.putInt(c.classes()).putInt(c.samples()).putInt(c.height()).putInt(c.width());
        // whole arrays at once, through views: a put per value took about as long as the softmax
        b.asIntBuffer().put(c.label()).put(c.predicted());
        b.position(b.position() + 2 * Integer.BYTES * n);
        b.asDoubleBuffer().put(c.selfConfidence()).put(c.predictedProb()).put(c.logSelfConfidence());
        b.position(b.position() + 3 * Double.BYTES * n);
        b.flip();
        Path file = file(image);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            int end = b.limit();
            while (b.position() < end) {
                b.limit(Math.min(end, b.position() + SLICE));
                ch.write(b);
            }
        } catch (IOException e) {
            throw new SearchAborted(file + ": cannot write the search's temporary data (" + e.getMessage()
                    + "); it needs 32 bytes a pixel in the temporary folder");
        }
    }

    /**
     * Image i's figures: those kept in memory, or read back into arrays this thread reuses, valid
     * until its next read (a pass's step keeps none of them).
     */
    PixelConfidence read(int image) {
        PixelConfidence inMemory = kept.get(image);
        if (inMemory != null) {
            return inMemory;
        }
        Path file = file(image);
        Scratch s = scratch.get();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = s.buffer((int) ch.size());
            int end = b.limit();
            while (b.position() < end) {
                b.limit(Math.min(end, b.position() + SLICE));
                if (ch.read(b) < 0) {
                    throw new IOException("the file ends early");
                }
            }
            b.flip();
            int classes = b.getInt();
            int samples = b.getInt();
            int height = b.getInt();
            int width = b.getInt();
            int pixels = samples * height * width;
            PixelConfidence reused = s.arrays;
            if (reused == null || reused.pixels() != pixels) {
                reused = new PixelConfidence(new int[pixels], new double[pixels], new int[pixels], new double[pixels], new double[pixels],
                        classes, samples, height, width);
            }
            b.asIntBuffer().get(reused.label()).get(reused.predicted());
            b.position(b.position() + 2 * Integer.BYTES * pixels);
            b.asDoubleBuffer().get(reused.selfConfidence()).get(reused.predictedProb()).get(reused.logSelfConfidence());
            s.arrays = new PixelConfidence(reused.label(), reused.selfConfidence(), reused.predicted(), reused.predictedProb(),
                    reused.logSelfConfidence(), classes, samples, height, width);
            return s.arrays;
        } catch (IOException e) {
            throw new SearchAborted(file + ": cannot read the search's temporary data back: " + e.getMessage());
        }
    }

    /**
     * Drops a failed image's figures: no later pass reads them, and in memory they would keep their
     * share of the budget from the images after them.
     */
    void forget(int image) {
        PixelConfidence inMemory = kept.remove(image);
        if (inMemory != null) {
            keptBytes.addAndGet(-(long) PER_PIXEL * inMemory.pixels());
            return;
        }
        Path made = folderIfMade();
        if (made != null) {
            try {
                Files.deleteIfExists(made.resolve(fileName(image)));
            } catch (IOException e) {
                // the folder goes at the end of the search anyway
            }
        }
    }

    private Path file(int image) {
        return folder().resolve(fileName(image));
    }

    private static String fileName(int image) {
        return image + ".bin";
    }

    /** The temporary folder if an image went to disk, else null. */
    synchronized Path folderIfMade() {
        return folder;
    }

    @Override
    public synchronized void close() {
        closed = true;
        kept.clear();
        if (folder == null) {
            return;
        }
        delete(folder);
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder left behind is the system's to clear
        }
    }
}
