package io.focalscope.loss.nd4j;

import io.focalscope.loss.AbstractPreparedBatch;
import io.focalscope.loss.FocalPass;
import io.focalscope.loss.Participation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.api.ops.impl.transforms.segment.UnsortedSegmentSum;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

/** A batch prepared on ND4J: each form's per-pixel arrays stay on the device between evaluations. */
final class Nd4jPreparedBatch extends AbstractPreparedBatch {

    private final Nd4jEngine.Forms forms;
    /** {@code [N, HW]}: each pixel's class, C where left out. */
    private final INDArray cls;
    /** {@code [N, HW]}: p_t as the post computes it, Σ softmax x mask; 1 where left out. */
    private final INDArray postPt;
    private final int classes;
    private INDArray alphaPerPixel;
    private INDArray crossEntropyNll;
    private INDArray crossEntropyOnehot;
    private boolean closed;

    Nd4jPreparedBatch(Participation part, String backend, Nd4jEngine.Forms forms, INDArray cls, int[] predicted,
                      double prepareMillis) {
        this(part, backend, forms, cls, predicted, leftOutAsNaN(oneMinus(forms.logOneMinusOnehot()), part), prepareMillis);
    }

    private Nd4jPreparedBatch(Participation part, String backend, Nd4jEngine.Forms forms, INDArray cls, int[] predicted,
                              float[] oneMinusPt, double prepareMillis) {
        super(part, backend, leftOutAsNaN(HostCopy.floats(forms.ptOnehot()), part), () -> oneMinusPt, predicted,
                prepareMillis);
        this.forms = forms;
        this.cls = cls;
        this.classes = part.classes();
        try (INDArray leftOut = cls.eq(classes); INDArray one = leftOut.castTo(DataType.FLOAT)) {
            postPt = forms.ptOnehot().add(one);
        }
    }

    private static float[] oneMinus(INDArray logOneMinus) {
        try (INDArray oneMinus = Transforms.exp(logOneMinus, true)) {
            return HostCopy.floats(oneMinus);
        }
    }

    private static float[] leftOutAsNaN(float[] map, Participation part) {
        for (int p = 0; p < map.length; p++) {
            map[p] = part.isLeftOut(p) ? Float.NaN : map[p];
        }
        return map;
    }

    @Override
    protected void weigh(float[] alpha) {
        closeWeights();
        try (INDArray perClass = Nd4j.createFromArray(alpha)) {
            alphaPerPixel = Nd4j.exec(new Gather(perClass, cls.reshape(-1), 0))[0].reshape(cls.shape()); // a 1-D index: see Nd4jEngine
        }
        crossEntropyNll = forms.logPtNll().mul(alphaPerPixel).rsubi(0.0); // 0 - x: a left-out pixel's 0 stays +0
        crossEntropyOnehot = forms.logPtOnehot().mul(alphaPerPixel).rsubi(0.0);
    }

    @Override
    protected FocalPass focal(double gamma, float[] alpha, boolean asWritten) {
        // (1 - p)^0 = 1, also where p = 1 and log(1 - p) = -inf
        INDArray onehot = gamma == 0 ? crossEntropyOnehot : focal(forms.logOneMinusOnehot(), gamma, crossEntropyOnehot);
        INDArray nll = gamma == 0 ? crossEntropyNll : focal(forms.logOneMinusNll(), gamma, crossEntropyNll);
        // each map cast to double once: the per-sample, per-class and total sums all read that copy
        try (INDArray onehotSums = onehot.castTo(DataType.DOUBLE);
             INDArray nllSums = nll.castTo(DataType.DOUBLE);
             INDArray perSample = onehotSums.sum(1);
             INDArray diff = nll.sub(onehot)) {
            Transforms.abs(diff, false);
            double maxDiff;
            try (INDArray max = diff.max()) {
                maxDiff = HostCopy.scalar(max);
            }
            float[] post = null;
            FocalPass.PostFigures figures = null;
            if (asWritten) {
                try (INDArray p = asWritten(gamma)) {
                    post = HostCopy.floats(p);
                    figures = postFigures(p, onehot);
                }
            }
            // the nll total summed as the onehot one, so that equal maps give equal totals
            return new FocalPass(HostCopy.floats(onehot), HostCopy.floats(nll), post, perClass(onehotSums),
                    HostCopy.doubles(perSample), total(onehotSums), total(nllSums), maxDiff, figures);
        } finally {
            if (gamma != 0) {
                onehot.close();
                nll.close();
            }
        }
    }

    /** exp(γ log(1 - p_t)) x (-α log p_t). */
    private static INDArray focal(INDArray logOneMinus, double gamma, INDArray crossEntropy) {
        INDArray f = logOneMinus.mul(gamma);
        Transforms.exp(f, false);
        return f.muli(crossEntropy);
    }

    /** The source post's float32 arithmetic: -α (1 - p)^γ log p (0 where left out, as p = 1 there). */
    private INDArray asWritten(double gamma) {
        INDArray factor = postPt.rsub(1.0);
        try (INDArray logP = Transforms.log(postPt, true)) {
            Transforms.pow(factor, gamma, false);
            return factor.muli(logP).muli(alphaPerPixel).negi();
        }
    }

    /** Counted, summed and compared with ours on the device. */
    private static FocalPass.PostFigures postFigures(INDArray post, INDArray ours) {
        try (INDArray broken = post.sub(post); // 0 where finite, NaN where not
             INDArray finite = post.dup();
             INDArray error = post.sub(ours);
             INDArray scale = Transforms.abs(ours, true)) {
            BooleanIndexing.replaceWhere(broken, 1.0, Conditions.isNan());
            BooleanIndexing.replaceWhere(finite, 0.0, Conditions.isNan());
            BooleanIndexing.replaceWhere(finite, 0.0, Conditions.isInfinite());
            Transforms.abs(error, false);
            Transforms.max(scale, Float.MIN_NORMAL, false);
            error.divi(scale);
            BooleanIndexing.replaceWhere(error, 0.0, Conditions.isNan());
            BooleanIndexing.replaceWhere(error, 0.0, Conditions.isInfinite());
            try (INDArray count = broken.sum(); INDArray finiteDouble = finite.castTo(DataType.DOUBLE);
                 INDArray sum = finiteDouble.sum(); INDArray maxError = error.max()) {
                return new FocalPass.PostFigures(HostCopy.scalar(sum), Math.round(HostCopy.scalar(count)),
                        HostCopy.scalar(maxError));
            }
        }
    }

    /** A DOUBLE map's sum (in double: ND4J would sum float32 in float32). */
    private static double total(INDArray doubles) {
        try (INDArray sum = doubles.sum()) {
            return HostCopy.scalar(sum);
        }
    }

    /** A DOUBLE map summed per class; left-out pixels fall in slot C. */
    private double[] perClass(INDArray doubles) {
        try (INDArray sums = Nd4j.exec(new UnsortedSegmentSum(doubles.reshape(-1), cls.reshape(-1), classes + 1))[0]) {
            return HostCopy.doubles(sums);
        }
    }

    private void closeWeights() {
        for (INDArray a : new INDArray[] {alphaPerPixel, crossEntropyNll, crossEntropyOnehot}) {
            if (a != null) {
                a.close();
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeWeights();
        alphaPerPixel = crossEntropyNll = crossEntropyOnehot = null;
        postPt.close();
        cls.close();
        forms.logPtNll().close();
        forms.logOneMinusNll().close();
        forms.logPtOnehot().close();
        forms.logOneMinusOnehot().close();
        forms.ptOnehot().close();
    }
}
