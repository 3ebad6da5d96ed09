package io.focalscope.loss.nd4j;

import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.Activation;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.Participation;
import io.focalscope.loss.PreparedBatch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The engine as ND4J ops on ND4J arrays, {@code [N, C, H x W]}, softmax and sigmoid: every step of
 * the arithmetic runs where ND4J runs (on a GPU with the CUDA backend), and only final per-pixel
 * results and sums are copied to the host ({@link HostCopy}). On the CPU backend it is correct but
 * slow (each op a pass over the whole array); it is the reference the CPU kernel is checked against.
 */
public final class Nd4jEngine implements FocalLossEngine {

    @Override
    public String id() {
        return "nd4j";
    }

    @Override
    public String describe() {
        return "nd4j on " + Backend.device();
    }

    @Override
    public PreparedBatch prepare(SegmentationBatch batch, Integer ignoreIndex, Activation activation) {
        return activation == Activation.SIGMOID ? Nd4jSigmoidBatch.prepare(batch, ignoreIndex, describe())
                : prepareSoftmax(batch, ignoreIndex);
    }

    private PreparedBatch prepareSoftmax(SegmentationBatch batch, Integer ignoreIndex) {
        long start = System.nanoTime();
        int[] classIndex = Participation.classIndex(batch, ignoreIndex);
        int n = batch.samples();
        int classes = batch.classes();
        int hw = batch.height() * batch.width();
        try (INDArray x = Nd4j.create(batch.logits(), new long[] {n, classes, hw}, DataType.FLOAT)) {
            boolean[] nonFinite = nonFinite(x);
            Participation part = Participation.of(batch, ignoreIndex, classIndex, p -> nonFinite[p]);
            // such pixels are left out; zeros keep NaN out of every sum (ND4J's notFinite() is not a native condition)
            BooleanIndexing.replaceWhere(x, 0.0, Conditions.isNan());
            BooleanIndexing.replaceWhere(x, 0.0, Conditions.isInfinite());

            INDArray cls = Nd4j.createFromArray(part.classIndex()).reshape(n, hw);
            try (INDArray argMax = Nd4j.argMax(x, 1); INDArray top = argMax.castTo(DataType.INT)) {
                int[] predicted = HostCopy.ints(top);
                for (int p = 0; p < predicted.length; p++) {
                    predicted[p] = nonFinite[p] ? -1 : predicted[p];
                }
                try (INDArray max = x.max(1)) {
                    Broadcast.sub(x, max, x, 0, 2); // z - m
                }
                Forms forms = forms(x, top, cls, classes, flatIndex(part, classes, hw));
                return new Nd4jSoftmaxBatch(part, describe(), forms, cls, predicted, (System.nanoTime() - start) / 1e6);
            }
        }
    }

    /** Per pixel whether any logit is NaN or infinite: z - z is 0 for a finite z and NaN otherwise. */
    static boolean[] nonFinite(INDArray x) {
        try (INDArray self = x.sub(x); INDArray perPixel = self.sum(1)) {
            float[] s = HostCopy.floats(perPixel);
            boolean[] bad = new boolean[s.length];
            for (int p = 0; p < s.length; p++) {
                bad[p] = s[p] != 0;
            }
            return bad;
        }
    }

    /**
     * Where each pixel's label sits in the flattened log-softmax, {@code n C HW + y HW + i}:
     * index arithmetic on the labels, which the host has read and checked
     * (a left-out pixel points at class 0 and is zeroed after the pick).
     */
    private static INDArray flatIndex(Participation part, int classes, int hw) {
        int[] y = part.classIndex();
        long[] index = new long[y.length];
        for (int p = 0; p < y.length; p++) {
            int n = p / hw;
            index[p] = (long) n * classes * hw + (long) (y[p] == classes ? 0 : y[p]) * hw + p % hw;
        }
        return Nd4j.createFromArray(index);
    }

    /**
     * Each form's u = -log p_t and log(1 - p_t), {@code [N, HW]}, computed on its own path, the post's
     * p_t, and {@code Σ_{k≠t} p_k^2} for the gradient's norm.
     */
    record Forms(INDArray uNll, INDArray logOneMinusNll, INDArray uOnehot, INDArray logOneMinusOnehot,
                 INDArray ptOnehot, INDArray othersSquared) implements AutoCloseable {
        @Override
        public void close() {
            Nd4jTerm.close(uNll, logOneMinusNll, uOnehot, logOneMinusOnehot, ptOnehot, othersSquared);
        }
    }

    /**
     * Log-softmax as the CPU kernel takes it, {@code (z - m) - log1p(ε)} with ε = Σ exp(z - m) over
     * every class but the arg-max (left out by a one-hot mask of the arg-max), then each form.
     *
     * @param shifted {@code [N, C, HW]} z - m, overwritten with the log-softmax
     * @param top     {@code [N, HW]} the arg-max class
     * @param cls     {@code [N, HW]} each pixel's class, C where left out
     */
    private static Forms forms(INDArray shifted, INDArray top, INDArray cls, int classes, INDArray flatIndex) {
        try (INDArray e = Transforms.exp(shifted, true);
             INDArray notTop = Nd4j.exec(new OneHot(top, classes, 1, 0.0, 1.0, DataType.FLOAT))[0];
             INDArray others = e.mul(notTop);
             INDArray eps = others.sum(1);
             INDArray logSum = log1p(eps);
             INDArray sum = eps.add(1.0)) {
            Broadcast.sub(shifted, logSum, shifted, 0, 2); // log-softmax

            // nll: the label's terms picked by index, as nll_loss does; 1 - p_t = Σ_{c≠y} e_c / (1 + ε):
            // ε itself where y is the arg-max, else 1 + ε - e_y (no digits lost: e_y ≤ 1 ≤ that)
            // (ND4J 1.0.0-M2.1's Gather crashes the JVM on a 2-D index array: the index stays 1-D)
            INDArray uNll = Nd4j.exec(new Gather(shifted.reshape(-1), flatIndex, 0))[0].reshape(cls.shape());
            INDArray logOneMinusNll;
            try (flatIndex;
                 INDArray labelExp = Nd4j.exec(new Gather(e.reshape(-1), flatIndex, 0))[0].reshape(cls.shape());
                 INDArray labelled = cls.neq(classes); INDArray valid = labelled.castTo(DataType.FLOAT);
                 INDArray labelIsTop = cls.eq(top); INDArray isTop = labelIsTop.castTo(DataType.FLOAT);
                 INDArray notTopLabel = isTop.rsub(1.0); INDArray epsWhereTop = eps.mul(isTop);
                 INDArray rest = sum.sub(labelExp)) {
                uNll.muli(valid).rsubi(0.0); // 0 - x: u = +0 where p_t = 1
                rest.muli(notTopLabel).addi(epsWhereTop); // an arithmetic select: both terms are finite
                logOneMinusNll = Transforms.log(rest.divi(sum), true);
            }

            // onehot: a class mask by scatter (a left-out pixel's index C gives an all-zero row), summed
            // over the classes: log p_t = Σ mask x log-softmax, p_t = Σ mask x softmax (the post's),
            // 1 - p_t = Σ (1 - mask) x softmax, and for the gradient Σ (1 - mask) x softmax^2
            Broadcast.div(e, sum, e, 0, 2); // softmax
            try (INDArray mask = Nd4j.exec(new OneHot(cls, classes, 1, 1.0, 0.0, DataType.FLOAT))[0];
                 INDArray pick = mask.mul(shifted);
                 INDArray pickP = mask.mul(e)) {
                INDArray uOnehot = pick.sum(1).rsubi(0.0);
                INDArray ptOnehot = pickP.sum(1);
                mask.rsubi(1.0).muli(e); // (1 - mask) x softmax, in place
                INDArray logOneMinusOnehot = mask.sum(1);
                Transforms.log(logOneMinusOnehot, false);
                INDArray othersSquared = mask.muli(e).sum(1);
                return new Forms(uNll, logOneMinusNll, uOnehot, logOneMinusOnehot, ptOnehot, othersSquared);
            }
        }
    }

    /**
     * log(1 + x) to float precision from float ops: {@code log(u) - ((u - 1) - x) / u} with
     * u = 1 + x rounded, which corrects the rounding of u to first order and gives x where u
     * rounds to 1. (ND4J's own Log1p is log(1 + x) in float32 and gives 0 for small x, measured.)
     */
    static INDArray log1p(INDArray x) {
        INDArray u = x.add(1.0);
        try (INDArray roundingOfU = u.sub(1.0).subi(x)) {
            roundingOfU.divi(u);
            Transforms.log(u, false);
            return u.subi(roundingOfU);
        }
    }
}
