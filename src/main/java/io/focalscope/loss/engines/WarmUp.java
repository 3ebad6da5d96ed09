package io.focalscope.loss.engines;

import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.Activation;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.PreparedBatch;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import io.focalscope.loss.cpu.CpuEngine;
import java.util.Random;
import java.util.function.Supplier;

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

    /**
     * Starts the warm-up on a thread of its own, where the engine the window computes with is the CPU
     * kernel (asked on that thread: on the CUDA build the choice asks ND4J, which takes seconds);
     * does nothing for ND4J.
     */
    public static void startInBackground(Supplier<FocalLossEngine> engine) {
        Thread t = new Thread(() -> {
            if (applies(engine.get())) {
                run(CpuEngine::preferVectorCode);
            }
        }, "focalscope-warm-up");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** Whether the engine is the CPU kernel, which has vector code to warm. */
    static boolean applies(FocalLossEngine engine) {
        return engine instanceof CpuEngine && CpuEngine.available();
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
        CpuEngine engine = CpuEngine.vectorCode();
        double[] gammas = {0, 1, 2, 3};
        int round = 0;
        try {
            for (; round < ROUNDS; round++) {
                try (PreparedBatch prepared = engine.prepare(batch, 255, Activation.SOFTMAX)) {
                    prepared.evaluate(s);
                    prepared.evaluate(s.withGamma(2.5).withoutAsWritten());
                    prepared.lossCurve(s, gammas);
                }
            }
        } finally {
            warm.run(); // a round that failed leaves the vector code colder, not unused for the session
        }
        return round;
    }
}
