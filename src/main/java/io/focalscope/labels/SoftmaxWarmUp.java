package io.focalscope.labels;

import io.focalscope.io.SegmentationBatch;
import io.focalscope.numeric.DoubleExp;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * Runs {@link PixelConfidence}'s softmax on a small random batch 40 times, once per JVM, which is
 * enough for the JIT to compile its vector code (at 10 rounds the first image still met it cold),
 * so that a search's images meet compiled code. Cold, the Vector API
 * runs interpreted and boxes every vector, and the first image on each thread took about a second
 * of 19 x 512 x 1024 while the compiler shared their two cores. The whole `label-issues` process on
 * 12 such images took 2.4-2.7 s with the warm-up against 2.6-2.9 s without (7 runs each,
 * alternating; 2 cores, AVX2). A command starts it in the background before picocli builds its
 * model, so that it overlaps that and the listing of the files.
 */
public final class SoftmaxWarmUp {

    private static CompletableFuture<Void> running;

    private SoftmaxWarmUp() {
    }

    /**
     * Starts the warm-up on a thread of its own, where the Vector API is there and it has not run
     * yet. It only saves time: where it cannot start or fails, the search runs cold.
     */
    public static synchronized void start() {
        if (running == null) {
            running = new CompletableFuture<>();
            if (!DoubleExp.VECTOR_API) {
                running.complete(null);
                return;
            }
            CompletableFuture<Void> done = running;
            Runnable warm = () -> {
                try {
                    run();
                } catch (Throwable e) {
                    // nothing to report: the search compiles its code as it goes
                } finally {
                    done.complete(null);
                }
            };
            try {
                Thread t = new Thread(warm, "focalscope-softmax-warm-up");
                t.setDaemon(true);
                t.start();
            } catch (Throwable e) {
                done.complete(null); // no thread to be had (out of memory, a thread limit)
            }
        }
    }

    /** Starts the warm-up if it has not started, and waits for it; it never fails. */
    static void await() {
        start();
        CompletableFuture<Void> r;
        synchronized (SoftmaxWarmUp.class) {
            r = running;
        }
        r.join();
    }

    private static void run() {
        int classes = 19;
        int h = 16;
        int w = 256;
        Random random = new Random(1);
        float[] z = new float[classes * h * w];
        for (int i = 0; i < z.length; i++) {
            z[i] = random.nextFloat() * 6 - 3;
        }
        // some pixels ignored, and rounds with and without an ignore index: a branch the warm-up never
        // took would send the compiled code back to the interpreter at the first real image
        int[] labels = new int[h * w];
        Arrays.setAll(labels, p -> random.nextInt(classes));
        int[] someIgnored = labels.clone();
        for (int p = 0; p < someIgnored.length; p += 20) {
            someIgnored[p] = 255;
        }
        SegmentationBatch all = new SegmentationBatch(z, labels, 1, classes, h, w, "warm-up", "warm-up");
        SegmentationBatch some = new SegmentationBatch(z, someIgnored, 1, classes, h, w, "warm-up", "warm-up");
        for (int round = 0; round < 40; round++) {
            if (round % 4 == 0) {
                PixelConfidence.of(all, null);
            } else {
                PixelConfidence.of(some, 255);
            }
        }
    }
}
