package io.focalscope.labels;

import io.focalscope.io.SegmentationBatch;
import io.focalscope.numeric.DoubleExp;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * Runs {@link PixelConfidence}'s softmax on a small random batch until the JIT has compiled its
 * vector code, once per JVM, so that a search's images meet compiled code. Cold, the Vector API
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

    /** Starts the warm-up on a thread of its own, where the Vector API is there and it has not run yet. */
    public static synchronized void start() {
        if (running == null) {
            running = DoubleExp.VECTOR_API ? CompletableFuture.runAsync(SoftmaxWarmUp::run, task -> {
                Thread t = new Thread(task, "focalscope-softmax-warm-up");
                t.setDaemon(true);
                t.start();
            }) : CompletableFuture.completedFuture(null);
        }
    }

    /** Starts the warm-up if it has not started, and waits for it. */
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
