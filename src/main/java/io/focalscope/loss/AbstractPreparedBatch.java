package io.focalscope.loss;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What both engines share after their own arithmetic: the class weights (recomputed only when
 * they change), the reductions and the per-class figures. An engine supplies two passes: {@link
 * #weigh} for new weights and {@link #focal} for each γ; the cross-entropy figures are the focal
 * pass at γ = 0, so that they agree with the focal loss at γ = 0 to the last digit.
 */
public abstract class AbstractPreparedBatch implements PreparedBatch {

    private final Participation part;
    private final String backend;
    private final double prepareMillis;
    private final float[] pt;
    private final Supplier<float[]> oneMinusPt;
    private final int[] predicted;

    // what the last weights gave, kept until the weights change
    private ClassWeights weights;
    private float[] alpha;
    private double alphaSum;
    /** The weighted cross-entropy {@code -α log p_t}: the focal pass at γ = 0. */
    private FocalPass crossEntropy;

    /**
     * @param pt         per pixel p_t, NaN where left out
     * @param oneMinusPt per pixel 1 - p_t, NaN where left out; made on first use (once), as only
     *                   the window's modulation layer reads it. It must read nothing that
     *                   {@link #close} frees: a view may ask for it from another thread.
     * @param predicted  per pixel the arg-max class, -1 where the logits are not finite
     */
    protected AbstractPreparedBatch(Participation part, String backend, float[] pt, Supplier<float[]> oneMinusPt,
                                    int[] predicted, double prepareMillis) {
        this.part = part;
        this.backend = backend;
        this.pt = pt;
        this.oneMinusPt = once(oneMinusPt);
        this.predicted = predicted;
        this.prepareMillis = prepareMillis;
    }

    /**
     * Weighs every pixel: {@code -α_y log p_t} per form, kept for the focal passes that follow.
     *
     * @param alpha per class α_c, with one more entry, 0, for pixels left out
     */
    protected abstract void weigh(float[] alpha);

    /**
     * The focal loss maps and sums for γ under the last weights.
     *
     * @param alpha     the same α as the last {@link #weigh}
     * @param asWritten whether to compute the post's float32 loss and its figures too
     */
    protected abstract FocalPass focal(double gamma, float[] alpha, boolean asWritten);

    private static Supplier<float[]> once(Supplier<float[]> make) {
        return new Supplier<>() {
            private float[] made;

            @Override
            public synchronized float[] get() {
                if (made == null) {
                    made = make.get();
                }
                return made;
            }
        };
    }

    @Override
    public final Participation participation() {
        return part;
    }

    @Override
    public final double prepareMillis() {
        return prepareMillis;
    }

    @Override
    public final LossResult evaluate(LossSettings s) {
        if (!Objects.equals(s.ignoreIndex(), part.ignoreIndex())) {
            throw new IllegalArgumentException("prepared for ignore index " + part.ignoreIndex() + ", asked for " + s.ignoreIndex());
        }
        long start = System.nanoTime();
        ClassWeights w = s.weights().weights(part.counts());
        if (weights == null || !Arrays.equals(w.values(), weights.values())) {
            alpha = new float[part.classes() + 1]; // the extra slot, 0, is for pixels left out
            alphaSum = 0;
            for (int c = 0; c < part.classes(); c++) {
                alpha[c] = (float) w.get(c);
                alphaSum += part.counts().count(c) * w.get(c);
            }
            weigh(alpha);
            crossEntropy = focal(0, alpha, false);
        }
        weights = w; // same values keep their weighing; the newest scheme keeps its warnings
        FocalPass pass = focal(s.gamma(), alpha, s.asWritten());
        return summarise(s, pass, (System.nanoTime() - start) / 1e6);
    }

    private LossResult summarise(LossSettings s, FocalPass pass, double evaluateMillis) {
        int classes = part.classes();
        ClassCounts counts = part.counts();
        double sum = pass.sumOnehot();
        double ceSum = crossEntropy.sumOnehot();
        double classTotal = 0;
        double classCeTotal = 0;
        for (int c = 0; c < classes; c++) {
            classTotal += pass.classSum()[c];
            classCeTotal += crossEntropy.classSum()[c];
        }
        double[] sampleMean = new double[pass.sampleSum().length];
        for (int n = 0; n < sampleMean.length; n++) {
            long labelled = Arrays.stream(counts.perSample()[n]).sum();
            sampleMean[n] = labelled == 0 ? Double.NaN : pass.sampleSum()[n] / labelled;
        }
        List<ClassFigures> perClass = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            long n = counts.count(c);
            double ce = crossEntropy.classSum()[c];
            perClass.add(new ClassFigures(c, n, n == 0 ? 0 : pass.classSum()[c] / n, classTotal > 0 ? pass.classSum()[c] / classTotal : 0,
                    n == 0 ? 0 : ce / n, classCeTotal > 0 ? ce / classCeTotal : 0));
        }
        long labelled = counts.labelledPixels();
        long all = part.pixels();
        Reduction r = s.reduction();
        PixelMaps maps = new PixelMaps(part.mapShape(), pass.focal(), pass.focalNll(), crossEntropy.focal(), pass.asWritten(),
                pt, oneMinusPt, predicted, s.gamma());
        AsWritten asWritten = pass.post() == null ? null : AsWritten.of(pass.post(), r, labelled, alphaSum, all);
        return new LossResult(s.gamma(), part.ignoreIndex(), r, s.weights().describe(), classes, labelled, part.ignored(),
                part.nonFinite(), counts.total(), weights.values(), weights.warnings(),
                r.reduce(pass.sumNll(), labelled, alphaSum, all), r.reduce(sum, labelled, alphaSum, all),
                pass.maxAbsDiff(), sum, r.reduce(ceSum, labelled, alphaSum, all), perClass, sampleMean, maps, asWritten,
                backend, evaluateMillis, Activation.SOFTMAX, null, labelled);
    }
}
