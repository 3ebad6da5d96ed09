package io.focalscope.loss.cpu;

import static io.focalscope.loss.cpu.VectorLanes.F;
import static io.focalscope.loss.cpu.VectorLanes.L;
import static io.focalscope.loss.cpu.VectorLanes.gather;
import static io.focalscope.loss.cpu.VectorLanes.inRange;
import static io.focalscope.loss.cpu.VectorLanes.leftOut;
import static io.focalscope.loss.cpu.VectorLanes.load;
import static io.focalscope.loss.cpu.VectorLanes.store;
import static io.focalscope.loss.cpu.VectorLanes.tail;

import io.focalscope.loss.ElementTerm;
import io.focalscope.loss.TermPass;
import io.focalscope.loss.cpu.VectorLanes.FloatSum;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The softmax passes after the softmax, over the per-pixel arrays {@link SoftmaxKernel} kept: one
 * for new weights (cross-entropy {@code α_y u}, on its own path) and one per term, which
 * computes both forms' loss, the post's float32 loss when asked, and every sum the figures need
 * (per class, per sample, the largest difference of the forms) while the block is in registers.
 */
final class FocalKernel {

    private final SoftmaxKernel softmax;
    private final int[] classIndex;
    private final int classes;
    private final PixelRanges ranges;
    private final Supplier<float[]> postPt;
    /** Whether a pass runs the vector code now, or its plain float twin ({@link ScalarPasses}, the same bits). */
    private final BooleanSupplier vector;
    /** {@code α_y u}, both forms', from the last weighing. */
    private float[] crossEntropy;
    /** The last weighing's α per class, with 0 for pixels left out. */
    private float[] alpha;

    FocalKernel(SoftmaxKernel softmax, int[] classIndex, int classes, PixelRanges ranges, Supplier<float[]> postPt,
                BooleanSupplier vector) {
        this.vector = vector;
        this.softmax = softmax;
        this.classIndex = classIndex;
        this.classes = classes;
        this.ranges = ranges;
        this.postPt = postPt;
    }

    /** Cross-entropy {@code α_y u}, both forms' (their u is one array), with its sums. */
    TermPass weigh(float[] alpha) {
        float[] ce = new float[classIndex.length];
        RangeSums[] perRange = new RangeSums[ranges.count()];
        boolean vectors = vector.getAsBoolean();
        IntStream.range(0, ranges.count()).parallel().forEach(r -> {
            int first = ranges.firstPixel(r);
            int end = ranges.endPixel(r);
            if (!vectors) {
                double total = ScalarPasses.weigh(alpha, classIndex, softmax.u, ce, first, end);
                perRange[r] = new RangeSums(classSums(first, end, ce), total, total, 0, null);
                return;
            }
            FloatSum sum = new FloatSum();
            float[] scratch = new float[L];
            for (int p = first; p < end; p += L) {
                VectorMask<Float> lanes = tail(p, end);
                FloatVector v = gather(alpha, classIndex, p, lanes, scratch).mul(load(softmax.u, p, lanes));
                store(v, ce, p, lanes);
                sum.add(v, p + L >= end);
            }
            perRange[r] = new RangeSums(classSums(first, end, ce), sum.total, sum.total, 0, null);
        });
        crossEntropy = ce;
        this.alpha = alpha;
        Totals t = Totals.of(perRange, classes, ranges, false);
        return TermPass.of(ce, t.classSum, t.sampleSum, t.sum, null);
    }

    /** Both forms' loss of a term under the last weights, the post's if asked (focal loss at the term's γ), and their sums. */
    TermPass term(ElementTerm term, boolean asWritten) {
        VectorTerm v = new VectorTerm(term);
        float[] ce = crossEntropy;
        float[] a = alpha;
        int pixels = classIndex.length;
        float[] onehot = new float[pixels];
        float[] post = asWritten ? new float[pixels] : null;
        float[] pt = asWritten ? postPt.get() : null;
        RangeSums[] perRange = new RangeSums[ranges.count()];
        boolean vectors = vector.getAsBoolean();
        IntStream.range(0, ranges.count()).parallel().forEach(r -> perRange[r] = !vectors
                ? scalarRange(ranges.firstPixel(r), ranges.endPixel(r), v, (float) term.gamma(), a, ce, onehot, post, pt)
                : range(ranges.firstPixel(r), ranges.endPixel(r), v, (float) term.gamma(), a, ce, onehot, post, pt));
        Totals t = Totals.of(perRange, classes, ranges, asWritten);
        Supplier<float[]> nll = () -> vectors ? nllMap(v, ce) : scalarNllMap(v, ce);
        return new TermPass(onehot, nll, t.classSum, t.sampleSum, t.sum, t.sumNll, t.maxDiff, post, t.post, null);
    }

    /** The "nll" form's map, which the pass summed without keeping it (a view asks for it now and then). */
    private float[] nllMap(VectorTerm v, float[] ce) {
        float[] out = new float[classIndex.length];
        IntStream.range(0, ranges.count()).parallel().forEach(r -> {
            int end = ranges.endPixel(r);
            for (int p = ranges.firstPixel(r); p < end; p += L) {
                VectorMask<Float> lanes = tail(p, end);
                store(v.value(load(ce, p, lanes), load(softmax.logOneMinusNll, p, lanes)), out, p, lanes);
            }
        });
        return out;
    }

    private float[] scalarNllMap(VectorTerm term, float[] ce) {
        float[] out = new float[classIndex.length];
        IntStream.range(0, ranges.count()).parallel().forEach(r ->
                ScalarPasses.nllMap(term, ce, softmax.logOneMinusNll, out, ranges.firstPixel(r), ranges.endPixel(r)));
        return out;
    }

    /** {@link #range} by {@link ScalarPasses}. */
    private RangeSums scalarRange(int first, int end, VectorTerm term, float gamma, float[] alpha, float[] ce, float[] focalOnehot,
                                  float[] post, float[] pt) {
        double sum = ScalarPasses.onehotTerms(term, ce, softmax.logOneMinusOnehot, focalOnehot, first, end);
        double[] nll = ScalarPasses.nllTerms(term, ce, softmax.logOneMinusNll, focalOnehot, first, end);
        TermPass.PostFigures postFigures = post == null ? null
                : ScalarPasses.post(gamma, alpha, classIndex, classes, pt, focalOnehot, post, first, end);
        return new RangeSums(classSums(first, end, focalOnehot), sum, nll[0], nll[1], postFigures);
    }

    private record RangeSums(double[] classSum, double sum, double sumNll, double maxDiff, TermPass.PostFigures post) {
    }

    /** A range's sums added up in range order, so that no figure depends on the threads' timing. */
    private record Totals(double[] classSum, double[] sampleSum, double sum, double sumNll, double maxDiff,
                          TermPass.PostFigures post) {

        static Totals of(RangeSums[] perRange, int classes, PixelRanges ranges, boolean post) {
            double[] classSum = new double[classes + 1];
            double[] sampleSum = new double[ranges.samples()];
            double sum = 0;
            double sumNll = 0;
            double maxDiff = 0;
            TermPass.PostFigures postFigures = post ? new TermPass.PostFigures(0, 0, 0) : null;
            for (int r = 0; r < perRange.length; r++) {
                RangeSums s = perRange[r];
                postFigures = post ? postFigures.plus(s.post) : null;
                for (int c = 0; c <= classes; c++) {
                    classSum[c] += s.classSum[c];
                }
                sampleSum[ranges.sample()[r]] += s.sum;
                sum += s.sum;
                sumNll += s.sumNll;
                maxDiff = Math.max(maxDiff, s.maxDiff);
            }
            return new Totals(classSum, sampleSum, sum, sumNll, maxDiff, postFigures);
        }
    }

    /**
     * Per class, the sum of a map over pixels [first, end). Four neighbouring pixels add to four
     * arrays, so that a run of pixels of one class, as real labels have, is not one chain of
     * dependent additions; the arrays are added in a fixed order. Measured on 2 million pixels,
     * one thread: 2.3 ms instead of 6.5 ms for labels in runs, 3.1 instead of 2.3 for random labels.
     */
    private double[] classSums(int first, int end, float[] map) {
        double[] s0 = new double[classes + 1];
        double[] s1 = new double[classes + 1];
        double[] s2 = new double[classes + 1];
        double[] s3 = new double[classes + 1];
        int p = first;
        for (; p + 3 < end; p += 4) {
            s0[classIndex[p]] += map[p];
            s1[classIndex[p + 1]] += map[p + 1];
            s2[classIndex[p + 2]] += map[p + 2];
            s3[classIndex[p + 3]] += map[p + 3];
        }
        for (; p < end; p++) {
            s0[classIndex[p]] += map[p];
        }
        for (int c = 0; c <= classes; c++) {
            s0[c] += s1[c] + s2[c] + s3[c];
        }
        return s0;
    }

    /**
     * {@code x^γ} for x in [0, 1] in float, within a few float steps of torch.pow's powf: products for a
     * whole γ up to 8 (2, as the post has it, is x·x), else {@code exp(γ log x)}, within about γ |log x|
     * float steps. By hand:
     * the Vector API's POW is no intrinsic here and its per-lane fallback made the post's pass 42 ms.
     */
    private static FloatVector power(FloatVector x, float gamma) {
        if (gamma == 0) {
            return FloatVector.broadcast(F, 1f); // pow(0, 0) is 1
        }
        if (gamma == Math.rint(gamma) && gamma <= 8) {
            FloatVector out = x;
            for (int k = 1; k < (int) gamma; k++) {
                out = out.mul(x);
            }
            return out;
        }
        return VectorLanes.exp(VectorLanes.logAnywhere(x).mul(gamma));
    }

    private RangeSums range(int first, int end, VectorTerm term, float gamma, float[] alpha, float[] ce, float[] focalOnehot,
                            float[] post, float[] pt) {
        double[] sums = termRange(first, end, term, ce, focalOnehot);
        TermPass.PostFigures postFigures = post == null ? null : postRange(first, end, gamma, alpha, focalOnehot, post, pt);
        return new RangeSums(classSums(first, end, focalOnehot), sums[0], sums[1], sums[2], postFigures);
    }

    /**
     * Both forms' loss over pixels [first, end): the "onehot" map stored, and {sum, "nll" sum, largest
     * difference}. Lanes are summed in float for 64 blocks, then in double. The loop is kept small so
     * that the JIT inlines every vector operation in it: with the post's figures in the same loop it
     * did not, and the vectors passed to the calls it left were boxed (a re-γ took 11 ms, not 7).
     */
    private double[] termRange(int first, int end, VectorTerm term, float[] ce, float[] focalOnehot) {
        // a loop per form, each with one exp: both in one loop were more than the JIT inlines (see
        // VectorLanes.log), and it then boxed the vectors it did not
        double sum = onehotTerms(first, end, term, ce, focalOnehot);
        double[] nll = nllTerms(first, end, term, ce, focalOnehot);
        return new double[] {sum, nll[0], nll[1]};
    }

    /** The onehot form's term values, stored, and their sum. */
    private double onehotTerms(int first, int end, VectorTerm term, float[] ce, float[] focalOnehot) {
        double sum = 0;
        FloatVector running = FloatVector.zero(F);
        int blocks = 0;
        for (int p = first; p < end; p += L) {
            VectorMask<Float> lanes = tail(p, end);
            // lanes past the range give 0: a masked load's 0 would give Poly-1's ε there
            FloatVector onehot = inRange(term.value(load(ce, p, lanes), load(softmax.logOneMinusOnehot, p, lanes)), lanes);
            store(onehot, focalOnehot, p, lanes);
            running = running.add(onehot);
            if (++blocks == 64) {
                sum += running.reduceLanes(VectorOperators.ADD);
                running = FloatVector.zero(F);
                blocks = 0;
            }
        }
        return sum + running.reduceLanes(VectorOperators.ADD);
    }

    /** The nll form's sum and its largest difference from the onehot form's stored values. */
    private double[] nllTerms(int first, int end, VectorTerm term, float[] ce, float[] focalOnehot) {
        double sum = 0;
        FloatVector running = FloatVector.zero(F);
        FloatVector diff = FloatVector.zero(F);
        int blocks = 0;
        for (int p = first; p < end; p += L) {
            VectorMask<Float> lanes = tail(p, end);
            FloatVector nll = inRange(term.value(load(ce, p, lanes), load(softmax.logOneMinusNll, p, lanes)), lanes);
            // both forms summed alike, so that equal maps give equal totals
            running = running.add(nll);
            diff = diff.max(nll.sub(load(focalOnehot, p, lanes)).abs());
            if (++blocks == 64) {
                sum += running.reduceLanes(VectorOperators.ADD);
                running = FloatVector.zero(F);
                blocks = 0;
            }
        }
        return new double[] {sum + running.reduceLanes(VectorOperators.ADD), diff.reduceLanes(VectorOperators.MAX)};
    }

    /** The post's loss over pixels [first, end): -α (1 - p)^γ log p in float32 from its own softmax, and its figures. */
    private TermPass.PostFigures postRange(int first, int end, float gamma, float[] alpha, float[] focalOnehot, float[] post,
                                          float[] pt) {
        double postSum = 0;
        long postNonFinite = 0;
        FloatVector postError = FloatVector.zero(F);
        float[] scratch = new float[L];
        for (int p = first; p < end; p += L) {
            VectorMask<Float> lanes = tail(p, end);
            // p = 1 where left out gives 0
            FloatVector p32 = load(pt, p, lanes).blend(1f, leftOut(classIndex, classes, p, lanes));
            FloatVector factor = power(p32.neg().add(1f), gamma);
            FloatVector a = gather(alpha, classIndex, p, lanes, scratch);
            FloatVector v = a.neg().mul(factor).mul(VectorLanes.logAnywhere(p32));
            store(v, post, p, lanes);
            VectorMask<Float> broken = v.sub(v).compare(VectorOperators.NE, 0f); // NaN and ±infinity
            postNonFinite += broken.trueCount();
            postSum += v.blend(0f, broken).reduceLanes(VectorOperators.ADD);
            FloatVector onehot = inRange(load(focalOnehot, p, lanes), lanes);
            FloatVector error = v.sub(onehot).abs().div(onehot.abs().max(Float.MIN_NORMAL));
            postError = postError.max(error.blend(0f, broken));
        }
        return new TermPass.PostFigures(postSum, postNonFinite, postError.reduceLanes(VectorOperators.MAX));
    }
}
