package io.focalscope.loss;

import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.cpu.CpuEngine;
import io.focalscope.loss.nd4j.Nd4jEngine;
import java.util.List;
import java.util.Random;

/** Small synthetic batches for engine tests, and both engines to run them on. */
public final class Batches {

    private Batches() {
    }

    /** Every engine; the engine tests run on each ({@code @MethodSource("io.focalscope.loss.Batches#engines")}). */
    public static List<FocalLossEngine> engines() {
        // the CPU engine's two codes, which give the same bits (PlainCodeTest), each held to every check
        return List.of(CpuEngine.vectorCode(), CpuEngine.plainCode(), new Nd4jEngine());
    }

    /** Random logits with spread {@code scale} and random labels, a few of them {@code ignore}. */
    static SegmentationBatch random(long seed, int n, int c, int h, int w, double scale, Integer ignore) {
        Random rng = new Random(seed);
        float[] logits = new float[n * c * h * w];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (rng.nextGaussian() * scale);
        }
        int[] labels = new int[n * h * w];
        for (int p = 0; p < labels.length; p++) {
            labels[p] = ignore != null && rng.nextInt(10) == 0 ? ignore : rng.nextInt(c);
        }
        return new SegmentationBatch(logits, labels, n, c, h, w, "logits.npy", "labels.npy");
    }

    /** One sample, one row: pixel p has the logits {@code pixelLogits[p]} and label {@code labels[p]}. */
    static SegmentationBatch ofPixels(float[][] pixelLogits, int[] labels) {
        int pixels = labels.length;
        int classes = pixelLogits[0].length;
        float[] logits = new float[classes * pixels];
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < classes; c++) {
                logits[c * pixels + p] = pixelLogits[p][c];
            }
        }
        return new SegmentationBatch(logits, labels, 1, classes, 1, pixels, "logits.npy", "labels.npy");
    }

    static LossResult evaluate(FocalLossEngine engine, SegmentationBatch batch, Integer ignore, double gamma,
                               WeightScheme scheme, Reduction r) {
        try (PreparedBatch prepared = engine.prepare(batch, ignore)) {
            return prepared.evaluate(new LossSettings(gamma, scheme, ignore, r));
        }
    }

    static LossResult evaluate(FocalLossEngine engine, SegmentationBatch batch, double gamma) {
        return evaluate(engine, batch, 255, gamma, new WeightScheme.None(), Reduction.MEAN);
    }

    /** The settings for the ignore index 255. */
    static LossSettings settings(double gamma, WeightScheme scheme, Reduction r) {
        return new LossSettings(gamma, scheme, 255, r);
    }
}
