package io.focalscope.calibration;

import io.focalscope.io.SegmentationBatch;
import java.util.Random;

/**
 * Runs one batch's calibration ({@link BatchCalibration}, compute's) or a dataset image's pass
 * ({@link CalibrationSums#of}, scan's) a few rounds on a small random batch, on a thread of its
 * own, so that the JIT has compiled its plain loops before the file's pass: started with `compute
 * --calibration` and `scan --calibration`, it overlaps the reading of the file. Cold, the pass at
 * 19 x 1024 x 2048 ran its first 0.1 s in C1's code. It only saves time: where it cannot start or
 * fails, the pass compiles its code as it goes.
 */
public final class CalibrationWarmUp {

    private static boolean started;

    private CalibrationWarmUp() {
    }

    /** @param dataset a scan's image pass, else one batch's calibration */
    public static synchronized void start(boolean dataset) {
        if (started) {
            return;
        }
        started = true;
        try {
            Thread t = new Thread(() -> runQuietly(dataset), "focalscope-calibration-warm-up");
            t.setDaemon(true);
            t.start();
        } catch (Throwable e) {
            // no thread to be had (out of memory, a thread limit): the pass runs cold
        }
    }

    private static void runQuietly(boolean dataset) {
        try {
            SegmentationBatch b = batch();
            for (int round = 0; round < 4; round++) {
                if (dataset) {
                    CalibrationSums.of(b, 255, 15);
                } else {
                    BatchCalibration.of(b, 255, 15);
                }
            }
        } catch (Throwable e) {
            // nothing to report: the pass compiles its code as it goes
        }
    }

    /**
     * Two samples of 19 classes x 48 x 50 pixels: short tiles, ignored pixels, confidences on both
     * sides of 1/2 and past each class's first bin, and logits twice as sharp as they should be, so
     * that the search takes a step and its pass is warmed too. A branch the warm-up never took would
     * send the compiled code back to the interpreter at the file's first such pixel.
     */
    static SegmentationBatch batch() {
        int samples = 2;
        int classes = 19;
        int h = 48;
        int w = 50;
        int hw = h * w;
        Random random = new Random(3);
        float[] z = new float[samples * classes * hw];
        int[] labels = new int[samples * hw];
        for (int n = 0; n < samples; n++) {
            for (int p = 0; p < hw; p++) {
                int favoured = random.nextInt(classes);
                for (int c = 0; c < classes; c++) {
                    z[(n * classes + c) * hw + p] = (float) (2 * (random.nextGaussian() + (c == favoured ? 3 : 0)));
                }
                labels[n * hw + p] = p % 17 == 5 ? 255 : random.nextInt(4) > 0 ? favoured : random.nextInt(classes);
            }
        }
        return new SegmentationBatch(z, labels, samples, classes, h, w, "warm-up", "warm-up");
    }
}
