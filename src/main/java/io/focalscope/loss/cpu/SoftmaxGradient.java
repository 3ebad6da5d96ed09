package io.focalscope.loss.cpu;

import static io.focalscope.loss.cpu.VectorLanes.F;
import static io.focalscope.loss.cpu.VectorLanes.expFlushed;
import static io.focalscope.loss.cpu.VectorLanes.L;
import static io.focalscope.loss.cpu.VectorLanes.gather;
import static io.focalscope.loss.cpu.VectorLanes.leftOut;
import static io.focalscope.loss.cpu.VectorLanes.load;
import static io.focalscope.loss.cpu.VectorLanes.store;
import static io.focalscope.loss.cpu.VectorLanes.tail;

import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.ElementTerm;
import io.focalscope.loss.GradientPass;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The softmax gradient's norm per pixel: {@code dl/dz_k = slope (δ_kt - p_k)}, so
 * {@code |dl/dz| = |slope| sqrt((1 - p_t)^2 + Σ_{k≠t} p_k^2)}. The second sum comes from a read of
 * the logits of its own (only views and commands that show the gradient ask for it); 1 - p_t and the
 * slope from the kept "onehot" u and log(1 - p_t).
 */
final class SoftmaxGradient {

    private SoftmaxGradient() {
    }

    static GradientPass run(SegmentationBatch batch, SoftmaxKernel softmax, int[] classIndex, PixelRanges ranges,
                            ElementTerm term, float[] alpha) {
        VectorTerm t = new VectorTerm(term);
        float[] z = batch.logits();
        int classes = batch.classes();
        int hw = batch.height() * batch.width();
        float[] norm = new float[classIndex.length];
        float[] ceNorm = new float[classIndex.length];
        double[][] sums = new double[ranges.count()][];
        IntStream.range(0, ranges.count()).parallel().forEach(r -> {
            int n = ranges.sample()[r];
            int to = ranges.to()[r];
            double sum = 0;
            double ceSum = 0;
            float[] scratch = new float[L];
            for (int i = ranges.from()[r]; i < to; i += L) {
                VectorMask<Float> lanes = tail(i, to);
                int base = n * classes * hw + i;
                int p = n * hw + i;
                FloatVector y = (FloatVector) load(classIndex, p, lanes).convert(VectorOperators.I2F, 0);
                FloatVector max = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
                for (int c = 0; c < classes; c++) {
                    max = max.max(load(z, base + c * hw, lanes));
                }
                FloatVector total = FloatVector.zero(F);
                FloatVector othersSquared = FloatVector.zero(F);
                for (int c = 0; c < classes; c++) {
                    FloatVector e = expFlushed(load(z, base + c * hw, lanes).sub(max));
                    total = total.add(e);
                    othersSquared = othersSquared.add(e.mul(e), y.compare(VectorOperators.NE, c));
                }
                FloatVector lm = load(softmax.logOneMinusOnehot, p, lanes);
                FloatVector oneMinus = expFlushed(lm);
                FloatVector spread = oneMinus.mul(oneMinus).add(othersSquared.div(total.mul(total))).sqrt();
                FloatVector a = gather(alpha, classIndex, p, lanes, scratch);
                VectorMask<Float> out = leftOut(classIndex, classes, p, lanes);
                FloatVector g = t.slope(a, load(softmax.u, p, lanes), lm).abs().mul(spread).blend(0f, out);
                FloatVector ce = a.mul(spread).blend(0f, out);
                store(g, norm, p, lanes);
                store(ce, ceNorm, p, lanes);
                sum += g.reduceLanes(VectorOperators.ADD);
                ceSum += ce.reduceLanes(VectorOperators.ADD);
            }
            sums[r] = new double[] {sum, ceSum};
        });
        double sum = 0;
        double ceSum = 0;
        for (double[] s : sums) { // in range order: no figure depends on the threads' timing
            sum += s[0];
            ceSum += s[1];
        }
        return new GradientPass(norm, ceNorm, sum, ceSum);
    }
}
