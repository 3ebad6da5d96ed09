package io.focalscope.loss.engines;

import io.focalscope.Versions;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.Activation;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.PreparedBatch;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import io.focalscope.loss.cpu.CpuEngine;
import java.util.Locale;
import java.util.Random;

/**
 * Runs the fused CPU kernel on a small synthetic batch in the background once the window shows its
 * first map, so that the JIT compiles its vector code before the files opened next; then the engine
 * prepares with it ({@link CpuEngine#preferVectorCode}). Cold, the Vector API runs interpreted and
 * boxes every vector: the first softmax and evaluation of 19 x 1024 x 2048 took 1.7 s and 1.0 s,
 * against about 0.1 s warm (2 cores, AVX2). The start's own file is prepared by plain float code
 * meanwhile; run beside it, from the launch, the warm-up had taken a core from it and from the
 * window's first layout, and made 1 of its rounds by the first map.
 */
public final class WarmUp {

    private static final int ROUNDS = 40;

    private WarmUp() {
    }

    /** Starts the warm-up where the engine would be the CPU kernel; does nothing elsewhere (ND4J, CUDA). */
    public static void startInBackground(String engine) {
        if (!applies(engine, Versions.build(), CpuEngine.available())) {
            return;
        }
        Thread t = new Thread(() -> run(CpuEngine::preferVectorCode), "focalscope-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Whether the engine named would be the CPU kernel: {@code cpu}, or {@code auto} on a build without CUDA. */
    static boolean applies(String engine, String build, boolean vectorApi) {
        String n = engine == null ? "auto" : engine.toLowerCase(Locale.ROOT);
        return vectorApi && (n.equals("cpu") || n.equals("auto") && !build.equals("cuda"));
    }

    /**
     * Softmax, the post's figures, a few γ and the loss curve on 19 x 64 x 512 random logits, {@link #ROUNDS}
     * times.
     *
     * @param warm run after the last round ({@link CpuEngine#preferVectorCode})
     * @return the rounds run
     */
    static int run(Runnable warm) {
        int classes = 19;
        int h = 64;
        int w = 512;
        Random random = new Random(1);
        float[] logits = new float[classes * h * w];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = random.nextFloat() * 6 - 3;
        }
        int[] labels = new int[h * w];
        for (int p = 0; p < labels.length; p++) {
            labels[p] = random.nextInt(20) == 0 ? 255 : random.nextInt(classes);
        }
        SegmentationBatch batch = new SegmentationBatch(logits, labels, 1, classes, h, w, "warm-up", "warm-up");
        // with the post's figures, as a file opens in the window: their pass over the logits, left cold,
        // took about half a second of the first evaluation at 19 x 1024 x 2048
        LossSettings s = new LossSettings(2, new WeightScheme.Enet(1.10), 255, Reduction.MEAN, true);
        CpuEngine engine = CpuEngine.warming();
        double[] gammas = {0, 1, 2, 3};
        int round = 0;
        for (; round < ROUNDS; round++) {
            try (PreparedBatch prepared = engine.prepare(batch, 255, Activation.SOFTMAX)) {
                prepared.evaluate(s);
                prepared.evaluate(s.withGamma(2.5).withoutAsWritten());
                prepared.lossCurve(s, gammas);
            }
        }
        warm.run();
        return round;
    }
}
