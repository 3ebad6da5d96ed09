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

    /** One range's state while its class planes are read. */
    private static final class Range {
        final int n;
        final int from;
        final int len;
        final float[] best;
        final float[] arg;
        final float[] poison; // x * 0 summed: 0 for finite logits, NaN otherwise
        final float[] minusAbs; // -|x| of the plane being read
        final float[] exps; // e^-|x|
        final float[] tails; // log1p(e^-|x|)

        Range(int n, int from, int len) {
            this.n = n;
            this.from = from;
            this.len = len;
            best = new float[len];
            arg = new float[len];
            poison = new float[len];
            minusAbs = new float[len];
            exps = new float[len];
            tails = new float[len];
            java.util.Arrays.fill(best, Float.NEGATIVE_INFINITY);
        }
    }

    /** One pass over a range's class plane c. */
    private interface Pass {
        void run(SigmoidKernel k, Range r, int c);
    }

    /**
     * A plane's passes, called from one site the JIT does not inline (it has several targets), so
     * that each is compiled on its own: in one loop, the arg-max, the targets, e^-|x| and its log1p
     * were more than the JIT inlines (see VectorLanes.log), and it boxed the vectors it did not.
     */
    private static final Pass[] PASSES = {
        (k, r, c) -> k.argMax(r, c),
        (k, r, c) -> VectorLanes.expFlushed(r.minusAbs, r.exps, r.len),
        (k, r, c) -> VectorLanes.logOfOnePlus(r.exps, r.tails, r.len),
        (k, r, c) -> VectorLanes.goldberg(r.exps, r.tails, r.len),
        (k, r, c) -> k.softplus(r, c),
    };

    private void range(PixelRanges ranges, int ri) {
        Range r = new Range(ranges.sample()[ri], ranges.from()[ri], ranges.to()[ri] - ranges.from()[ri]);
        int classes = batch.classes();
        int hw = batch.height() * batch.width();
        float[] z = batch.logits();
        for (int c = 0; c < classes; c++) {
            for (Pass pass : PASSES) {
                pass.run(this, r, c);
            }
        }
        boolean binary = classes == 1;
        for (int i = 0; i < r.len; i++) {
            int p = r.n * hw + r.from + i;
            nonFinite[p] = r.poison[i] != 0;
            predicted[p] = nonFinite[p] ? -1 : binary ? (z[p] > 0 ? 1 : 0) : (int) r.arg[i];
        }
    }

    private int plane(Range r, int c) {
        return (r.n * batch.classes() + c) * batch.height() * batch.width() + r.from;
    }

    /** The largest logit so far and its class, the non-finite check, and -|x| for the softplus. */
    private void argMax(Range r, int c) {
        float[] z = batch.logits();
        int plane = plane(r, c);
        for (int i = 0; i < r.len; i += L) {
            VectorMask<Float> lanes = tail(i, r.len);
            FloatVector x = load(z, plane + i, lanes);
            FloatVector top = load(r.best, i, lanes);
            VectorMask<Float> above = x.compare(VectorOperators.GT, top);
            store(top.blend(x, above), r.best, i, lanes);
            store(load(r.arg, i, lanes).blend(c, above), r.arg, i, lanes);
            store(x.fma(FloatVector.zero(F), load(r.poison, i, lanes)), r.poison, i, lanes);
            store(x.abs().neg(), r.minusAbs, i, lanes);
        }
    }

    /**
     * softplus(x) = -log(1 - σ(x)) and softplus(-x) = -log σ(x), each from the shared log1p(e^-|x|):
     * softplus(x) - x would lose the digits of a small -log σ(x) for a large x.
     */
    private void softplus(Range r, int c) {
        float[] z = batch.logits();
        int plane = plane(r, c);
        int hw = batch.height() * batch.width();
        for (int i = 0; i < r.len; i += L) {
            VectorMask<Float> lanes = tail(i, r.len);
            int e = plane + i;
            int p = r.n * hw + r.from + i;
            FloatVector x = load(z, e, lanes);
            FloatVector tail = load(r.tails, i, lanes);
            VectorMask<Float> positive = targets.positive(p, e, c, lanes);
            FloatVector softplus = x.max(0f).add(tail);
            FloatVector softplusNeg = x.neg().max(0f).add(tail);
            store(softplus.blend(softplusNeg, positive), u, e, lanes);
            store(softplusNeg.neg().blend(softplus.neg(), positive), logOneMinus, e, lanes);
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
