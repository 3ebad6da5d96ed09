package io.focalscope.loss.cpu;

import static io.focalscope.loss.cpu.VectorLanes.F;
import static io.focalscope.loss.cpu.VectorLanes.L;
import static io.focalscope.loss.cpu.VectorLanes.load;
import static io.focalscope.loss.cpu.VectorLanes.store;
import static io.focalscope.loss.cpu.VectorLanes.tail;

import io.focalscope.io.SegmentationBatch;
import java.util.List;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The one read of the logits for the window: the read and the "onehot" log-softmax of
 * {@link LogitTile}, then, per pixel, {@code u = -log p_t} and each form's log(1 - p_t). "onehot"
 * takes the label's logit through a class mask (the one-hot row: one compare per class as the block
 * streams past) and {@code 1 - p_t = -expm1(log p_t)}; "nll" gathers the label's logit by its index
 * and takes {@code 1 - p_t = Σ_{c≠y} exp(z_c - m) / (1 + ε)}, the other classes' share. Both are
 * exact to float rounding, and differ by it. u is kept once: the logit picked by index and by mask
 * is the same float, so both forms' u, and their cross-entropy maps, were the same array twice (two
 * arrays of 8 MB made and written for nothing at 19 x 1024 x 2048).
 */
final class SoftmaxKernel {

    /** -log p_t, both forms'; 0 where left out. */
    final float[] u;
    final float[] logOneMinusNll;
    final float[] logOneMinusOnehot;
    /** The arg-max, -1 where a logit is not finite. */
    final int[] predicted;

    private final float[] z;
    private final int[] classIndex;
    private final int classes;
    private final int hw;

    /** Arrays for the batch's pixels, to be filled ({@link #run}, {@link ScalarSoftmax}). */
    SoftmaxKernel(SegmentationBatch batch, int[] classIndex) {
        int pixels = batch.pixels();
        this.z = batch.logits();
        this.classIndex = classIndex;
        this.classes = batch.classes();
        this.hw = batch.height() * batch.width();
        u = new float[pixels];
        logOneMinusNll = new float[pixels];
        logOneMinusOnehot = new float[pixels];
        predicted = new int[pixels];
    }

    /**
     * @param classIndex each pixel's label, {@code C} for the ignore index
     */
    static SoftmaxKernel run(SegmentationBatch batch, int[] classIndex, PixelRanges ranges) {
        SoftmaxKernel k = new SoftmaxKernel(batch, classIndex);
        IntStream.range(0, ranges.count()).parallel().forEach(r -> k.range(ranges, r));
        return k;
    }

    private void range(PixelRanges ranges, int r) {
        int n = ranges.sample()[r];
        int to = ranges.to()[r];
        LogitTile t = new LogitTile(z, classIndex, classes, hw);
        int width = LogitTile.width(classes);
        for (int i = ranges.from()[r]; i < to; i += width) {
            tile(t, n, i, Math.min(width, to - i));
        }
    }

    /** Pixels [i, i + len) of sample n. */
    private void tile(LogitTile t, int n, int i, int len) {
        int planes = n * classes * hw + i;
        int p0 = n * hw + i;
        for (LogitTile.Pass<SoftmaxKernel> pass : PASSES) {
            pass.run(this, t, planes, p0, len);
        }
    }

    /** u, each form's log(1 - p_t), and the arg-max (-1 where a logit is not finite). */
    private static final List<LogitTile.Pass<SoftmaxKernel>> PASSES = LogitTile.passes(
        (k, t, planes, p0, len) -> k.onehotOut(t, p0, len),
        // nll: the label's logit by its index, 1 - p_t from the other classes: ε + 1 - exp(z_y - m),
        // or ε where the label is the arg-max
        (k, t, planes, p0, len) -> k.gatherLabelLogits(t, planes, p0, len),
        (k, t, planes, p0, len) -> VectorLanes.exp(t.scratch2, t.scratch, len),
        (k, t, planes, p0, len) -> k.others(t, p0, len),
        (k, t, planes, p0, len) -> VectorLanes.log(t.scratch, t.scratch, len),
        (k, t, planes, p0, len) -> k.nllOut(t, p0, len),
        (k, t, planes, p0, len) -> k.argMax(t, p0, len));

    /** The label's logit less the largest, by its index (a left-out pixel's by class 0, zeroed later). */
    private void gatherLabelLogits(LogitTile t, int planes, int p0, int len) {
        for (int j = 0; j < len; j++) {
            int y = classIndex[p0 + j];
            t.scratch2[j] = z[planes + j + (y < classes ? y : 0) * hw] - t.max[j];
        }
    }

    /** The arg-max, -1 where a logit is not finite. */
    private void argMax(LogitTile t, int p0, int len) {
        for (int j = 0; j < len; j += L) {
            VectorMask<Float> lanes = tail(j, len);
            store(t.predicted(j, lanes), predicted, p0 + j, lanes);
        }
    }

    /** Where left out: u = 0 and log(1 - p_t) = -∞, so that every term's value there is 0. */
    private void onehotOut(LogitTile t, int p0, int len) {
        for (int j = 0; j < len; j += L) {
            VectorMask<Float> lanes = tail(j, len);
            int p = p0 + j;
            VectorMask<Float> leftOut = t.leftOut(p, j, lanes);
            // u = -log p_t = log1p(ε) - (z_y - m): 0 - 0 is +0, as u is where p_t = 1
            store(load(t.logSum, j, lanes).sub(load(t.labelShifted, j, lanes)).blend(0f, leftOut), u, p, lanes);
            store(load(t.logOneMinus, j, lanes).blend(Float.NEGATIVE_INFINITY, leftOut), logOneMinusOnehot, p, lanes);
        }
    }

    /** ε + 1 - exp(z_y - m), ε where the label is the arg-max. */
    private void others(LogitTile t, int p0, int len) {
        for (int j = 0; j < len; j += L) {
            VectorMask<Float> lanes = tail(j, len);
            FloatVector eps = load(t.eps, j, lanes);
            VectorMask<Float> labelIsTop = ((FloatVector) load(classIndex, p0 + j, lanes).convert(VectorOperators.I2F, 0))
                    .compare(VectorOperators.EQ, load(t.arg, j, lanes));
            store(eps.add(1f).sub(load(t.scratch, j, lanes)).blend(eps, labelIsTop), t.scratch, j, lanes);
        }
    }

    private void nllOut(LogitTile t, int p0, int len) {
        for (int j = 0; j < len; j += L) {
            VectorMask<Float> lanes = tail(j, len);
            int p = p0 + j;
            VectorMask<Float> leftOut = t.leftOut(p, j, lanes);
            store(load(t.scratch, j, lanes).sub(load(t.logSum, j, lanes)).blend(Float.NEGATIVE_INFINITY, leftOut), logOneMinusNll, p,
                    lanes);
        }
    }

    /**
     * p_t as the source post computes it, {@code softmax(z)[y] = exp(z_y - m) / Σ exp(z_c - m)} in
     * float32, for its loss as written; 1 where left out (its loss is 0 there). A read of the logits
     * of its own, made only when the post's figures are asked for.
     */
    static float[] postPt(SegmentationBatch batch, int[] classIndex, PixelRanges ranges, boolean vector) {
        float[] z = batch.logits();
        int classes = batch.classes();
        int hw = batch.height() * batch.width();
        float[] out = new float[classIndex.length];
        if (!vector) {
            IntStream.range(0, ranges.count()).parallel().forEach(r ->
                    ScalarPasses.postPt(z, classIndex, classes, hw, ranges.sample()[r], ranges.from()[r], ranges.to()[r], out));
            return out;
        }
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
