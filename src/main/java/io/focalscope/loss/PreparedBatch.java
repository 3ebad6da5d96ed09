package io.focalscope.loss;

import io.focalscope.io.InputException;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A batch after the expensive part: log p_t per pixel in both forms, the label histogram and the
 * predicted classes. {@link #evaluate} turns it into losses for any γ, weights and reduction
 * without touching the logits again. Holds off-heap ND4J buffers: close it when done.
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

    // log p_t of each form, and 1 - p_t from it, per pixel [P]
    private final INDArray logPtNll;
    private final INDArray logPtOnehot;
    private final INDArray oneMinusPtNll;
    private final INDArray oneMinusPtOnehot;
    private final INDArray classIndexArray;
    // work buffers reused by every evaluation, so moving γ allocates nothing on the ND4J side
    private final INDArray alpha;
    private final INDArray work;

    PreparedBatch(int[] mapShape, int classes, Integer ignoreIndex, int[] classIndex, ClassCounts counts,
                  long ignored, long nonFinite, PixelPosition firstNonFinite, int[] predicted,
                  INDArray logPtNll, INDArray logPtOnehot, double prepareMillis) {
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
        this.logPtNll = logPtNll;
        this.logPtOnehot = logPtOnehot;
        this.oneMinusPtNll = oneMinusP(logPtNll);
        this.oneMinusPtOnehot = oneMinusP(logPtOnehot);
        this.classIndexArray = Nd4j.createFromArray(classIndex);
        this.alpha = Nd4j.createUninitialized(DataType.FLOAT, classIndex.length);
        this.work = Nd4j.createUninitialized(DataType.FLOAT, classIndex.length);
    }

    /**
     * {@code 1 - p_t = -expm1(log p_t)}: keeps its digits when p_t is close to 1. Done with
     * Math.expm1 once per batch: ND4J's Expm1 computes exp(x) - 1 in float32 and loses them
     * (measured: 0.1 % off at p_t = 1 - 4.5e-5).
     */
    private static INDArray oneMinusP(INDArray logPt) {
        float[] values = logPt.toFloatVector();
        for (int p = 0; p < values.length; p++) {
            values[p] = (float) -Math.expm1(values[p]);
        }
        return Nd4j.createFromArray(values);
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
        ClassWeights weights = scheme.weights(counts);
        double[] alphaPerClass = new double[classes + 1]; // the extra slot, 0, is for left-out pixels
        System.arraycopy(weights.values(), 0, alphaPerClass, 0, classes);
        try (INDArray table = Nd4j.createFromArray(alphaPerClass).castTo(DataType.FLOAT)) {
            Gather gather = new Gather(table, classIndexArray, 0);
            gather.addOutputArgument(alpha);
            Nd4j.exec(gather);
        }
        float[] focal = weightedFocal(oneMinusPtOnehot, logPtOnehot, gamma);
        float[] focalNll = weightedFocal(oneMinusPtNll, logPtNll, gamma);
        float[] crossEntropy = weightedFocal(oneMinusPtOnehot, logPtOnehot, 0.0);
        float[] modulation = Transforms.pow(work.assign(oneMinusPtOnehot), gamma, false).toFloatVector();
        float[] pt = Transforms.exp(work.assign(logPtOnehot), false).toFloatVector();
        return summarise(gamma, scheme, weights, reduction, focal, focalNll, crossEntropy, pt, modulation,
                (System.nanoTime() - start) / 1e6);
    }

    /** {@code -α (1 - p_t)^γ log p_t}, computed in the reused work buffer. */
    private float[] weightedFocal(INDArray oneMinusPt, INDArray logPt, double gamma) {
        work.assign(oneMinusPt);
        Transforms.pow(work, gamma, false);
        return work.muli(logPt).muli(alpha).rsubi(0.0).toFloatVector(); // 0 - x: no -0.0 where log p_t = 0
    }

    private LossResult summarise(double gamma, WeightScheme scheme, ClassWeights weights, Reduction reduction,
                                 float[] focal, float[] focalNll, float[] crossEntropy, float[] pt,
                                 float[] modulation, double evaluateMillis) {
        // sums in double: ND4J would reduce float32 maps in float32
        double[] classSum = new double[classes];
        double[] classCe = new double[classes];
        double sumNll = 0;
        double alphaSum = 0;
        double maxAbsDiff = 0;
        for (int p = 0; p < classIndex.length; p++) {
            int c = classIndex[p];
            if (c == classes) {
                focal[p] = 0f;
                focalNll[p] = 0f;
                crossEntropy[p] = 0f;
                pt[p] = Float.NaN;
                modulation[p] = Float.NaN;
                continue;
            }
            classSum[c] += focal[p];
            classCe[c] += crossEntropy[p];
            sumNll += focalNll[p];
            alphaSum += weights.get(c);
            maxAbsDiff = Math.max(maxAbsDiff, Math.abs(focal[p] - focalNll[p]));
        }
        double sum = 0;
        double ceSum = 0;
        for (int c = 0; c < classes; c++) {
            sum += classSum[c];
            ceSum += classCe[c];
        }
        int perSample = mapShape[1] * mapShape[2];
        double[] sampleMean = new double[mapShape[0]];
        for (int n = 0; n < sampleMean.length; n++) {
            double s = 0;
            long labelledInSample = 0;
            for (int p = n * perSample; p < (n + 1) * perSample; p++) {
                if (classIndex[p] != classes) {
                    s += focal[p];
                    labelledInSample++;
                }
            }
            sampleMean[n] = labelledInSample == 0 ? Double.NaN : s / labelledInSample;
        }
        List<ClassFigures> perClass = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            long n = counts.count(c);
            perClass.add(new ClassFigures(c, n, n == 0 ? 0 : classSum[c] / n, sum > 0 ? classSum[c] / sum : 0,
                    n == 0 ? 0 : classCe[c] / n, ceSum > 0 ? classCe[c] / ceSum : 0));
        }
        long labelled = counts.labelledPixels();
        long all = classIndex.length;
        return new LossResult(gamma, ignoreIndex, reduction, scheme.describe(), classes, labelled, ignored, nonFinite,
                counts.total(), weights.values(), weights.warnings(),
                reduction.reduce(sumNll, labelled, alphaSum, all), reduction.reduce(sum, labelled, alphaSum, all),
                maxAbsDiff, sum, reduction.reduce(ceSum, labelled, alphaSum, all), perClass, sampleMean,
                new PixelMaps(mapShape, focal, focalNll, crossEntropy, pt, modulation, predicted.clone()),
                Backend.name(), evaluateMillis);
    }

    @Override
    public void close() {
        for (INDArray a : List.of(logPtNll, logPtOnehot, oneMinusPtNll, oneMinusPtOnehot, classIndexArray, alpha, work)) {
            a.close();
        }
    }
}
