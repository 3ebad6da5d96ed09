package io.focalscope.loss.cpu;

import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.Activation;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.ImageLossSums;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Participation;
import io.focalscope.loss.PixelOutcomes;
import io.focalscope.loss.PreparedBatch;
import io.focalscope.loss.SigmoidTargets;
import java.util.concurrent.ForkJoinPool;

/**
 * The fused CPU kernel: the logits are read once, a tile of pixels at a time, class plane by class
 * plane, with Java's Vector API (the incubator module {@code jdk.incubator.vector}), on every core;
 * softmax over the classes or a sigmoid per class channel. Written by hand because ND4J's CPU ops cannot
 * carry this: its LogSoftMax alone took 0.8 to 1.2 s on a Cityscapes-sized map where this whole
 * preparation takes well under 0.1 s (docs/performance.md).
 *
 * <p>Until its vector code is warm ({@link #preferVectorCode}), the softmax is prepared by plain float
 * code to the same bits ({@link ScalarSoftmax}): a command that prepares one batch, and a window's
 * first file, would otherwise spend most of their time in the Vector API's uncompiled fallback.
 */
public final class CpuEngine implements FocalLossEngine {

    /** Set once the vector kernels have been run enough to be compiled. */
    private static volatile boolean vectorWarm;

    /** Which code prepares the softmax and runs its passes. */
    private enum Code { UNTIL_WARM, VECTOR, PLAIN }

    private final Code code;

    /** The softmax prepared by plain float code until the vector code is warm, then by the vector kernel. */
    public CpuEngine() {
        this(Code.UNTIL_WARM);
    }

    private CpuEngine(Code code) {
        this.code = code;
    }

    /** An engine that always runs the vector kernel: what warms it ({@code WarmUp}), and the tests of it. */
    public static CpuEngine vectorCode() {
        return new CpuEngine(Code.VECTOR);
    }

    /** An engine that always runs the plain float code: the tests of it. */
    public static CpuEngine plainCode() {
        return new CpuEngine(Code.PLAIN);
    }

    /**
     * From here every engine prepares the softmax with the vector kernel: it has been run enough
     * for the JIT to have compiled it (a warm-up's rounds), or it is about to be (a benchmark's
     * warm-up runs, which its timed runs follow).
     */
    public static void preferVectorCode() {
        vectorWarm = true;
    }

    /** Whether the softmax and its passes run the vector kernel now, or their plain float twins. */
    boolean vectorSoftmax() {
        return code == Code.VECTOR || code == Code.UNTIL_WARM && vectorWarm;
    }

    /** Whether this JVM has the Vector API (started with {@code --add-modules jdk.incubator.vector}). */
    public static boolean available() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    @Override
    public String id() {
        return "cpu";
    }

    @Override
    public String describe() {
        // parallel streams run on the common pool and the calling thread
        int threads = Math.min(Runtime.getRuntime().availableProcessors(), ForkJoinPool.commonPool().getParallelism() + 1);
        return "cpu kernel on CPU (Java Vector API, " + VectorLanes.F.vectorBitSize() + "-bit, " + threads
                + (threads == 1 ? " thread)" : " threads)");
    }

    @Override
    public PreparedBatch prepare(SegmentationBatch batch, Integer ignoreIndex, Activation activation) {
        long start = System.nanoTime();
        PixelRanges ranges = PixelRanges.of(batch.samples(), batch.height() * batch.width(), VectorLanes.L);
        if (activation == Activation.SIGMOID) {
            int[] classIndex = SigmoidTargets.classIndex(batch, ignoreIndex);
            SigmoidKernel.Targets targets = new SigmoidKernel.Targets(batch, classIndex, ignoreIndex);
            SigmoidKernel sigmoid = SigmoidKernel.run(batch, targets, ranges);
            Participation part = SigmoidTargets.participation(batch, ignoreIndex, classIndex, sigmoid.nonFinite);
            return new CpuSigmoidBatch(part, describe(), sigmoid, targets, ranges, (System.nanoTime() - start) / 1e6);
        }
        int[] classIndex = Participation.classIndex(batch, ignoreIndex);
        SoftmaxKernel softmax = vectorSoftmax() ? SoftmaxKernel.run(batch, classIndex, ranges) : ScalarSoftmax.run(batch, classIndex, ranges);
        Participation part = Participation.of(batch, ignoreIndex, classIndex, p -> softmax.predicted[p] < 0);
        return new CpuSoftmaxBatch(batch, part, describe(), softmax, ranges, (System.nanoTime() - start) / 1e6, this::vectorSoftmax);
    }

    /** Softmax: one pass that keeps nothing per pixel (see {@link SummaryKernel}); sigmoid: the general way. */
    @Override
    public ImageLossSums summarize(SegmentationBatch batch, LossSettings s) {
        if (s.sigmoid()) {
            return FocalLossEngine.super.summarize(batch, s);
        }
        return SummaryKernel.run(batch, Participation.classIndex(batch, s.ignoreIndex()), s.ignoreIndex(), s.term().positive(), null);
    }

    /** The scan's one pass, each tile's p_t and arg-max handed over on the way. */
    @Override
    public ImageLossSums summarize(SegmentationBatch batch, LossSettings s, int[] classIndex, PixelOutcomes outcomes) {
        if (s.sigmoid()) {
            return FocalLossEngine.super.summarize(batch, s, classIndex, outcomes);
        }
        return SummaryKernel.run(batch, classIndex != null ? classIndex : Participation.classIndex(batch, s.ignoreIndex()), s.ignoreIndex(),
                s.term().positive(), outcomes);
    }

    /** The id, and which code runs where it is not the default's choice (tests' names). */
    @Override
    public String toString() {
        return switch (code) {
            case UNTIL_WARM -> id();
            case VECTOR -> id() + " (vector code)";
            case PLAIN -> id() + " (plain float code)";
        };
    }
}
