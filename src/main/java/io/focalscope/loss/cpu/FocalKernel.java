package io.focalscope.loss.cpu;

import static io.focalscope.loss.cpu.VectorLanes.F;
import static io.focalscope.loss.cpu.VectorLanes.L;
import static io.focalscope.loss.cpu.VectorLanes.gather;
import static io.focalscope.loss.cpu.VectorLanes.leftOut;
import static io.focalscope.loss.cpu.VectorLanes.load;
import static io.focalscope.loss.cpu.VectorLanes.store;
import static io.focalscope.loss.cpu.VectorLanes.tail;

import io.focalscope.loss.FocalPass;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The passes after the softmax, over the per-pixel arrays {@link SoftmaxKernel} kept: one for new
 * weights ({@code -α_y log p_t} per form) and one per γ, which computes both forms'
 * {@code exp(γ log(1 - p_t)) x (-α_y log p_t)}, the post's float32 loss, and every sum the figures
 * need (per class, per sample, the largest difference of the forms) while the block is in registers.
 */
final class FocalKernel {

    private final SoftmaxKernel softmax;
    private final int[] classIndex;
    private final int classes;
    private final PixelRanges ranges;
    float[] crossEntropyNll;
    float[] crossEntropyOnehot;

    FocalKernel(SoftmaxKernel softmax, int[] classIndex, int classes, PixelRanges ranges) {
        this.softmax = softmax;
        this.classIndex = classIndex;
        this.classes = classes;
        this.ranges = ranges;
    }

    /** Weighs both forms' cross-entropy, {@code -α_y log p_t}. */
    void weigh(float[] alpha) {
        int pixels = classIndex.length;
        float[] ceNll = new float[pixels];
        float[] ceOnehot = new float[pixels];
        IntStream.range(0, ranges.count()).parallel().forEach(r -> {
            int end = ranges.endPixel(r);
            for (int p = ranges.firstPixel(r); p < end; p += L) {
                VectorMask<Float> lanes = tail(p, end);
                FloatVector a = gather(alpha, 0, classIndex, p, lanes);
                // 0 - x, not -x: a left-out pixel's 0 stays +0
                store(FloatVector.zero(F).sub(a.mul(load(softmax.logPtNll, p, lanes))), ceNll, p, lanes);
                store(FloatVector.zero(F).sub(a.mul(load(softmax.logPtOnehot, p, lanes))), ceOnehot, p, lanes);
            }
        });
        crossEntropyNll = ceNll;
        crossEntropyOnehot = ceOnehot;
    }

    /** Both forms' focal loss for γ under the last weights, the post's if asked, and their sums. */
    FocalPass focal(double gamma, float[] alpha, boolean asWritten) {
        int pixels = classIndex.length;
        float[] focalNll = gamma == 0 ? crossEntropyNll : new float[pixels];
        float[] focalOnehot = gamma == 0 ? crossEntropyOnehot : new float[pixels];
        float[] post = asWritten ? new float[pixels] : null;
        RangeSums[] perRange = new RangeSums[ranges.count()];
        IntStream.range(0, ranges.count()).parallel().forEach(r ->
                perRange[r] = range(ranges.firstPixel(r), ranges.endPixel(r), (float) gamma, alpha, focalNll, focalOnehot,
                        post));
        double[] classSum = new double[classes];
        double[] sampleSum = new double[ranges.samples()];
        double sumOnehot = 0;
        double sumNll = 0;
        double maxDiff = 0;
        FocalPass.PostFigures postFigures = asWritten ? new FocalPass.PostFigures(0, 0, 0) : null;
        for (int r = 0; r < perRange.length; r++) {
            RangeSums s = perRange[r];
            postFigures = asWritten ? postFigures.plus(s.post) : null;
            int n = ranges.sample()[r];
            for (int c = 0; c < classes; c++) {
                classSum[c] += s.classSum[c];
            }
            sampleSum[n] += s.sum;
            sumOnehot += s.sum;
            sumNll += s.sumNll;
            maxDiff = Math.max(maxDiff, s.maxDiff);
        }
        return new FocalPass(focalOnehot, focalNll, post, classSum, sampleSum, sumOnehot, sumNll, maxDiff, postFigures);
    }

    private record RangeSums(double[] classSum, double sum, double sumNll, double maxDiff, FocalPass.PostFigures post) {
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

    private RangeSums range(int first, int end, float gamma, float[] alpha, float[] focalNll, float[] focalOnehot,
                            float[] post) {
        boolean crossEntropy = gamma == 0; // (1 - p)^0 = 1, also where p = 1 and log(1 - p) = -inf
        double sum = 0;
        double sumNll = 0;
        FloatVector diff = FloatVector.zero(F);
        FloatVector laneSum = FloatVector.zero(F);
        FloatVector laneSumNll = FloatVector.zero(F);
        int blocks = 0;
        double postSum = 0;
        long postNonFinite = 0;
        FloatVector postError = FloatVector.zero(F);
        for (int p = first; p < end; p += L) {
            VectorMask<Float> lanes = tail(p, end);
            FloatVector onehot = load(crossEntropyOnehot, p, lanes);
            FloatVector nll = load(crossEntropyNll, p, lanes);
            if (!crossEntropy) {
                onehot = load(softmax.logOneMinusOnehot, p, lanes).mul(gamma).lanewise(VectorOperators.EXP).mul(onehot);
                nll = load(softmax.logOneMinusNll, p, lanes).mul(gamma).lanewise(VectorOperators.EXP).mul(nll);
                store(onehot, focalOnehot, p, lanes);
                store(nll, focalNll, p, lanes);
            }
            // in float lanes for 64 blocks, then in double; both forms alike, so that equal maps give equal totals
            laneSum = laneSum.add(onehot);
            laneSumNll = laneSumNll.add(nll);
            if (++blocks % 64 == 0 || p + L >= end) {
                sum += laneSum.reduceLanes(VectorOperators.ADD);
                sumNll += laneSumNll.reduceLanes(VectorOperators.ADD);
                laneSum = FloatVector.zero(F);
                laneSumNll = FloatVector.zero(F);
            }
            diff = diff.max(nll.sub(onehot).abs());

            if (post != null) {
                // the post: -α (1 - p)^γ log p, in float32 from its own softmax (p = 1 where left out gives 0)
                FloatVector p32 = load(softmax.pt, p, lanes).blend(1f, leftOut(classIndex, classes, p, lanes));
                FloatVector factor = p32.neg().add(1f).lanewise(VectorOperators.POW, gamma);
                FloatVector a = gather(alpha, 0, classIndex, p, lanes);
                FloatVector v = a.neg().mul(factor).mul(p32.lanewise(VectorOperators.LOG));
                store(v, post, p, lanes);
                VectorMask<Float> broken = v.sub(v).compare(VectorOperators.NE, 0f); // NaN and ±infinity
                postNonFinite += broken.trueCount();
                postSum += v.blend(0f, broken).reduceLanes(VectorOperators.ADD);
                FloatVector error = v.sub(onehot).abs().div(onehot.abs().max(Float.MIN_NORMAL));
                postError = postError.max(error.blend(0f, broken));
            }
        }
        return new RangeSums(classSums(first, end, crossEntropy ? crossEntropyOnehot : focalOnehot), sum, sumNll, diff.reduceLanes(VectorOperators.MAX),
                new FocalPass.PostFigures(postSum, postNonFinite, postError.reduceLanes(VectorOperators.MAX)));
    }
}
