package io.focalscope.loss;

import io.focalscope.io.InputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A batch after the expensive part: log p_t per pixel in both forms, the label histogram and the
 * predicted classes. {@link #evaluate} turns it into losses for any γ, weights and reduction
 * without touching the logits again: per pixel {@code l = exp(γ log(1 - p_t)) x (-α_y log p_t)},
 * one scaled exp and one product on ND4J, with {@code -α log p_t} kept while the weights stay.
 * Holds off-heap ND4J buffers: close it when done. Not thread-safe.
 */
public final class PreparedBatch implements AutoCloseable {

    private final int[] mapShape;
    private final int classes;
    private final Integer ignoreIndex;
    private final int[] classIndex;
    private final ClassCounts counts;
    private final long ignored;
    private final long nonFinite;
    private final PixelPosition firstNonFinite;
    private final int[] predicted;
    private final double prepareMillis;
    private final float[] pt;
    private final Form onehot;
    /** The nll form; the same object as {@link #onehot} when both picked bitwise equal log p_t. */
    private final Form nll;

    /** One form's per-pixel inputs: log p_t, log(1 - p_t) on ND4J, and its weighted cross-entropy. */
    private final class Form implements AutoCloseable {
        final float[] logPt;
        final float[] oneMinusPt;
        final INDArray logOneMinusPt;
        final INDArray focal;
        INDArray crossEntropyBuffer;
        float[] crossEntropy;

        Form(float[] logPt) {
            this.logPt = logPt;
            oneMinusPt = new float[logPt.length];
            // 1 - p_t = -expm1(log p_t) keeps its digits when p_t is close to 1 (Math.expm1:
            // ND4J's Expm1 is exp(x) - 1 in float32 and loses them, measured)
            IntStream.range(0, logPt.length).parallel().forEach(p -> oneMinusPt[p] = (float) -Math.expm1(logPt[p]));
            logOneMinusPt = Transforms.log(Nd4j.createFromArray(oneMinusPt), false);
            focal = Nd4j.createUninitialized(DataType.FLOAT, logPt.length);
        }

        /** -α_y log p_t per pixel for these weights (0 where left out). */
        void weigh(float[] alpha) {
            float[] ce = new float[logPt.length];
            IntStream.range(0, ce.length).parallel().forEach(p -> ce[p] = 0f - alpha[classIndex[p]] * logPt[p]); // no -0.0
            crossEntropy = ce;
            if (crossEntropyBuffer != null) {
                crossEntropyBuffer.close();
            }
            crossEntropyBuffer = Nd4j.createFromArray(crossEntropy);
        }

        /** The weighted focal loss map for γ. */
        float[] focal(double gamma) {
            if (gamma == 0) {
                return crossEntropy; // (1 - p)^0 = 1, also where p = 1 and log(1 - p) = -inf
            }
            Nd4j.exec(new ScalarMultiplication(logOneMinusPt, null, focal, gamma));
            Transforms.exp(focal, false);
            focal.muli(crossEntropyBuffer);
            float[] out = new float[logPt.length];
            focal.data().asNioFloat().get(0, out);
            return out;
        }

        @Override
        public void close() {
            logOneMinusPt.close();
            focal.close();
            if (crossEntropyBuffer != null) {
                crossEntropyBuffer.close();
            }
        }
    }

    // what the last weights gave, kept until the weights change
    private double[] weightValues;
    private ClassWeights weights;
    private double[] classCrossEntropy;
    private double alphaSum;

    PreparedBatch(int[] mapShape, int classes, Integer ignoreIndex, int[] classIndex, ClassCounts counts,
                  long ignored, long nonFinite, PixelPosition firstNonFinite, int[] predicted,
                  float[] logPtNll, float[] logPtOnehot, double prepareMillis) {
        this.mapShape = mapShape.clone();
        this.classes = classes;
        this.ignoreIndex = ignoreIndex;
        this.classIndex = classIndex;
        this.counts = counts;
        this.ignored = ignored;
        this.nonFinite = nonFinite;
        this.firstNonFinite = firstNonFinite;
        this.predicted = predicted;
        this.prepareMillis = prepareMillis;
        this.onehot = new Form(logPtOnehot);
        // the forms differ only in how they pick log p_t; where the picks agree bit for bit, so do
        // their losses at every γ, and one computation serves both
        this.nll = Arrays.equals(logPtNll, logPtOnehot) ? onehot : new Form(logPtNll);
        this.pt = new float[logPtOnehot.length];
        IntStream.range(0, pt.length).parallel().forEach(p ->
                pt[p] = classIndex[p] == classes ? Float.NaN : (float) Math.exp(logPtOnehot[p]));
    }

    public ClassCounts counts() {
        return counts;
    }

    public int classes() {
        return classes;
    }

    public long nonFinitePixels() {
        return nonFinite;
    }

    /** The first pixel with a non-finite logit, or null. */
    public PixelPosition firstNonFinite() {
        return firstNonFinite;
    }

    public double prepareMillis() {
        return prepareMillis;
    }

    /**
     * The focal loss for one setting.
     *
     * @param gamma the focusing parameter γ ≥ 0; γ = 0 gives cross-entropy
     */
    public LossResult evaluate(double gamma, WeightScheme scheme, Reduction reduction) {
        if (!(gamma >= 0) || !Double.isFinite(gamma)) {
            throw new InputException("--gamma: must be a finite number >= 0, got " + gamma);
        }
        long start = System.nanoTime();
        weigh(scheme.weights(counts));
        float[] focal = onehot.focal(gamma);
        float[] focalNll = nll == onehot ? focal : nll.focal(gamma);
        return summarise(gamma, scheme, reduction, focal, focalNll, (System.nanoTime() - start) / 1e6);
    }

    private void weigh(ClassWeights w) {
        if (weights != null && Arrays.equals(w.values(), weightValues)) {
            weights = w; // same values; keep its warnings
            return;
        }
        weights = w;
        weightValues = w.values();
        float[] alpha = new float[classes + 1]; // the extra slot, 0, is for left-out pixels
        for (int c = 0; c < classes; c++) {
            alpha[c] = (float) weightValues[c];
        }
        onehot.weigh(alpha);
        if (nll != onehot) {
            nll.weigh(alpha);
        }
        classCrossEntropy = new double[classes];
        alphaSum = 0;
        for (int p = 0; p < classIndex.length; p++) {
            int c = classIndex[p];
            if (c != classes) {
                classCrossEntropy[c] += onehot.crossEntropy[p];
                alphaSum += weightValues[c];
            }
        }
    }

    private LossResult summarise(double gamma, WeightScheme scheme, Reduction reduction, float[] focal, float[] focalNll,
                                 double evaluateMillis) {
        // sums in double: ND4J would reduce float32 maps in float32
        int perSample = mapShape[1] * mapShape[2];
        double[] classSum = new double[classes + 1];
        double[] sampleSum = new double[mapShape[0]];
        double sumNll = 0;
        double maxAbsDiff = 0;
        boolean sameForm = focal == focalNll;
        float[][] focalRange = new float[mapShape[0]][];
        for (int n = 0; n < mapShape[0]; n++) {
            double s = 0;
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int p = n * perSample, end = p + perSample; p < end; p++) {
                float l = focal[p];
                int c = classIndex[p];
                classSum[c] += l;
                s += l;
                if (c != classes) {
                    // plain comparisons: Math.min/max on floats also order NaN and -0.0, at several times the cost
                    lo = l < lo ? l : lo;
                    hi = l > hi ? l : hi;
                }
                if (!sameForm) {
                    sumNll += focalNll[p];
                    maxAbsDiff = Math.max(maxAbsDiff, Math.abs(l - focalNll[p]));
                }
            }
            sampleSum[n] = s;
            focalRange[n] = new float[] {lo, hi};
        }
        double sum = 0;
        double ceSum = 0;
        for (int c = 0; c < classes; c++) {
            sum += classSum[c];
            ceSum += classCrossEntropy[c];
        }
        if (sameForm) {
            sumNll = sum;
        }
        double[] sampleMean = new double[mapShape[0]];
        for (int n = 0; n < sampleMean.length; n++) {
            long labelled = Arrays.stream(counts.perSample()[n]).sum();
            sampleMean[n] = labelled == 0 ? Double.NaN : sampleSum[n] / labelled;
        }
        List<ClassFigures> perClass = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            long n = counts.count(c);
            perClass.add(new ClassFigures(c, n, n == 0 ? 0 : classSum[c] / n, sum > 0 ? classSum[c] / sum : 0,
                    n == 0 ? 0 : classCrossEntropy[c] / n, ceSum > 0 ? classCrossEntropy[c] / ceSum : 0));
        }
        long labelled = counts.labelledPixels();
        long all = classIndex.length;
        return new LossResult(gamma, ignoreIndex, reduction, scheme.describe(), classes, labelled, ignored, nonFinite,
                counts.total(), weightValues.clone(), weights.warnings(),
                reduction.reduce(sumNll, labelled, alphaSum, all), reduction.reduce(sum, labelled, alphaSum, all),
                maxAbsDiff, sum, reduction.reduce(ceSum, labelled, alphaSum, all), perClass, sampleMean,
                new PixelMaps(mapShape, focal, focalNll, onehot.crossEntropy, pt, onehot.oneMinusPt, predicted, gamma, focalRange),
                Backend.name(), evaluateMillis);
    }

    @Override
    public void close() {
        onehot.close();
        if (nll != onehot) {
            nll.close();
        }
    }
}
