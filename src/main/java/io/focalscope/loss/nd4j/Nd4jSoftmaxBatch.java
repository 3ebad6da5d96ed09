package io.focalscope.loss.nd4j;

import io.focalscope.loss.AbstractPreparedBatch;
import io.focalscope.loss.Activation;
import io.focalscope.loss.ElementTerm;
import io.focalscope.loss.GradientPass;
import io.focalscope.loss.LogPtHistogram;
import io.focalscope.loss.Participation;
import io.focalscope.loss.TermPass;
import io.focalscope.loss.Weighting;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.api.ops.impl.transforms.segment.UnsortedSegmentSum;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

/** A softmax batch prepared on ND4J: each form's per-pixel arrays stay on the device between evaluations. */
final class Nd4jSoftmaxBatch extends AbstractPreparedBatch {

    private final Nd4jEngine.Forms forms;
    /** {@code [N, HW]}: each pixel's class, C where left out. */
    private final INDArray cls;
    /** {@code [N, HW]}: p_t as the post computes it, Σ softmax x mask; 1 where left out. */
    private final INDArray postPt;
    /** {@code [N, HW]}: 1 where the pixel takes part, 0 where left out. */
    private final INDArray kept;
    private final int classes;
    private INDArray alphaPerPixel;
    private INDArray crossEntropyNll;
    private INDArray crossEntropyOnehot;
    private boolean closed;

    Nd4jSoftmaxBatch(Participation part, String backend, Nd4jEngine.Forms forms, INDArray cls, int[] predicted,
                     double prepareMillis) {
        this(part, backend, forms, cls, predicted, leftOutAsNaN(exp(forms.logOneMinusOnehot()), part), prepareMillis);
    }

    private Nd4jSoftmaxBatch(Participation part, String backend, Nd4jEngine.Forms forms, INDArray cls, int[] predicted,
                             float[] oneMinusPt, double prepareMillis) {
        super(part, Activation.SOFTMAX, backend, constant(leftOutAsNaN(HostCopy.floats(forms.ptOnehot()), part)),
                () -> oneMinusPt, predicted, prepareMillis);
        this.forms = forms;
        this.cls = cls;
        this.classes = part.classes();
        try (INDArray leftOut = cls.eq(classes); INDArray one = leftOut.castTo(DataType.FLOAT)) {
            postPt = forms.ptOnehot().add(one);
            kept = one.rsub(1.0);
        }
    }

    private static java.util.function.Supplier<float[]> constant(float[] values) {
        return () -> values;
    }

    private static float[] exp(INDArray log) {
        try (INDArray e = Transforms.exp(log, true)) {
            return HostCopy.floats(e);
        }
    }

    private static float[] leftOutAsNaN(float[] map, Participation part) {
        for (int p = 0; p < map.length; p++) {
            map[p] = part.isLeftOut(p) ? Float.NaN : map[p];
        }
        return map;
    }

    /** Cross-entropy α_y u, per form: each pixel's α gathered by its class (a 1-D index: see Nd4jEngine). */
    @Override
    protected TermPass crossEntropyPass(Weighting w) {
        Nd4jTerm.close(alphaPerPixel, crossEntropyNll, crossEntropyOnehot);
        try (INDArray perClass = Nd4j.createFromArray(w.positive())) {
            alphaPerPixel = Nd4j.exec(new Gather(perClass, cls.reshape(-1), 0))[0].reshape(cls.shape());
        }
        crossEntropyNll = forms.uNll().mul(alphaPerPixel);
        crossEntropyOnehot = forms.uOnehot().mul(alphaPerPixel);
        try (INDArray sums = crossEntropyOnehot.castTo(DataType.DOUBLE); INDArray perSample = sums.sum(1)) {
            return TermPass.of(HostCopy.floats(crossEntropyOnehot), perClass(sums), HostCopy.doubles(perSample), total(sums), null);
        }
    }

    @Override
    protected TermPass termPass(ElementTerm positive, ElementTerm negative, Weighting w, boolean asWritten) {
        // a pixel left out has u = 0 but a finite log(1 - p_t): its value, Poly-1's added part among it, is zeroed
        try (INDArray onehot = Nd4jTerm.value(positive, crossEntropyOnehot, forms.logOneMinusOnehot()).muli(kept);
             INDArray nll = Nd4jTerm.value(positive, crossEntropyNll, forms.logOneMinusNll()).muli(kept);
             // each map cast to double once: the per-sample, per-class and total sums all read that copy
             INDArray onehotSums = onehot.castTo(DataType.DOUBLE);
             INDArray nllSums = nll.castTo(DataType.DOUBLE);
             INDArray perSample = onehotSums.sum(1);
             INDArray diff = nll.sub(onehot)) {
            Transforms.abs(diff, false);
            double maxDiff;
            try (INDArray max = diff.max()) {
                maxDiff = HostCopy.scalar(max);
            }
            float[] post = null;
            TermPass.PostFigures figures = null;
            if (asWritten) {
                try (INDArray p = asWritten(positive.gamma())) {
                    post = HostCopy.floats(p);
                    figures = postFigures(p, onehot);
                }
            }
            float[] nllMap = HostCopy.floats(nll);
            // the nll total summed as the onehot one, so that equal maps give equal totals
            return new TermPass(HostCopy.floats(onehot), () -> nllMap, perClass(onehotSums), HostCopy.doubles(perSample),
                    total(onehotSums), total(nllSums), maxDiff, post, figures, null);
        }
    }

    /**
     * {@code |dl/dz| = |slope| sqrt((1 - p_t)^2 + Σ_{k≠t} p_k^2)} ("onehot"), and α times the same root
     * for cross-entropy; 0 where left out.
     */
    @Override
    protected GradientPass gradientPass(ElementTerm positive, ElementTerm negative, Weighting w) {
        try (INDArray slope = Nd4jTerm.slope(positive, alphaPerPixel, forms.uOnehot(), forms.logOneMinusOnehot());
             INDArray oneMinus = Transforms.exp(forms.logOneMinusOnehot(), true);
             INDArray spread = oneMinus.mul(oneMinus).addi(forms.othersSquared())) {
            Transforms.sqrt(spread, false);
            INDArray norm = Transforms.abs(slope, false).muli(spread).muli(kept);
            try (INDArray ce = alphaPerPixel.mul(spread); INDArray normSum = norm.castTo(DataType.DOUBLE);
                 INDArray ceSum = ce.castTo(DataType.DOUBLE)) {
                return new GradientPass(HostCopy.floats(norm), HostCopy.floats(ce), total(normSum), total(ceSum));
            }
        }
    }

    @Override
    protected void addTo(LogPtHistogram histogram, boolean perSample) {
        float[] u = HostCopy.floats(forms.uOnehot());
        int[] classIndex = participation().classIndex();
        int[] shape = participation().mapShape();
        int hw = perSample ? shape[1] * shape[2] : classIndex.length;
        for (int p = 0; p < classIndex.length; p++) {
            if (classIndex[p] < classes) {
                histogram.add(p / hw * classes + classIndex[p], u[p]);
            }
        }
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
    private static TermPass.PostFigures postFigures(INDArray post, INDArray ours) {
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
                return new TermPass.PostFigures(HostCopy.scalar(sum), Math.round(HostCopy.scalar(count)),
                        HostCopy.scalar(maxError));
            }
        }
    }

    /** A DOUBLE map's sum (in double: ND4J would sum float32 in float32). */
    static double total(INDArray doubles) {
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

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Nd4jTerm.close(alphaPerPixel, crossEntropyNll, crossEntropyOnehot, postPt, kept, cls);
        forms.close();
    }
}
