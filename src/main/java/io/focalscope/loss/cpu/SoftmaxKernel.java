package io.focalscope.loss.cpu;

import static io.focalscope.loss.cpu.VectorLanes.F;
import static io.focalscope.loss.cpu.VectorLanes.I;
import static io.focalscope.loss.cpu.VectorLanes.L;
import static io.focalscope.loss.cpu.VectorLanes.gather;
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
 * The one read of the logits: for a block of pixels (one per vector lane), a first pass over the
 * classes finds each pixel's largest logit, its class, the label's logit and any non-finite
 * logit; a second pass, on the same block while it is in the L1 cache, sums exp(z - max). The
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

    private static final int[] IOTA = IntStream.range(0, L).toArray();

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

    private void range(PixelRanges ranges, int r) {
        int n = ranges.sample()[r];
        int to = ranges.to()[r];
        int planes = n * classes * hw;
        float top = classes;
        int[] index = new int[L];
        IntVector iota = IntVector.fromArray(I, IOTA, 0);
        for (int i = ranges.from()[r]; i < to; i += L) {
            VectorMask<Float> lanes = tail(i, to);
            int base = planes + i;
            int p = n * hw + i;

            IntVector yi = load(classIndex, p, lanes);
            FloatVector y = (FloatVector) yi.convert(VectorOperators.I2F, 0);
            FloatVector max = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
            FloatVector arg = FloatVector.zero(F);
            FloatVector labelZ = FloatVector.zero(F);
            FloatVector zeros = FloatVector.zero(F);
            FloatVector poison = zeros; // z x 0 is 0 for a finite z and NaN for NaN and ±infinity
            for (int c = 0; c < classes; c++) {
                FloatVector v = load(z, base + c * hw, lanes);
                VectorMask<Float> above = v.compare(VectorOperators.GT, max);
                max = max.blend(v, above);
                arg = arg.blend(c, above);
                labelZ = labelZ.blend(v, y.compare(VectorOperators.EQ, c)); // the class mask takes the label's logit
                poison = v.fma(zeros, poison);
            }
            VectorMask<Float> bad = poison.compare(VectorOperators.NE, poison);
            FloatVector labelShifted = labelZ.sub(max);

            FloatVector eps = FloatVector.zero(F);
            for (int c = 0; c < classes; c++) {
                FloatVector e = load(z, base + c * hw, lanes).sub(max).lanewise(VectorOperators.EXP);
                eps = eps.add(e, arg.compare(VectorOperators.NE, c));
            }
            FloatVector logSum = eps.lanewise(VectorOperators.LOG1P);
            FloatVector sum = eps.add(1f);
            VectorMask<Float> leftOut = bad.or(y.compare(VectorOperators.EQ, top));

            // onehot: the class mask's sum, 1 - p_t from log p_t
            FloatVector logPtO = labelShifted.sub(logSum);
            FloatVector oneMinusO = logPtO.lanewise(VectorOperators.EXPM1).neg();
            // nll: the label's logit by index, 1 - p_t from the other classes
            yi.min(classes - 1).mul(hw).add(iota).intoArray(index, 0);
            FloatVector shiftedN = gather(z, base, index, 0, lanes).sub(max);
            FloatVector others = sum.sub(shiftedN.lanewise(VectorOperators.EXP)).blend(eps, y.compare(VectorOperators.EQ, arg));

            store(logSum.sub(labelShifted).blend(0f, leftOut), uOnehot, p, lanes); // 0 - 0 is +0, as u is where p_t = 1
            // where left out: u = 0 and log(1 - p_t) = -∞, so that every term's value there is 0
            store(oneMinusO.lanewise(VectorOperators.LOG).blend(Float.NEGATIVE_INFINITY, leftOut), logOneMinusOnehot, p, lanes);
            store(logSum.sub(shiftedN).blend(0f, leftOut), uNll, p, lanes);
            store(others.lanewise(VectorOperators.LOG).sub(logSum).blend(Float.NEGATIVE_INFINITY, leftOut), logOneMinusNll, p,
                    lanes);
            store((IntVector) arg.blend(-1f, bad).convert(VectorOperators.F2I, 0), predicted, p, lanes);
            if (lanes == null) {
                bad.intoArray(nonFinite, p);
            } else {
                for (int j = 0; j < L && lanes.laneIsSet(j); j++) {
                    nonFinite[p + j] = bad.laneIsSet(j);
                }
            }
        }
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
                    sum = sum.add(load(z, base + c * hw, lanes).sub(max).lanewise(VectorOperators.EXP));
                }
                FloatVector pt = labelZ.sub(max).lanewise(VectorOperators.EXP).div(sum);
                store(pt.blend(1f, y.compare(VectorOperators.EQ, classes)), out, p, lanes);
            }
        });
        return out;
    }
}
