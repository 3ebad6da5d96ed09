package io.focalscope.loss.cpu;

import static io.focalscope.loss.cpu.VectorLanes.F;
import static io.focalscope.loss.cpu.VectorLanes.L;
import static io.focalscope.loss.cpu.VectorLanes.load;
import static io.focalscope.loss.cpu.VectorLanes.store;
import static io.focalscope.loss.cpu.VectorLanes.tail;

import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.SigmoidTargets;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The sigmoid's one read of the logits, per class channel c: {@code p = σ(x_c)} against a target
 * t of 0 or 1, and per element {@code u = -log p_t} and {@code log(1 - p_t)} by softplus, never as
 * log(σ(x)): {@code softplus(x) = max(x, 0) + log1p(e^-|x|)} is {@code -log(1 - σ(x))} and
 * {@code softplus(-x)} is {@code -log σ(x)}, finite and exact for logits of ±1000. Each range of
 * pixels is read class plane by class plane, in order (a pixel's channels lie H x W apart).
 */
final class SigmoidKernel {

    /** Per element {@code [N, C, HW]}: u and log(1 - p_t) (their values where left out mean nothing). */
    final float[] u;
    final float[] logOneMinus;
    /** Per pixel the predicted class (binary: whether x > 0), -1 where a logit is not finite. */
    final int[] predicted;
    final boolean[] nonFinite;

    private final SegmentationBatch batch;
    private final Targets targets;

    private SigmoidKernel(SegmentationBatch batch, Targets targets) {
        this.batch = batch;
        this.targets = targets;
        u = new float[batch.logits().length];
        logOneMinus = new float[batch.logits().length];
        predicted = new int[batch.pixels()];
        nonFinite = new boolean[batch.pixels()];
    }

    static SigmoidKernel run(SegmentationBatch batch, Targets targets, PixelRanges ranges) {
        SigmoidKernel k = new SigmoidKernel(batch, targets);
        IntStream.range(0, ranges.count()).parallel().forEach(r -> k.range(ranges, r));
        return k;
    }

    private void range(PixelRanges ranges, int r) {
        int n = ranges.sample()[r];
        int from = ranges.from()[r];
        int to = ranges.to()[r];
        int classes = batch.classes();
        int hw = batch.height() * batch.width();
        float[] z = batch.logits();
        int len = to - from;
        float[] best = new float[len];
        float[] arg = new float[len];
        float[] poison = new float[len]; // x * 0 summed: 0 for finite logits, NaN otherwise
        java.util.Arrays.fill(best, Float.NEGATIVE_INFINITY);
        for (int c = 0; c < classes; c++) {
            int plane = (n * classes + c) * hw + from;
            for (int i = 0; i < len; i += L) {
                VectorMask<Float> lanes = tail(i, len);
                FloatVector x = load(z, plane + i, lanes);
                FloatVector top = load(best, i, lanes);
                VectorMask<Float> above = x.compare(VectorOperators.GT, top);
                store(top.blend(x, above), best, i, lanes);
                store(load(arg, i, lanes).blend(c, above), arg, i, lanes);
                store(x.fma(FloatVector.zero(F), load(poison, i, lanes)), poison, i, lanes);

                int e = plane + i;
                int p = n * hw + from + i;
                VectorMask<Float> positive = targets.positive(p, e, c, lanes);
                // softplus(x) = -log(1 - σ(x)) and softplus(-x) = -log σ(x), each from the shared log1p(e^-|x|):
                // softplus(x) - x would lose the digits of a small -log σ(x) for a large x
                FloatVector tail = VectorLanes.log1pOfNonNegative(VectorLanes.expFlushed(x.abs().neg()));
                FloatVector softplus = x.max(0f).add(tail);
                FloatVector softplusNeg = x.neg().max(0f).add(tail);
                store(softplus.blend(softplusNeg, positive), u, e, lanes);
                store(softplusNeg.neg().blend(softplus.neg(), positive), logOneMinus, e, lanes);
            }
        }
        boolean binary = classes == 1;
        for (int i = 0; i < len; i++) {
            int p = n * hw + from + i;
            nonFinite[p] = poison[i] != 0;
            predicted[p] = nonFinite[p] ? -1 : binary ? (z[n * hw + from + i] > 0 ? 1 : 0) : (int) arg[i];
        }
    }

    /** Each element's target, read from the labels as the kind of targets says (see {@link SigmoidTargets}). */
    static final class Targets {
        private final SigmoidTargets.Kind kind;
        private final int[] classIndex;
        private final int[] labels;
        private final int classes;
        private final int ignore;

        Targets(SegmentationBatch batch, int[] classIndex, Integer ignoreIndex) {
            this.kind = SigmoidTargets.kind(batch);
            this.classIndex = classIndex;
            this.labels = batch.labels();
            this.classes = batch.classes();
            this.ignore = ignoreIndex == null ? Integer.MIN_VALUE : ignoreIndex;
        }

        /** Each lane's pixel's class (C where the pixel is left out), read once for both masks below. */
        IntVector classes(int p, VectorMask<Float> lanes) {
            return load(classIndex, p, lanes);
        }

        /** Lanes whose element of channel c is a positive target (pixel p, element e). */
        VectorMask<Float> positive(IntVector pixelClasses, int p, int e, int c, VectorMask<Float> lanes) {
            return switch (kind) {
                case INDEX -> pixelClasses.compare(VectorOperators.EQ, c).cast(F);
                case BINARY -> load(labels, p, lanes).compare(VectorOperators.EQ, 1).cast(F);
                case MASK -> load(labels, e, lanes).compare(VectorOperators.EQ, 1).cast(F);
            };
        }

        /** Lanes whose element takes part: its pixel does, and with masks the element itself. */
        VectorMask<Float> kept(IntVector pixelClasses, int e, VectorMask<Float> lanes) {
            VectorMask<Float> pixel = pixelClasses.compare(VectorOperators.NE, classes).cast(F);
            if (kind == SigmoidTargets.Kind.MASK) {
                pixel = pixel.and(load(labels, e, lanes).compare(VectorOperators.NE, ignore).cast(F));
            }
            return lanes == null ? pixel : pixel.and(lanes);
        }

        VectorMask<Float> positive(int p, int e, int c, VectorMask<Float> lanes) {
            return positive(classes(p, lanes), p, e, c, lanes);
        }

        /** Whether element e (pixel p, channel c) is a positive target; for the scan's histogram. */
        boolean isPositive(int p, int e, int c) {
            return switch (kind) {
                case INDEX -> classIndex[p] == c;
                case BINARY -> labels[p] == 1;
                case MASK -> labels[e] == 1;
            };
        }

        /** Whether element e of pixel p takes part. */
        boolean isKept(int p, int e) {
            return classIndex[p] != classes && (kind != SigmoidTargets.Kind.MASK || labels[e] != ignore);
        }
    }
}
