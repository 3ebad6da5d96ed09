package io.focalscope.loss.nd4j;

import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.AbstractPreparedBatch;
import io.focalscope.loss.Activation;
import io.focalscope.loss.ElementTerm;
import io.focalscope.loss.GradientPass;
import io.focalscope.loss.LogPtHistogram;
import io.focalscope.loss.Participation;
import io.focalscope.loss.SigmoidTargets;
import io.focalscope.loss.TermPass;
import io.focalscope.loss.Weighting;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A sigmoid batch on ND4J, {@code [N, C, HW]}: per element {@code u = -log p_t} and {@code log(1 - p_t)}
 * by softplus ({@code u = softplus(-x)} for a positive target, {@code softplus(x)} for a negative one), kept on
 * the device with the targets, so that a term is a few element-wise ops and a sum over the channels.
 * The targets are read on the host (they are the checked labels) and copied to the device once.
 */
final class Nd4jSigmoidBatch extends AbstractPreparedBatch {

    private final INDArray u;
    private final INDArray logOneMinus;
    /** 1 where the target is positive, else 0. */
    private final INDArray target;
    /** 1 where the element takes part, else 0. */
    private final INDArray kept;
    /** Per pixel its first element's flat index {@code n C HW + i}, for picking one channel's element. */
    private final INDArray pixelBase;
    private final int classes;
    private final int hw;
    private INDArray alpha;
    private boolean closed;

    private Nd4jSigmoidBatch(Participation part, String backend, INDArray u, INDArray logOneMinus, INDArray target, INDArray kept,
                             INDArray pixelBase, int[] predicted, double prepareMillis) {
        super(part, Activation.SIGMOID, backend, null, null, predicted, prepareMillis);
        this.u = u;
        this.logOneMinus = logOneMinus;
        this.target = target;
        this.kept = kept;
        this.pixelBase = pixelBase;
        this.classes = part.classes();
        this.hw = part.mapShape()[1] * part.mapShape()[2];
    }

    static Nd4jSigmoidBatch prepare(SegmentationBatch batch, Integer ignoreIndex, String backend) {
        long start = System.nanoTime();
        int n = batch.samples();
        int classes = batch.classes();
        int hw = batch.height() * batch.width();
        int[] classIndex = SigmoidTargets.classIndex(batch, ignoreIndex);
        INDArray x = Nd4j.create(batch.logits(), new long[] {n, classes, hw}, DataType.FLOAT);
        Participation part;
        boolean[] nonFinite = Nd4jEngine.nonFinite(x);
        try {
            part = SigmoidTargets.participation(batch, ignoreIndex, classIndex, nonFinite);
        } catch (RuntimeException e) {
            x.close(); // no element is left: nothing of the batch stays on the device
            throw e;
        }
        // non-finite pixels are left out; zeros keep NaN out of every sum
        BooleanIndexing.replaceWhere(x, 0.0, Conditions.isNan());
        BooleanIndexing.replaceWhere(x, 0.0, Conditions.isInfinite());

        SigmoidTargets.Kind kind = SigmoidTargets.kind(batch);
        float[] t = new float[batch.logits().length];
        float[] k = new float[t.length];
        long[] base = new long[batch.pixels()];
        for (int p = 0; p < base.length; p++) {
            int i = p % hw;
            base[p] = (long) (p / hw) * classes * hw + i;
            for (int c = 0; c < classes; c++) {
                int e = (int) base[p] + c * hw;
                int target = SigmoidTargets.target(batch, kind, ignoreIndex, classIndex, p, c);
                t[e] = target == 1 ? 1 : 0;
                k[e] = target >= 0 ? 1 : 0;
            }
        }
        INDArray target = Nd4j.create(t, new long[] {n, classes, hw}, DataType.FLOAT);
        INDArray keptElements = Nd4j.create(k, new long[] {n, classes, hw}, DataType.FLOAT);

        int[] predicted;
        if (classes == 1) {
            try (INDArray positive = x.gt(0.0); INDArray top = positive.castTo(DataType.INT)) {
                predicted = HostCopy.ints(top);
            }
        } else {
            try (INDArray argMax = Nd4j.argMax(x, 1); INDArray top = argMax.castTo(DataType.INT)) {
                predicted = HostCopy.ints(top);
            }
        }
        for (int p = 0; p < predicted.length; p++) {
            predicted[p] = nonFinite[p] ? -1 : predicted[p];
        }

        // softplus(x) = -log(1 - σ(x)) and softplus(-x) = -log σ(x), each from the shared log1p(e^-|x|):
        // softplus(x) - x would lose the digits of a small -log σ(x) for a large x
        INDArray u;
        INDArray logOneMinus;
        try (INDArray negAbs = Transforms.abs(x, true).negi(); INDArray e = Transforms.exp(negAbs, false);
             INDArray tail = Nd4jEngine.log1p(e);
             INDArray softplus = Transforms.max(x, 0.0, true).addi(tail);
             INDArray minusX = x.neg(); INDArray softplusNeg = Transforms.max(minusX, 0.0, false).addi(tail);
             INDArray negatives = target.rsub(1.0)) {
            u = softplusNeg.mul(target).addi(softplus.mul(negatives));           // t softplus(-x) + (1 - t) softplus(x)
            logOneMinus = softplus.mul(target).addi(softplusNeg.mul(negatives)).negi();
        }
        x.close();
        return new Nd4jSigmoidBatch(part, backend, u, logOneMinus, target, keptElements, Nd4j.createFromArray(base), predicted,
                (System.nanoTime() - start) / 1e6);
    }

    /** Each element's weight: {@code w_c α} where the target is positive, {@code w_c (1 - α)} where negative, 0 where left out. */
    private INDArray weights(Weighting w) {
        float[] positive = java.util.Arrays.copyOf(w.positive(), classes);
        float[] negative = java.util.Arrays.copyOf(w.negative(), classes);
        float[] difference = new float[classes];
        for (int c = 0; c < classes; c++) {
            difference[c] = positive[c] - negative[c];
        }
        try (INDArray neg = Nd4j.createFromArray(negative); INDArray diff = Nd4j.createFromArray(difference)) {
            INDArray a = Nd4j.zerosLike(target);
            Broadcast.add(a, neg, a, 1);
            INDArray byTarget = target.dup();
            Broadcast.mul(byTarget, diff, byTarget, 1);
            a.addi(byTarget).muli(kept);
            byTarget.close();
            return a;
        }
    }

    @Override
    protected TermPass crossEntropyPass(Weighting w) {
        Nd4jTerm.close(alpha);
        alpha = weights(w);
        try (INDArray ce = alpha.mul(u)) {
            return sums(ce, null);
        }
    }

    @Override
    protected TermPass termPass(ElementTerm positive, ElementTerm negative, Weighting w, boolean asWritten) {
        try (INDArray value = value(positive, negative)) {
            return sums(value, dominant(value));
        }
    }

    /** Each element's value: its side's term, 0 where left out. */
    private INDArray value(ElementTerm positive, ElementTerm negative) {
        INDArray v = Nd4jTerm.value(positive, alpha, u, logOneMinus);
        if (!positive.equals(negative)) { // ASL: v = t v+ + (1 - t) v-
            try (INDArray other = Nd4jTerm.value(negative, alpha, u, logOneMinus);
                 INDArray negatives = target.rsub(1.0)) {
                v.muli(target).addi(other.muli(negatives));
            }
        }
        return v.muli(kept);
    }

    /** The per-pixel map (the channels summed) and the sums per class, per sample and in all, in double. */
    private TermPass sums(INDArray values, TermPass.Dominant dominant) {
        try (INDArray doubles = values.castTo(DataType.DOUBLE);
             INDArray perPixel = doubles.sum(1);
             INDArray perClass = doubles.sum(0, 2);
             INDArray perSample = perPixel.sum(1);
             INDArray map = perPixel.castTo(DataType.FLOAT)) {
            return TermPass.of(HostCopy.floats(map), HostCopy.doubles(perClass), HostCopy.doubles(perSample),
                    Nd4jSoftmaxBatch.total(perPixel), dominant);
        }
    }

    /** Per pixel the element of largest value: its p_t, 1 - p_t and side, picked by arg-max over the channels. */
    private TermPass.Dominant dominant(INDArray values) {
        try (INDArray masked = values.dup()) {
            try (INDArray out = kept.rsub(1.0)) {
                masked.subi(out.muli(Float.MAX_VALUE)); // elements left out never win
            }
            try (INDArray arg = Nd4j.argMax(masked, 1); INDArray offset = arg.castTo(DataType.LONG).muli(hw).reshape(-1);
                 INDArray index = offset.addi(pixelBase);
                 INDArray pickedU = Nd4j.exec(new Gather(u.reshape(-1), index, 0))[0];
                 INDArray pickedLm = Nd4j.exec(new Gather(logOneMinus.reshape(-1), index, 0))[0];
                 INDArray pickedT = Nd4j.exec(new Gather(target.reshape(-1), index, 0))[0];
                 INDArray minusU = pickedU.neg(); INDArray ptOnDevice = Transforms.exp(minusU, false);
                 INDArray oneMinusOnDevice = Transforms.exp(pickedLm, true)) {
                float[] pt = HostCopy.floats(ptOnDevice);
                float[] oneMinus = HostCopy.floats(oneMinusOnDevice);
                float[] t = HostCopy.floats(pickedT);
                boolean[] positive = new boolean[pt.length];
                Participation part = participation();
                for (int p = 0; p < pt.length; p++) {
                    boolean out = part.isLeftOut(p);
                    pt[p] = out ? Float.NaN : pt[p];
                    oneMinus[p] = out ? Float.NaN : oneMinus[p];
                    positive[p] = t[p] == 1;
                }
                return TermPass.Dominant.of(pt, oneMinus, positive);
            }
        }
    }

    /** Per pixel {@code sqrt(Σ_c (slope_c (1 - p_t,c))^2)}: {@code dl/dx_c = ±slope (1 - p_t)}. */
    @Override
    protected GradientPass gradientPass(ElementTerm positive, ElementTerm negative, Weighting w) {
        try (INDArray oneMinus = Transforms.exp(logOneMinus, true);
             INDArray slope = Nd4jTerm.slope(positive, alpha, u, logOneMinus)) {
            if (!positive.equals(negative)) {
                try (INDArray other = Nd4jTerm.slope(negative, alpha, u, logOneMinus); INDArray negatives = target.rsub(1.0)) {
                    slope.muli(target).addi(other.muli(negatives));
                }
            }
            try (INDArray g = slope.muli(oneMinus).muli(kept); INDArray ce = alpha.mul(oneMinus);
                 INDArray norm = norm(g); INDArray ceNorm = norm(ce);
                 INDArray normSum = norm.castTo(DataType.DOUBLE); INDArray ceSum = ceNorm.castTo(DataType.DOUBLE)) {
                return new GradientPass(HostCopy.floats(norm), HostCopy.floats(ceNorm), Nd4jSoftmaxBatch.total(normSum),
                        Nd4jSoftmaxBatch.total(ceSum));
            }
        }
    }

    /** {@code sqrt(Σ_c g^2)}, {@code [N, HW]}. */
    private static INDArray norm(INDArray g) {
        try (INDArray squares = g.mul(g)) {
            return Transforms.sqrt(squares.sum(1), false);
        }
    }

    @Override
    protected void addTo(LogPtHistogram histogram, boolean perSample) {
        float[] values = HostCopy.floats(u);
        float[] t = HostCopy.floats(target);
        float[] k = HostCopy.floats(kept);
        for (int e = 0; e < values.length; e++) {
            if (k[e] == 1) {
                int c = e / hw % classes;
                histogram.add(t[e] == 1 ? c : classes + c, values[e]);
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Nd4jTerm.close(u, logOneMinus, target, kept, pixelBase, alpha);
    }
}
