package io.focalscope.loss.cpu;

import static io.focalscope.loss.cpu.VectorLanes.F;
import static io.focalscope.loss.cpu.VectorLanes.L;
import static io.focalscope.loss.cpu.VectorLanes.expOfNonPositive;
import static io.focalscope.loss.cpu.VectorLanes.load;
import static io.focalscope.loss.cpu.VectorLanes.store;
import static io.focalscope.loss.cpu.VectorLanes.tail;

import java.util.List;
import java.util.stream.Stream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * A tile of pixels as both softmax kernels ({@link SoftmaxKernel} for the window, {@link SummaryKernel}
 * for a scan) see it: the read of its logits and the "onehot" log-softmax of the label from it, one
 * pass each, shared. The read: a first pass over the class planes finds each pixel's largest logit
 * m, its class, the label's logit through the class mask and any non-finite logit; a second, on the
 * same tile while it is in the L1 cache, sums ε = Σ exp(z_c - m) over every class but the arg-max
 * (the scan makes the same read in one loop per block, {@link SummaryKernel#read}). Then
 * {@code log p_t = (z_y - m) - log1p(ε)}, stable for logits of ±1000 and exact for a confident
 * pixel's log p_t (about -ε), and {@code log(1 - p_t) = log(-expm1(log p_t))}.
 *
 * <p>A thread's tile, reused from tile to tile; the arrays are the tile's pixels.
 */
final class LogitTile {

    /**
     * Most pixels per tile: the second pass finds the tile's logits (19 classes x 256 pixels, 19 KB) in
     * the L1 cache. Within a pass each vector of pixels goes through all classes, its running max,
     * arg-max, label logit, NaN check and sum in registers. The first pass reads the C class planes as
     * C streams from memory, and a longer stretch of each keeps the processor's prefetch ahead of it:
     * the preparation at 19 x 1024 x 2048 on 2 threads (AVX2) took 42-45 ms against 48-49 with 128
     * pixels (four alternated runs each; 512 gave 44-45). See {@link #width}.
     */
    static final int SIZE = 256;

    /**
     * The tile's width for C classes: {@link #SIZE} where its logits fit in 40 KB, else half of it.
     * At 150 x 512 x 512 tiles of 256 pixels (150 KB) made {@code bench}'s full computation slower
     * than the kernel before with 128 (median 73 ms against 62, seven alternated runs each); with 128
     * for so many classes it took 36-54 ms against the kernel before's 46-70 (four runs each).
     */
    static int width(int classes) {
        return (long) classes * SIZE * Float.BYTES <= 40 * 1024 ? SIZE : SIZE / 2;
    }

    final float[] max = new float[SIZE];
    /** The arg-max's class, as a float (a lane's compare result blends into it). */
    final float[] arg = new float[SIZE];
    /** z_y - m. */
    final float[] labelShifted = new float[SIZE];
    /** z x 0 summed over the classes: 0 for finite logits, NaN otherwise. */
    final float[] poison = new float[SIZE];
    final float[] eps = new float[SIZE];
    /** log1p(ε). */
    final float[] logSum = new float[SIZE];
    final float[] logPt = new float[SIZE];
    /** exp(log p_t). */
    final float[] pt = new float[SIZE];
    final float[] logOneMinus = new float[SIZE];
    /** Free for a kernel's own passes. */
    final float[] scratch = new float[SIZE];
    final float[] scratch2 = new float[SIZE];

    /**
     * One pass over a tile, as the kernels run them: from one call site with many targets, which the
     * JIT does not inline, so each pass is compiled on its own. In one method the exp and ln of the
     * figures were more than the JIT inlines (it stops at about 18,000 nodes, a vector operation
     * costs hundreds, ln alone about 15,000), and a vector crossing a call it does not inline is
     * boxed on the heap (the full computation took 75 to 93 ms instead of about 60 at
     * 19 x 1024 x 2048, 2 cores, AVX2).
     *
     * @param <K> the kernel whose arrays the pass may read and write
     */
    interface Pass<K> {
        void run(K kernel, LogitTile tile, int planes, int p0, int len);
    }

    /**
     * The read and the onehot log-softmax, then the kernel's own passes, as one list for one call
     * site: with two sites, one of them could see few enough targets to be inlined.
     */
    @SafeVarargs
    static <K> List<Pass<K>> passes(Pass<K>... own) {
        List<Pass<K>> read = List.of(
                (k, t, planes, p0, len) -> t.largest(planes, p0, len),
                (k, t, planes, p0, len) -> t.sumOfOthers(planes, len));
        return Stream.concat(read.stream(), afterRead(own).stream()).toList();
    }

    /**
     * The onehot log-softmax from a read the kernel made itself (see {@link SummaryKernel#read}),
     * then its own passes.
     */
    @SafeVarargs
    static <K> List<Pass<K>> afterRead(Pass<K>... own) {
        List<Pass<K>> logSoftmax = List.of(
                (k, t, planes, p0, len) -> VectorLanes.logOfOnePlus(t.eps, t.logSum, len),
                (k, t, planes, p0, len) -> VectorLanes.goldberg(t.eps, t.logSum, len),
                (k, t, planes, p0, len) -> t.logPt(len),
                // 1 - p_t = -expm1(log p_t): exp, then Kahan's correction through its ln
                (k, t, planes, p0, len) -> VectorLanes.expFlushed(t.logPt, t.pt, len),
                (k, t, planes, p0, len) -> VectorLanes.log(t.pt, t.scratch2, len),
                (k, t, planes, p0, len) -> VectorLanes.kahan(t.logPt, t.pt, t.scratch2, len),
                (k, t, planes, p0, len) -> VectorLanes.negate(t.scratch2, t.scratch, len),
                (k, t, planes, p0, len) -> VectorLanes.log(t.scratch, t.logOneMinus, len));
        return Stream.concat(logSoftmax.stream(), Stream.of(own)).toList();
    }

    private final float[] z;
    private final int[] classIndex;
    private final int classes;
    private final int hw;

    /**
     * @param z          the logits {@code [N, C, H, W]}
     * @param classIndex each pixel's label, {@code C} where left out
     */
    LogitTile(float[] z, int[] classIndex, int classes, int hw) {
        this.z = z;
        this.classIndex = classIndex;
        this.classes = classes;
        this.hw = hw;
    }

    /** The largest logit and its class, the label's logit by the class mask, any non-finite logit. */
    private void largest(int planes, int p0, int len) {
        for (int j = 0; j < len; j += L) {
            VectorMask<Float> lanes = tail(j, len);
            FloatVector y = (FloatVector) load(classIndex, p0 + j, lanes).convert(VectorOperators.I2F, 0);
            FloatVector max = load(z, planes + j, lanes);
            FloatVector arg = FloatVector.zero(F);
            FloatVector labelZ = FloatVector.zero(F).blend(max, y.compare(VectorOperators.EQ, 0f));
            FloatVector poison = max.mul(0f);
            for (int c = 1; c < classes; c++) {
                FloatVector v = load(z, planes + c * hw + j, lanes);
                VectorMask<Float> above = v.compare(VectorOperators.GT, max);
                max = max.blend(v, above);
                arg = arg.blend(c, above);
                labelZ = labelZ.blend(v, y.compare(VectorOperators.EQ, c));
                poison = v.fma(FloatVector.zero(F), poison);
            }
            store(max, this.max, j, lanes);
            store(arg, this.arg, j, lanes);
            store(labelZ.sub(max), labelShifted, j, lanes);
            store(poison, this.poison, j, lanes);
        }
    }

    /** ε = Σ exp(z_c - m) over every class but the arg-max, the tile's logits from the L1 cache. */
    private void sumOfOthers(int planes, int len) {
        for (int j = 0; j < len; j += L) {
            VectorMask<Float> lanes = tail(j, len);
            FloatVector max = load(this.max, j, lanes);
            FloatVector arg = load(this.arg, j, lanes);
            FloatVector sum = FloatVector.zero(F);
            FloatVector cv = FloatVector.zero(F); // c as a float vector: a broadcast of c per class cost about 1.5 ms of the read
            for (int c = 0; c < classes; c++) {
                sum = sum.add(expOfNonPositive(load(z, planes + c * hw + j, lanes).sub(max)), arg.compare(VectorOperators.NE, cv));
                cv = cv.add(1f);
            }
            store(sum, eps, j, lanes);
        }
    }

    /** The tile's lanes whose logits are not all finite (their z x 0 sum is NaN). */
    VectorMask<Float> nonFinite(int j, VectorMask<Float> lanes) {
        FloatVector p = load(poison, j, lanes);
        return p.compare(VectorOperators.NE, p);
    }

    /** Pixels left out of the loss: non-finite logits, or the ignore index (class index C); pixel p is the tile's lane j. */
    VectorMask<Float> leftOut(int p, int j, VectorMask<Float> lanes) {
        return nonFinite(j, lanes).or(load(classIndex, p, lanes).compare(VectorOperators.EQ, classes).cast(F));
    }

    /** The arg-max's class, -1 where a logit is not finite. */
    IntVector predicted(int j, VectorMask<Float> lanes) {
        return VectorLanes.classOf(load(arg, j, lanes), nonFinite(j, lanes));
    }

    /** log p_t = (z_y - m) - log1p(ε). */
    private void logPt(int len) {
        for (int j = 0; j < len; j += L) {
            VectorMask<Float> lanes = tail(j, len);
            store(load(labelShifted, j, lanes).sub(load(logSum, j, lanes)), logPt, j, lanes);
        }
    }
}
