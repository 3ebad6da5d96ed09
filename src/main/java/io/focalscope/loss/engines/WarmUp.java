package io.focalscope.loss.engines;

import io.focalscope.Versions;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.Activation;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.PreparedBatch;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import io.focalscope.loss.cpu.CpuEngine;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Runs the CPU kernel on a small synthetic batch in the background, in two parts:
 * <ul>
 * <li>from the launch, while the toolkit starts, its plain float code (what the start's file is
 *     computed by) a few rounds, so that the JIT has compiled it by the time the file is: at
 *     1 x 19 x 1024 x 2048 the first map came 0.2-0.3 s sooner, and {@code bench --window}'s open took
 *     1.56-1.75 s against 2.06-2.07 s; the demo's start was no different (a few alternated runs each);</li>
 * <li>once the window shows its first map, its vector code, so that the JIT compiles it before the
 *     files opened next; then the engine runs it ({@link CpuEngine#preferVectorCode}). Cold, the
 *     Vector API runs interpreted and boxes every vector: the first softmax and evaluation of
 *     19 x 1024 x 2048 took 1.7 s and 1.0 s, against about 0.1 s warm (2 cores, AVX2). Run from the
 *     launch, this part had taken a core from the start and made 1 of its rounds by the first map.</li>
 * </ul>
 */
public final class WarmUp {

    /** The vector code's rounds. */
    private static final int ROUNDS = 40;
    /** The plain code's: its loops are compiled within a few. */
    private static final int PLAIN_ROUNDS = 10;

    private WarmUp() {
    }

    /**
     * Starts the plain code's part on a thread of its own, where the engine named would be the CPU
     * kernel (the launch has not chosen it yet: see {@link #appliesByName}).
     */
    public static void startPlainInBackground(String engine) {
        if (!appliesByName(engine, Versions.build(), CpuEngine.available())) {
            return;
        }
        inBackground("focalscope-plain-warm-up", Thread.NORM_PRIORITY, () -> run(CpuEngine.plainCode(), PLAIN_ROUNDS, () -> { }));
    }

    /**
     * Whether the engine named would be the CPU kernel: {@code cpu}, or {@code auto} on a build
     * without CUDA (on the CUDA build, auto asks ND4J, which takes seconds).
     */
    static boolean appliesByName(String engine, String build, boolean vectorApi) {
        String n = engine == null ? "auto" : engine.toLowerCase(Locale.ROOT);
        return vectorApi && (n.equals("cpu") || n.equals("auto") && !build.equals("cuda"));
    }

    /**
     * Starts the vector code's part on a thread of its own, where the engine the window computes with is the CPU
     * kernel (asked on that thread: on the CUDA build the choice asks ND4J, which takes seconds);
     * does nothing for ND4J.
     */
    public static void startInBackground(Supplier<FocalLossEngine> engine) {
        inBackground("focalscope-warm-up", Thread.MIN_PRIORITY, () -> {
            if (applies(engine.get())) {
                run(CpuEngine.vectorCode(), ROUNDS, CpuEngine::preferVectorCode);
            }
        });
    }

    private static void inBackground(String name, int priority, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.setPriority(priority);
        t.start();
    }

    /** Whether the engine is the CPU kernel, which has vector code to warm. */
    static boolean applies(FocalLossEngine engine) {
        return engine instanceof CpuEngine && CpuEngine.available();
    }

    /**
     * Softmax, the post's figures, a few γ and the loss curve on 19 x 64 x 512 random logits.
     *
     * @param after run after the last round, also where one failed
     * @return the rounds run
     */
    static int run(CpuEngine engine, int rounds, Runnable after) {
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
        double[] gammas = {0, 1, 2, 3};
        int round = 0;
        try {
            for (; round < rounds; round++) {
                try (PreparedBatch prepared = engine.prepare(batch, 255, Activation.SOFTMAX)) {
                    prepared.evaluate(s);
                    prepared.evaluate(s.withGamma(2.5).withoutAsWritten());
                    prepared.lossCurve(s, gammas);
                }
            }
        } finally {
            after.run(); // a round that failed leaves the vector code colder, not unused for the session
        }
        return round;
    }
}
