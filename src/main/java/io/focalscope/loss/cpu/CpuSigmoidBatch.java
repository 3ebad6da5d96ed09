package io.focalscope.loss.cpu;

import static io.focalscope.loss.cpu.VectorLanes.F;
import static io.focalscope.loss.cpu.VectorLanes.L;
import static io.focalscope.loss.cpu.VectorLanes.load;
import static io.focalscope.loss.cpu.VectorLanes.store;
import static io.focalscope.loss.cpu.VectorLanes.tail;

import io.focalscope.loss.AbstractPreparedBatch;
import io.focalscope.loss.Activation;
import io.focalscope.loss.ElementTerm;
import io.focalscope.loss.GradientPass;
import io.focalscope.loss.LogPtHistogram;
import io.focalscope.loss.Participation;
import io.focalscope.loss.TermPass;
import io.focalscope.loss.Weighting;
import java.util.Arrays;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * A sigmoid batch prepared by the fused CPU kernel: per element u and log(1 - p_t), so a new term or
 * γ costs one pass over them, per range of pixels class plane by class plane, each element's loss
 * added into its pixel's while the range is in the cache. Plain Java arrays, nothing to free.
 */
final class CpuSigmoidBatch extends AbstractPreparedBatch {

    private final SigmoidKernel kernel;
    private final SigmoidKernel.Targets targets;
    private final PixelRanges ranges;
    private final int classes;
    private final int hw;

    CpuSigmoidBatch(Participation part, String backend, SigmoidKernel kernel, SigmoidKernel.Targets targets,
                    PixelRanges ranges, double prepareMillis) {
        super(part, Activation.SIGMOID, backend, null, null, kernel.predicted, prepareMillis);
        this.kernel = kernel;
        this.targets = targets;
        this.ranges = ranges;
        this.classes = part.classes();
        this.hw = part.mapShape()[1] * part.mapShape()[2];
    }

    /**
     * What a pass adds up per element. A switch, not a lambda: a call site that sees several lambdas
     * is not inlined, and vectors passed through it are boxed (the Vector API's pitfall).
     */
    private enum Mode { CROSS_ENTROPY, TERM, GRADIENT_SQUARED, CROSS_ENTROPY_GRADIENT_SQUARED }

    /** One element's contribution in a pass; the kept lanes are added. */
    private static FloatVector element(Mode mode, VectorTerm pos, VectorTerm neg, FloatVector a, FloatVector u,
                                       FloatVector lm, VectorMask<Float> positive) {
        return switch (mode) {
            case CROSS_ENTROPY -> a.mul(u);
            // ASL's sides differ: each its term
            case TERM -> pos == neg ? pos.value(a, u, lm) : neg.value(a, u, lm).blend(pos.value(a, u, lm), positive);
            case GRADIENT_SQUARED -> {
                FloatVector slope = pos == neg ? pos.slope(a, u, lm) : neg.slope(a, u, lm).blend(pos.slope(a, u, lm), positive);
                FloatVector g = slope.mul(lm.lanewise(VectorOperators.EXP));
                yield g.mul(g);
            }
            case CROSS_ENTROPY_GRADIENT_SQUARED -> {
                FloatVector g = a.mul(lm.lanewise(VectorOperators.EXP));
                yield g.mul(g);
            }
        };
    }

    /** A range's sums: per class, per sample (its one sample), in all. */
    private record RangeSums(double[] classSum, double sum) {
    }

    @Override
    protected TermPass crossEntropyPass(Weighting w) {
        return pass(w, Mode.CROSS_ENTROPY, null, null);
    }

    @Override
    protected TermPass termPass(ElementTerm positive, ElementTerm negative, Weighting w, boolean asWritten) {
        VectorTerm pos = new VectorTerm(positive);
        return pass(w, Mode.TERM, pos, positive.equals(negative) ? pos : new VectorTerm(negative));
    }

    /**
     * Adds each kept element's value into its pixel's, per range, and sums per class and sample; for a
     * term, also finds per pixel the element of largest value.
     */
    private TermPass pass(Weighting w, Mode mode, VectorTerm pos, VectorTerm neg) {
        boolean dominant = mode == Mode.TERM;
        int pixels = participation().pixels();
        float[] map = new float[pixels];
        float[] pt = dominant ? new float[pixels] : null;
        float[] oneMinusPt = dominant ? new float[pixels] : null;
        boolean[] isPositive = dominant ? new boolean[pixels] : null;
        RangeSums[] perRange = new RangeSums[ranges.count()];
        IntStream.range(0, ranges.count()).parallel().forEach(r -> {
            int n = ranges.sample()[r];
            int from = ranges.from()[r];
            int len = ranges.to()[r] - from;
            float[] acc = new float[len];
            float[] best = dominant ? new float[len] : null;
            float[] bestU = dominant ? new float[len] : null;
            float[] bestLm = dominant ? new float[len] : null;
            float[] bestPositive = dominant ? new float[len] : null;
            if (dominant) {
                Arrays.fill(best, Float.NEGATIVE_INFINITY);
                Arrays.fill(bestU, Float.NaN);
                Arrays.fill(bestLm, Float.NaN);
            }
            double[] classSum = new double[classes];
            for (int c = 0; c < classes; c++) {
                int plane = (n * classes + c) * hw + from;
                FloatVector posAlpha = FloatVector.broadcast(F, w.positive()[c]);
                float negAlpha = w.negative()[c];
                double planeSum = 0;
                FloatVector laneSum = FloatVector.zero(F);
                int blocks = 0;
                for (int i = 0; i < len; i += L) {
                    VectorMask<Float> lanes = tail(i, len);
                    int e = plane + i;
                    int p = n * hw + from + i;
                    VectorMask<Float> kept = targets.kept(p, e, lanes);
                    VectorMask<Float> positive = targets.positive(p, e, c, lanes);
                    FloatVector u = load(kernel.u, e, lanes);
                    FloatVector lm = load(kernel.logOneMinus, e, lanes);
                    FloatVector v = element(mode, pos, neg, posAlpha.blend(negAlpha, positive.not()), u, lm, positive)
                            .blend(0f, kept.not());
                    store(load(acc, i, lanes).add(v), acc, i, lanes);
                    if (dominant) {
                        FloatVector top = load(best, i, lanes);
                        VectorMask<Float> above = v.compare(VectorOperators.GT, top).and(kept);
                        store(top.blend(v, above), best, i, lanes);
                        store(load(bestU, i, lanes).blend(u, above), bestU, i, lanes);
                        store(load(bestLm, i, lanes).blend(lm, above), bestLm, i, lanes);
                        store(load(bestPositive, i, lanes).blend(FloatVector.zero(F).blend(1f, positive), above), bestPositive, i,
                                lanes);
                    }
                    laneSum = laneSum.add(v);
                    if (++blocks % 64 == 0 || i + L >= len) {
                        planeSum += laneSum.reduceLanes(VectorOperators.ADD);
                        laneSum = FloatVector.zero(F);
                    }
                }
                classSum[c] = planeSum;
            }
            int first = n * hw + from;
            System.arraycopy(acc, 0, map, first, len);
            if (dominant) {
                for (int i = 0; i < len; i += L) {
                    VectorMask<Float> lanes = tail(i, len);
                    store(load(bestU, i, lanes).neg().lanewise(VectorOperators.EXP), pt, first + i, lanes);
                    store(load(bestLm, i, lanes).lanewise(VectorOperators.EXP), oneMinusPt, first + i, lanes);
                }
                for (int i = 0; i < len; i++) {
                    isPositive[first + i] = bestPositive[i] != 0;
                }
            }
            perRange[r] = new RangeSums(classSum, Arrays.stream(classSum).sum());
        });
        double[] classSum = new double[classes];
        double[] sampleSum = new double[ranges.samples()];
        double sum = 0;
        for (int r = 0; r < perRange.length; r++) { // in range order: no figure depends on the threads' timing
            for (int c = 0; c < classes; c++) {
                classSum[c] += perRange[r].classSum()[c];
            }
            sampleSum[ranges.sample()[r]] += perRange[r].sum();
            sum += perRange[r].sum();
        }
        return TermPass.of(map, classSum, sampleSum, sum, dominant ? new TermPass.Dominant(pt, oneMinusPt, isPositive) : null);
    }

    /** Per pixel {@code sqrt(Σ_c (slope_c (1 - p_t,c))^2)}: {@code dl/dx_c = ±slope (1 - p_t)}. */
    @Override
    protected GradientPass gradientPass(ElementTerm positive, ElementTerm negative, Weighting w) {
        VectorTerm pos = new VectorTerm(positive);
        TermPass squares = pass(w, Mode.GRADIENT_SQUARED, pos, positive.equals(negative) ? pos : new VectorTerm(negative));
        TermPass ceSquares = pass(w, Mode.CROSS_ENTROPY_GRADIENT_SQUARED, null, null);
        float[] norm = sqrt(squares.map());
        float[] ceNorm = sqrt(ceSquares.map());
        return new GradientPass(norm, ceNorm, sum(norm), sum(ceNorm));
    }

    private static float[] sqrt(float[] squares) {
        for (int p = 0; p < squares.length; p++) {
            squares[p] = (float) Math.sqrt(squares[p]);
        }
        return squares;
    }

    private static double sum(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }

    @Override
    protected void addTo(LogPtHistogram histogram) {
        int pixels = participation().pixels();
        for (int p = 0; p < pixels; p++) {
            int n = p / hw;
            for (int c = 0; c < classes; c++) {
                int e = (n * classes + c) * hw + p % hw;
                if (targets.isKept(p, e)) {
                    histogram.add(targets.isPositive(p, e, c) ? c : classes + c, kernel.u[e]);
                }
            }
        }
    }

    @Override
    public void close() {
        // heap arrays only
    }
}
