package io.focalscope.loss.cpu;

import static io.focalscope.loss.cpu.VectorLanes.F;
import static io.focalscope.loss.cpu.VectorLanes.L;
import static io.focalscope.loss.cpu.VectorLanes.expFlushed;
import static io.focalscope.loss.cpu.VectorLanes.load;
import static io.focalscope.loss.cpu.VectorLanes.store;
import static io.focalscope.loss.cpu.VectorLanes.tail;

import io.focalscope.io.SegmentationBatch;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The one read of the logits: for a tile of pixels, a first pass over the class planes finds each
 * pixel's largest logit, its class, the label's logit and any non-finite logit; a second pass, on
 * the same tile while it is in the cache, sums exp(z - max). The
 * log-softmax is stable: with m = max z and ε = Σ exp(z_c - m) over every class but the arg-max,
 * {@code log p_c = (z_c - m) - log1p(ε)}, so logits of ±1000 stay finite and a confident pixel's
 * log p_t (about -ε) keeps its digits.
 *
 * <p>Per pixel it keeps, for each form on its own: {@code u = -log p_t} and log(1 - p_t). "onehot" takes the
 * label's logit through a class mask (the one-hot row: one compare per class as the block streams
 * past) and {@code 1 - p_t = -expm1(log p_t)}; "nll" gathers the label's logit by its index and
 * takes {@code 1 - p_t = Σ_{c≠y} exp(z_c - m) / (1 + ε)}, the other classes' share. Both are exact
 * to float rounding, and differ by it.
 */
final class SoftmaxKernel {

    final float[] uNll;
    final float[] uOnehot;
    final float[] logOneMinusNll;
    final float[] logOneMinusOnehot;
    final int[] predicted;
    final boolean[] nonFinite;

    private final float[] z;
    private final int[] classIndex;
    private final int classes;
    private final int hw;

    private SoftmaxKernel(SegmentationBatch batch, int[] classIndex) {
        int pixels = batch.pixels();
        this.z = batch.logits();
        this.classIndex = classIndex;
        this.classes = batch.classes();
        this.hw = batch.height() * batch.width();
        uNll = new float[pixels];
        uOnehot = new float[pixels];
        logOneMinusNll = new float[pixels];
        logOneMinusOnehot = new float[pixels];
        predicted = new int[pixels];
        nonFinite = new boolean[pixels];
    }

    /**
     * @param classIndex each pixel's label, {@code C} for the ignore index
     */
    static SoftmaxKernel run(SegmentationBatch batch, int[] classIndex, PixelRanges ranges) {
        SoftmaxKernel k = new SoftmaxKernel(batch, classIndex);
        IntStream.range(0, ranges.count()).parallel().forEach(r -> k.range(ranges, r));
        return k;
    }

    /**
     * Pixels per tile: the second pass finds the tile's logits (19 classes x 128 pixels, 10 KB) in the
     * L1 cache. Within a pass each vector of pixels goes through all classes, its running max, arg-max,
     * label logit, NaN check and sum in registers. Measured at 19 x 1024 x 2048 on 2 threads: 55-75 ms
     * against 78-104 ms for a block of one vector with the classes H x W apart and no second pass in
     * cache; tiles of 512 to 2048 pixels took as long as 128.
     */
    static final int TILE = 128;

    /** A thread's tile state, reused from tile to tile. */
    private static final class Tile {
        final float[] max = new float[TILE];
        final float[] arg = new float[TILE];
        final float[] labelZ = new float[TILE];
        final float[] poison = new float[TILE]; // z x 0 summed: 0 for finite logits, NaN otherwise
        final float[] eps = new float[TILE];
        final float[] gathered = new float[TILE];
        final float[] logSum = new float[TILE]; // log1p(ε)
        final float[] scratch = new float[TILE];
        final float[] scratch2 = new float[TILE];
        final float[] scratch3 = new float[TILE];
    }

    private void range(PixelRanges ranges, int r) {
        int n = ranges.sample()[r];
        int to = ranges.to()[r];
        Tile t = new Tile();
        for (int i = ranges.from()[r]; i < to; i += TILE) {
            tile(t, n, i, Math.min(TILE, to - i));
        }
    }

    /**
     * Pixels [i, i + len) of sample n: two passes over the class planes, then each pixel's figures; a
     * method each, small enough that the JIT inlines every vector operation in it (a vector returned
     * by a call it does not inline is boxed).
     */
    private void tile(Tile t, int n, int i, int len) {
        int planes = n * classes * hw + i;
        int p0 = n * hw + i;
        largest(t, planes, p0, len);
        sumOfOthers(t, planes, len);
        figures(t, planes, p0, len);
    }

    /** The largest logit and its class, the label's logit by the class mask, any non-finite logit. */
    private void largest(Tile t, int planes, int p0, int len) {
        for (int j = 0; j < len; j += L) {
            VectorMask<Float> lanes = tail(j, len);
            IntVector y = load(classIndex, p0 + j, lanes);
            FloatVector max = load(z, planes + j, lanes);
            FloatVector arg = FloatVector.zero(F);
            FloatVector labelZ = FloatVector.zero(F).blend(max, y.compare(VectorOperators.EQ, 0).cast(F));
            FloatVector poison = max.mul(0f);
            for (int c = 1; c < classes; c++) {
                FloatVector v = load(z, planes + c * hw + j, lanes);
                VectorMask<Float> above = v.compare(VectorOperators.GT, max);
                max = max.blend(v, above);
                arg = arg.blend(c, above);
                labelZ = labelZ.blend(v, y.compare(VectorOperators.EQ, c).cast(F));
                poison = v.fma(FloatVector.zero(F), poison);
            }
            store(max, t.max, j, lanes);
            store(arg, t.arg, j, lanes);
            store(labelZ, t.labelZ, j, lanes);
            store(poison, t.poison, j, lanes);
        }
    }

    /** ε = Σ exp(z_c - m) over every class but the arg-max. */
    private void sumOfOthers(Tile t, int planes, int len) {
        for (int j = 0; j < len; j += L) {
            VectorMask<Float> lanes = tail(j, len);
            FloatVector max = load(t.max, j, lanes);
            FloatVector arg = load(t.arg, j, lanes);
            FloatVector eps = FloatVector.zero(F);
            for (int c = 0; c < classes; c++) {
                eps = eps.add(expFlushed(load(z, planes + c * hw + j, lanes).sub(max)), arg.compare(VectorOperators.NE, c));
            }
            store(eps, t.eps, j, lanes);
        }
    }

    /** One short pass over a tile's pixels. */
    private interface Pass {
        void run(SoftmaxKernel k, Tile t, int planes, int p0, int len);
    }

    /**
     * Each form's u and log(1 - p_t), in passes over the tile that each hold at most one exp or ln.
     * They are called from one call site ({@link #figures}), which the JIT does not inline as it has
     * many targets, so each pass is compiled on its own: in one method, the five exp and ln were more
     * than the JIT inlines (it stops at about 18,000 nodes, a vector operation costs hundreds, ln
     * alone about 15,000), and a vector crossing a call it does not inline is boxed on the heap (the
     * full computation took 75 to 93 ms instead of about 60 at 19 x 1024 x 2048, 2 cores, AVX2).
     */
    private static final Pass[] FIGURES = {
        // onehot: log1p(ε), then log p_t = (z_y - m) - log1p(ε), 1 - p_t = -expm1(log p_t), log(1 - p_t)
        (k, t, planes, p0, len) -> VectorLanes.logOfOnePlus(t.eps, t.logSum, len),
        (k, t, planes, p0, len) -> VectorLanes.goldberg(t.eps, t.logSum, len),
        (k, t, planes, p0, len) -> logPt(t, len),
        (k, t, planes, p0, len) -> VectorLanes.expFlushed(t.scratch, t.scratch3, len),
        (k, t, planes, p0, len) -> VectorLanes.log(t.scratch3, t.scratch2, len),
        (k, t, planes, p0, len) -> VectorLanes.kahan(t.scratch, t.scratch3, t.scratch2, len),
        (k, t, planes, p0, len) -> VectorLanes.negate(t.scratch2, t.scratch, len),
        (k, t, planes, p0, len) -> VectorLanes.log(t.scratch, t.scratch, len),
        (k, t, planes, p0, len) -> k.onehotOut(t, p0, len),
        // nll: the label's logit by its index, 1 - p_t from the other classes: ε + 1 - exp(z_y - m),
        // or ε where the label is the arg-max
        (k, t, planes, p0, len) -> k.gatherLabelLogits(t, planes, p0, len),
        (k, t, planes, p0, len) -> VectorLanes.exp(t.gathered, t.scratch, len),
        (k, t, planes, p0, len) -> k.others(t, p0, len),
        (k, t, planes, p0, len) -> VectorLanes.log(t.scratch, t.scratch, len),
        (k, t, planes, p0, len) -> k.nllOut(t, p0, len),
        (k, t, planes, p0, len) -> k.argMaxAndFinite(t, p0, len),
    };

    /** Each form's u and log(1 - p_t), the arg-max and whether the logits are finite. */
    private void figures(Tile t, int planes, int p0, int len) {
        for (Pass pass : FIGURES) {
            pass.run(this, t, planes, p0, len);
        }
    }

    /** The label's logit less the largest, by its index (a left-out pixel's by class 0, zeroed later). */
    private void gatherLabelLogits(Tile t, int planes, int p0, int len) {
        for (int j = 0; j < len; j++) {
            int y = classIndex[p0 + j];
            t.gathered[j] = z[planes + j + (y < classes ? y : 0) * hw] - t.max[j];
        }
    }

    /**
     * The arg-max and the non-finite flag lane by lane: on AVX2 neither a float-to-int conversion nor
     * a mask's store into a boolean[] is an intrinsic, and as vector operations they allocated 86 MB a read.
     */
    private void argMaxAndFinite(Tile t, int p0, int len) {
        for (int j = 0; j < len; j++) {
            boolean bad = t.poison[j] != t.poison[j];
            nonFinite[p0 + j] = bad;
            predicted[p0 + j] = bad ? -1 : (int) t.arg[j];
        }
    }

    /** log p_t of the onehot form: the label's shifted logit less log1p(ε). */
    private static void logPt(Tile t, int len) {
        for (int j = 0; j < len; j += L) {
            VectorMask<Float> lanes = tail(j, len);
            store(load(t.labelZ, j, lanes).sub(load(t.max, j, lanes)).sub(load(t.logSum, j, lanes)), t.scratch, j, lanes);
        }
    }

    /** Where left out: u = 0 and log(1 - p_t) = -∞, so that every term's value there is 0. */
    private void onehotOut(Tile t, int p0, int len) {
        for (int j = 0; j < len; j += L) {
            VectorMask<Float> lanes = tail(j, len);
            int p = p0 + j;
            VectorMask<Float> leftOut = leftOut(t, p, j, lanes);
            FloatVector labelShifted = load(t.labelZ, j, lanes).sub(load(t.max, j, lanes));
            store(load(t.logSum, j, lanes).sub(labelShifted).blend(0f, leftOut), uOnehot, p, lanes); // 0 - 0 is +0, as u is where p_t = 1
            store(load(t.scratch, j, lanes).blend(Float.NEGATIVE_INFINITY, leftOut), logOneMinusOnehot, p, lanes);
        }
    }

    /** ε + 1 - exp(z_y - m), ε where the label is the arg-max. */
    private void others(Tile t, int p0, int len) {
        for (int j = 0; j < len; j += L) {
            VectorMask<Float> lanes = tail(j, len);
            FloatVector eps = load(t.eps, j, lanes);
            VectorMask<Float> labelIsTop = ((FloatVector) load(classIndex, p0 + j, lanes).convert(VectorOperators.I2F, 0))
                    .compare(VectorOperators.EQ, load(t.arg, j, lanes));
            store(eps.add(1f).sub(load(t.scratch, j, lanes)).blend(eps, labelIsTop), t.scratch, j, lanes);
        }
    }

    private void nllOut(Tile t, int p0, int len) {
        for (int j = 0; j < len; j += L) {
            VectorMask<Float> lanes = tail(j, len);
            int p = p0 + j;
            VectorMask<Float> leftOut = leftOut(t, p, j, lanes);
            FloatVector logSum = load(t.logSum, j, lanes);
            store(logSum.sub(load(t.gathered, j, lanes)).blend(0f, leftOut), uNll, p, lanes);
            store(load(t.scratch, j, lanes).sub(logSum).blend(Float.NEGATIVE_INFINITY, leftOut), logOneMinusNll, p, lanes);
        }
    }

    /** Pixels left out: non-finite logits, or the ignore index. */
    private VectorMask<Float> leftOut(Tile t, int p, int j, VectorMask<Float> lanes) {
        FloatVector poison = load(t.poison, j, lanes);
        return poison.compare(VectorOperators.NE, poison).or(load(classIndex, p, lanes).compare(VectorOperators.EQ, classes).cast(F));
    }

    /**
     * p_t as the source post computes it, {@code softmax(z)[y] = exp(z_y - m) / Σ exp(z_c - m)} in
     * float32, for its loss as written; 1 where left out (its loss is 0 there). A read of the logits
     * of its own, made only when the post's figures are asked for.
     */
    static float[] postPt(SegmentationBatch batch, int[] classIndex, PixelRanges ranges) {
        float[] z = batch.logits();
        int classes = batch.classes();
        int hw = batch.height() * batch.width();
        float[] out = new float[classIndex.length];
        IntStream.range(0, ranges.count()).parallel().forEach(r -> {
            int n = ranges.sample()[r];
            int to = ranges.to()[r];
            for (int i = ranges.from()[r]; i < to; i += L) {
                VectorMask<Float> lanes = tail(i, to);
                int base = n * classes * hw + i;
                int p = n * hw + i;
                FloatVector y = (FloatVector) load(classIndex, p, lanes).convert(VectorOperators.I2F, 0);
                FloatVector max = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
                FloatVector labelZ = FloatVector.zero(F);
                for (int c = 0; c < classes; c++) {
                    FloatVector v = load(z, base + c * hw, lanes);
                    max = max.max(v);
                    labelZ = labelZ.blend(v, y.compare(VectorOperators.EQ, c));
                }
                FloatVector sum = FloatVector.zero(F);
                for (int c = 0; c < classes; c++) {
                    sum = sum.add(VectorLanes.exp(load(z, base + c * hw, lanes).sub(max)));
                }
                FloatVector pt = VectorLanes.exp(labelZ.sub(max)).div(sum);
                store(pt.blend(1f, y.compare(VectorOperators.EQ, classes)), out, p, lanes);
            }
        });
        return out;
    }
}
