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
import io.focalscope.loss.cpu.VectorLanes.FloatSum;
import java.util.Arrays;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
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

    /** What a pass adds up per element. */
    private enum Mode { CROSS_ENTROPY, TERM, GRADIENT_SQUARED, CROSS_ENTROPY_GRADIENT_SQUARED }

    /** Pixels a tile holds: its per-pixel sums stay in the L1 cache while the class planes stream past. */
    private static final int TILE = 2048;

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
     * Adds each kept element's value into its pixel's and sums per class and sample; for a term, also
     * finds per pixel the element of largest value. Ranges in parallel, results added in range order.
     */
    private TermPass pass(Weighting w, Mode mode, VectorTerm pos, VectorTerm neg) {
        boolean dominant = mode == Mode.TERM;
        int pixels = participation().pixels();
        Out out = new Out(new float[pixels], dominant ? new short[pixels] : null);
        double[][] perRange = new double[ranges.count()][];
        IntStream.range(0, ranges.count()).parallel().forEach(r ->
                perRange[r] = new RangePass(w, mode, pos, neg, out).run(ranges.sample()[r], ranges.from()[r], ranges.to()[r]));
        double[] classSum = new double[classes];
        double[] sampleSum = new double[ranges.samples()];
        double sum = 0;
        for (int r = 0; r < perRange.length; r++) { // in range order: no figure depends on the threads' timing
            double rangeSum = 0;
            for (int c = 0; c < classes; c++) {
                classSum[c] += perRange[r][c];
                rangeSum += perRange[r][c];
            }
            sampleSum[ranges.sample()[r]] += rangeSum;
            sum += rangeSum;
        }
        return TermPass.of(out.map, classSum, sampleSum, sum, dominant ? dominant(out.channel) : null);
    }

    /** What a pass writes per pixel: its loss, and for a term the channel of its largest element (-1 for none). */
    private record Out(float[] map, short[] channel) {
    }

    /** The largest elements' p_t, 1 - p_t and sides, made from their channels when a view asks for them. */
    private TermPass.Dominant dominant(short[] channel) {
        return new TermPass.Dominant(() -> picked(channel, kernel.u, true), () -> picked(channel, kernel.logOneMinus, false),
                () -> {
                    boolean[] positive = new boolean[channel.length];
                    for (int p = 0; p < channel.length; p++) {
                        int c = channel[p];
                        positive[p] = c >= 0 && targets.isPositive(p, (p / hw * classes + c) * hw + p % hw, c);
                    }
                    return positive;
                });
    }

    /** Per pixel exp(-u) (p_t) or exp(log(1 - p_t)) of its picked element, NaN where none. */
    private float[] picked(short[] channel, float[] values, boolean negate) {
        float[] out = new float[channel.length];
        IntStream.range(0, ranges.count()).parallel().forEach(r -> {
            int first = ranges.firstPixel(r);
            int end = ranges.endPixel(r);
            for (int p = first; p < end; p++) {
                int c = channel[p];
                float v = c < 0 ? Float.NaN : values[(p / hw * classes + c) * hw + p % hw];
                out[p] = negate ? -v : v;
            }
            for (int p = first; p < end; p += L) {
                VectorMask<Float> lanes = tail(p, end);
                store(VectorLanes.exp(load(out, p, lanes)), out, p, lanes);
            }
        });
        return out;
    }

    /** One pass of a term over a tile's elements of one class plane; returns its part of the sum. */
    private interface TermStep {
        double run(RangePass r, int plane, int p, int c, int len);
    }

    /**
     * The passes of a term, called from one call site ({@code RangePass.term}) that the JIT does not
     * inline, as it has several targets: each pass is compiled on its own. In one loop, the targets,
     * the term's exp and the sums were more than the JIT inlines (about 18,000 nodes; see
     * VectorLanes.log), and it boxed the vectors it did not.
     */
    private static final TermStep[] TERM_STEPS = {
        (r, plane, p, c, len) -> r.targets(p, plane, c, len),
        (r, plane, p, c, len) -> r.values(r.pos, plane, len, r.positiveValues),
        (r, plane, p, c, len) -> r.pos == r.neg ? 0 : r.values(r.neg, plane, len, r.negativeValues),
        (r, plane, p, c, len) -> r.sums(c, len),
    };

    /**
     * One range of pixels, a tile at a time, class plane by class plane; a small method per kind of
     * pass, so that the JIT inlines the vector code into each (a vector passed to a call it does not
     * inline is boxed, the Vector API's pitfall).
     */
    private final class RangePass {
        private final Weighting w;
        private final Mode mode;
        private final VectorTerm pos;
        private final VectorTerm neg;
        private final Out out;
        private final float[] acc = new float[TILE];
        private final float[] best;
        /** Per pixel of the tile, the channel of its largest element so far. */
        private final float[] bestChannel;

        RangePass(Weighting w, Mode mode, VectorTerm pos, VectorTerm neg, Out out) {
            this.w = w;
            this.mode = mode;
            this.pos = pos;
            this.neg = neg;
            this.out = out;
            boolean dominant = mode == Mode.TERM;
            best = dominant ? new float[TILE] : null;
            bestChannel = dominant ? new float[TILE] : null;
        }

        /** The range's sums per class. */
        double[] run(int n, int from, int to) {
            double[] classSum = new double[classes];
            for (int t = from; t < to; t += TILE) {
                int len = Math.min(TILE, to - t);
                Arrays.fill(acc, 0f);
                if (best != null) {
                    Arrays.fill(best, Float.NEGATIVE_INFINITY);
                    Arrays.fill(bestChannel, -1);
                }
                for (int c = 0; c < classes; c++) {
                    int plane = (n * classes + c) * hw + t;
                    int p = n * hw + t;
                    classSum[c] += switch (mode) {
                        case CROSS_ENTROPY -> crossEntropy(plane, p, c, len);
                        case TERM -> term(plane, p, c, len);
                        case GRADIENT_SQUARED -> gradientSquared(plane, p, c, len);
                        case CROSS_ENTROPY_GRADIENT_SQUARED -> crossEntropyGradientSquared(plane, p, c, len);
                    };
                }
                int first = n * hw + t;
                System.arraycopy(acc, 0, out.map, first, len);
                if (best != null) {
                    for (int j = 0; j < len; j++) {
                        out.channel[first + j] = (short) bestChannel[j];
                    }
                }
            }
            return classSum;
        }

        /** Each element's α: w_c α where the target is positive, w_c (1 - α) where negative. */
        private FloatVector alpha(int c, VectorMask<Float> positive) {
            return FloatVector.broadcast(F, w.negative()[c]).blend(w.positive()[c], positive);
        }

        private double crossEntropy(int plane, int p, int c, int len) {
            FloatSum sum = new FloatSum();
            for (int i = 0; i < len; i += L) {
                VectorMask<Float> lanes = tail(i, len);
                IntVector pixelClasses = targets.classes(p + i, lanes);
                VectorMask<Float> kept = targets.kept(pixelClasses, plane + i, lanes);
                FloatVector v = alpha(c, targets.positive(pixelClasses, p + i, plane + i, c, lanes)).mul(load(kernel.u, plane + i, lanes))
                        .blend(0f, kept.not());
                store(load(acc, i, lanes).add(v), acc, i, lanes);
                sum.add(v, i + L >= len);
            }
            return sum.total;
        }

        // a term's elements in passes: the targets, the term's values (one exp each), then the sums
        private final float[] alphas = new float[TILE];
        private final float[] positives = new float[TILE]; // 1 where the target is positive
        private final float[] kept = new float[TILE]; // 1 where the element takes part
        private final float[] positiveValues = new float[TILE];
        private final float[] negativeValues = new float[TILE];

        private double term(int plane, int p, int c, int len) {
            double sum = 0;
            for (TermStep step : TERM_STEPS) {
                sum += step.run(this, plane, p, c, len);
            }
            return sum;
        }

        private double targets(int p, int plane, int c, int len) {
            for (int i = 0; i < len; i += L) {
                VectorMask<Float> lanes = tail(i, len);
                IntVector pixelClasses = targets.classes(p + i, lanes);
                VectorMask<Float> positive = targets.positive(pixelClasses, p + i, plane + i, c, lanes);
                store(alpha(c, positive), alphas, i, lanes);
                store(FloatVector.zero(F).blend(1f, positive), positives, i, lanes);
                store(FloatVector.zero(F).blend(1f, targets.kept(pixelClasses, plane + i, lanes)), kept, i, lanes);
            }
            return 0;
        }

        private double values(VectorTerm term, int plane, int len, float[] out) {
            for (int i = 0; i < len; i += L) {
                VectorMask<Float> lanes = tail(i, len);
                store(term.value(load(alphas, i, lanes), load(kernel.u, plane + i, lanes), load(kernel.logOneMinus, plane + i, lanes)),
                        out, i, lanes);
            }
            return 0;
        }

        private double sums(int c, int len) {
            FloatSum sum = new FloatSum();
            float[] negatives = pos == neg ? positiveValues : negativeValues; // ASL's two terms, the others' one
            for (int i = 0; i < len; i += L) {
                VectorMask<Float> lanes = tail(i, len);
                VectorMask<Float> positive = load(positives, i, lanes).compare(VectorOperators.NE, 0f);
                VectorMask<Float> keptHere = load(kept, i, lanes).compare(VectorOperators.NE, 0f);
                FloatVector v = load(negatives, i, lanes).blend(load(positiveValues, i, lanes), positive).blend(0f, keptHere.not());
                store(load(acc, i, lanes).add(v), acc, i, lanes);
                FloatVector top = load(best, i, lanes);
                VectorMask<Float> above = v.compare(VectorOperators.GT, top).and(keptHere);
                store(top.blend(v, above), best, i, lanes);
                store(load(bestChannel, i, lanes).blend(c, above), bestChannel, i, lanes);
                sum.add(v, i + L >= len);
            }
            return sum.total;
        }

        /** {@code (slope (1 - p_t))^2}: {@code dl/dx_c = ±slope (1 - p_t)}. */
        private double gradientSquared(int plane, int p, int c, int len) {
            for (int i = 0; i < len; i += L) {
                VectorMask<Float> lanes = tail(i, len);
                IntVector pixelClasses = targets.classes(p + i, lanes);
                VectorMask<Float> kept = targets.kept(pixelClasses, plane + i, lanes);
                VectorMask<Float> positive = targets.positive(pixelClasses, p + i, plane + i, c, lanes);
                FloatVector u = load(kernel.u, plane + i, lanes);
                FloatVector lm = load(kernel.logOneMinus, plane + i, lanes);
                FloatVector a = alpha(c, positive);
                FloatVector slope = pos == neg ? pos.slope(a, u, lm) : neg.slope(a, u, lm).blend(pos.slope(a, u, lm), positive);
                FloatVector g = slope.mul(VectorLanes.exp(lm)).blend(0f, kept.not());
                store(load(acc, i, lanes).add(g.mul(g)), acc, i, lanes);
            }
            return 0;
        }

        private double crossEntropyGradientSquared(int plane, int p, int c, int len) {
            for (int i = 0; i < len; i += L) {
                VectorMask<Float> lanes = tail(i, len);
                IntVector pixelClasses = targets.classes(p + i, lanes);
                VectorMask<Float> kept = targets.kept(pixelClasses, plane + i, lanes);
                FloatVector a = alpha(c, targets.positive(pixelClasses, p + i, plane + i, c, lanes));
                FloatVector g = a.mul(VectorLanes.exp(load(kernel.logOneMinus, plane + i, lanes))).blend(0f, kept.not());
                store(load(acc, i, lanes).add(g.mul(g)), acc, i, lanes);
            }
            return 0;
        }
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
    protected void addTo(LogPtHistogram histogram, boolean perSample) {
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
