package io.focalscope.loss;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every engine shares after its own arithmetic, for softmax and sigmoid alike: the elements'
 * weights (recomputed only when they change), the reductions, the per-class figures and the maps.
 * An engine supplies three passes over its kept per-element arrays: cross-entropy, on its own path,
 * once per weighting; a term's pass for each setting; and, when asked, the gradient's.
 */
public abstract class AbstractPreparedBatch implements PreparedBatch {

    private final Participation part;
    private final Activation activation;
    private final String backend;
    private final double prepareMillis;
    private final Supplier<float[]> pt;
    private final Supplier<float[]> oneMinusPt;
    private final int[] predicted;

    /** Per class (with sigmoid, then per class of negative targets) the histogram of -log p_t: the loss curve's. */
    private final Supplier<LogPtHistogram> histogram = once(() -> {
        LogPtHistogram h = new LogPtHistogram(activation() == Activation.SIGMOID ? 2 * participation().classes()
                : participation().classes());
        addTo(h, false);
        return h;
    });

    /** Per sample and class (sample n's rows after those before it): a softmax preview's per-sample figures. */
    private final Supplier<LogPtHistogram> sampleHistogram = once(() -> {
        LogPtHistogram h = new LogPtHistogram(participation().counts().samples() * participation().classes());
        addTo(h, true);
        return h;
    });
    /** The ramp at γ = 0 of a term under a weighting, kept while only γ changes. */
    private GammaRamp ramp;
    private LossTerm rampTerm;
    private Weighting rampWeighting;

    /** What a preview's engine note adds: where its figures came from. */
    public static final String PREVIEW_NOTE = "; while γ moves, figures from histograms of -log p_t";

    // what the last weights gave, kept until they change
    private ClassWeights weights;
    private Weighting weighting;
    private TermPass crossEntropy;

    /**
     * @param pt         softmax: per pixel p_t, NaN where left out, made on first use (once); it and
     *                   {@code oneMinusPt} must read nothing that {@link #close} frees, as a view may ask
     *                   for them from another thread. Sigmoid: null (each pass says, per pixel)
     * @param predicted  per pixel the arg-max class, -1 where the logits are not finite
     */
    protected AbstractPreparedBatch(Participation part, Activation activation, String backend, Supplier<float[]> pt,
                                    Supplier<float[]> oneMinusPt, int[] predicted, double prepareMillis) {
        this.part = part;
        this.activation = activation;
        this.backend = backend;
        this.pt = pt == null ? null : once(pt);
        this.oneMinusPt = oneMinusPt == null ? null : once(oneMinusPt);
        this.predicted = predicted;
        this.prepareMillis = prepareMillis;
    }

    /** Cross-entropy {@code α u} per element, summed per pixel: its own path, not a term's pass at γ = 0. */
    protected abstract TermPass crossEntropyPass(Weighting w);

    /**
     * A term's loss maps and sums under a weighting (the one of the last {@link #crossEntropyPass}).
     *
     * @param positive  the term of positive targets (every element with softmax)
     * @param negative  the term of negative targets (sigmoid)
     * @param asWritten whether to compute the post's float32 loss and its figures too (softmax focal
     *                  loss at {@code positive.gamma()})
     */
    protected abstract TermPass termPass(ElementTerm positive, ElementTerm negative, Weighting w, boolean asWritten);

    /** Per pixel the norm of the gradient of the term's loss and of cross-entropy's. */
    protected abstract GradientPass gradientPass(ElementTerm positive, ElementTerm negative, Weighting w);

    /**
     * Adds each element's {@code u = -log p_t} to a histogram: softmax in its class's row; sigmoid in
     * row c for a positive target of channel c, row C + c for a negative one. Per sample (softmax only,
     * for a preview), sample n's C rows come after those of the samples before it.
     */
    protected abstract void addTo(LogPtHistogram histogram, boolean perSample);

    /** Runs a supplier once and keeps what it made; a reader after that takes no lock (a map asks per pixel). */
    protected static <T> Supplier<T> once(Supplier<T> make) {
        return new Supplier<>() {
            private volatile T made;

            @Override
            public T get() {
                T m = made;
                if (m == null) {
                    synchronized (this) {
                        m = made;
                        if (m == null) {
                            m = make.get();
                            made = m;
                        }
                    }
                }
                return m;
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
    public final float[] labelProbability() {
        return pt == null ? null : pt.get();
    }

    @Override
    public final int[] predicted() {
        return predicted;
    }

    /** What was prepared for: softmax or sigmoid. */
    public final Activation activation() {
        return activation;
    }

    @Override
    public final LossResult evaluate(LossSettings s) {
        requirePreparedFor(s);
        ramp = null; // a drag's maps (two per pixel): the next drag makes them again
        long start = System.nanoTime();
        boolean fromHistogram = !(s.weights() instanceof WeightScheme.None || s.weights() instanceof WeightScheme.Explicit);
        if (activation == Activation.SIGMOID && fromHistogram && part.counts().labelledPixels() == 0) {
            throw new io.focalscope.io.InputException("class weights '" + s.weights().describe() + "' come from the positive"
                    + " targets per class, and this batch has none");
        }
        weighFor(s);
        LossTerm t = s.term();
        // the post's figures are of its code, softmax focal loss
        TermPass pass = termPass(t.positive(), t.negative(), weighting, s.asWritten() && t instanceof LossTerm.Focal);
        GradientPass gradient = s.gradient() ? gradientPass(t.positive(), t.negative(), weighting) : null;
        return summarise(s, pass, gradient, (System.nanoTime() - start) / 1e6, null);
    }

    private void requirePreparedFor(LossSettings s) {
        if (!Objects.equals(s.ignoreIndex(), part.ignoreIndex())) {
            throw new IllegalArgumentException("prepared for ignore index " + part.ignoreIndex() + ", asked for " + s.ignoreIndex());
        }
        if (s.activation() != activation) {
            throw new IllegalArgumentException("prepared for " + activation + ", asked for " + s.activation());
        }
    }

    /**
     * A γ step's figures without a pass over the pixels, for softmax terms of the form {@code (1 - p_t)^γ k}
     * (focal loss, Poly-1 with ε ≥ 0): per class and sample from the histograms of -log p_t (within
     * about 3e-4 of the exact sums at γ ≤ 5, cross-entropy exact), the map as a {@link GammaRamp}
     * (made once per term and weights, not per γ), no largest difference of the forms (NaN). Null for
     * other settings (sigmoid, FLSD-53, ASL, the post's figures, gradients): evaluate them.
     */
    @Override
    public final LossResult preview(LossSettings s) {
        requirePreparedFor(s);
        LossTerm t = s.term();
        ElementTerm e = t.positive();
        if (activation != Activation.SOFTMAX || s.asWritten() || s.gradient() || !t.variesGamma() || e.picksGamma() || e.shifts()
                || e.floors() || e.epsilon() < 0) {
            return null;
        }
        long start = System.nanoTime();
        weighFor(s);
        LossTerm flat = t.withGamma(0);
        if (ramp == null || !flat.equals(rampTerm) || rampWeighting != weighting) {
            TermPass zero = termPass(flat.positive(), flat.negative(), weighting, false);
            ramp = GammaRamp.of(zero.map(), oneMinusPt.get(), 0);
            rampTerm = flat;
            rampWeighting = weighting;
        }
        int classes = part.classes();
        int samples = part.counts().samples();
        LogPtHistogram h = sampleHistogram.get();
        double[] classSum = new double[classes + 1];
        double[] sampleSum = new double[samples];
        double sum = 0;
        for (int n = 0; n < samples; n++) {
            for (int c = 0; c < classes; c++) {
                double v = h.termSum(n * classes + c, e, weighting.positive()[c]);
                classSum[c] += v;
                sampleSum[n] += v;
                sum += v;
            }
        }
        TermPass pass = new TermPass(null, null, classSum, sampleSum, sum, sum, Double.NaN, null, null, null);
        return summarise(s, pass, null, (System.nanoTime() - start) / 1e6, ramp.at(e.gamma()));
    }

    /**
     * What a dataset scan keeps of this batch: per class the term's parts and cross-entropy without
     * class weights (with α_t), and the histogram of {@code -log p_t}.
     */
    @Override
    public final ImageLossSums summarize(LossSettings s) {
        int classes = part.classes();
        double[] ones = new double[classes];
        Arrays.fill(ones, 1);
        Weighting unit = weigh(ones, s.alpha());
        weights = ClassWeights.of(ones);
        ElementTerm positive = s.term().positive();
        ElementTerm negative = s.term().negative();
        double[] weighted = termPass(positive.withoutAdded(), negative.withoutAdded(), unit, false).classSum();
        double[] added = new double[classes];
        if (positive.adds() || negative.adds()) {
            // the added part is what the whole term adds to the weighted part: w_c A_c + B_c = A_c + B_c at w = 1
            double[] whole = termPass(positive, negative, unit, false).classSum();
            for (int c = 0; c < classes; c++) {
                added[c] = whole[c] - weighted[c];
            }
        }
        int rows = activation == Activation.SIGMOID ? 2 * classes : classes;
        LogPtHistogram histogram = new LogPtHistogram(rows);
        addTo(histogram, false);
        Participation.Elements elements = part.elements();
        return new ImageLossSums(s.gamma(), part.pixels(), elements.pixels(), part.ignored(), part.nonFinite(), elements.total(),
                elements.all(), part.counts().total(), elements.perClass(), Arrays.copyOf(weighted, classes), added,
                Arrays.copyOf(crossEntropy.classSum(), classes), histogram);
    }

    @Override
    public final double[] lossCurve(LossSettings s, double[] gammas) {
        int classes = part.classes();
        Weighting w = Weighting.of(s.weights().weights(part.counts()).values(), activation, s.alpha(), part);
        LogPtHistogram h = histogram.get();
        Participation.Elements elements = part.elements();
        double[] rowWeights = new double[h.classes()];
        for (int row = 0; row < rowWeights.length; row++) {
            rowWeights[row] = row < classes ? w.positive()[row] : w.negative()[row - classes];
        }
        double[] out = new double[gammas.length];
        for (int i = 0; i < gammas.length; i++) {
            double sum = h.termSum(s.term().withGamma(gammas[i]), rowWeights, classes);
            out[i] = s.reduction().reduce(sum, elements.total(), w.sum(), elements.all());
        }
        return out;
    }

    /** The settings' class weights and α, weighed (see {@link #weigh}); the newest scheme keeps its warnings. */
    private void weighFor(LossSettings s) {
        ClassWeights w = s.weights().weights(part.counts());
        weigh(w.values(), s.alpha());
        weights = w;
    }

    /** The weighting of these class weights and α, with cross-entropy's pass redone only where it changed. */
    private Weighting weigh(double[] classWeights, Double alpha) {
        Weighting fresh = Weighting.of(classWeights, activation, alpha, part);
        if (!fresh.sameAs(weighting)) {
            weighting = fresh;
            crossEntropy = crossEntropyPass(fresh);
        }
        return weighting;
    }

    /** @param ramp a preview's map, or null for the pass's own */
    private LossResult summarise(LossSettings s, TermPass pass, GradientPass gradient, double evaluateMillis, GammaRamp ramp) {
        int classes = part.classes();
        Participation.Elements elements = part.elements();
        double classTotal = Arrays.stream(pass.classSum()).limit(classes).sum();
        double classCeTotal = Arrays.stream(crossEntropy.classSum()).limit(classes).sum();
        List<ClassFigures> perClass = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            long n = elements.perClass()[c];
            double ce = crossEntropy.classSum()[c];
            perClass.add(new ClassFigures(c, part.counts().count(c), n == 0 ? 0 : pass.classSum()[c] / n,
                    classTotal > 0 ? pass.classSum()[c] / classTotal : 0, n == 0 ? 0 : ce / n,
                    classCeTotal > 0 ? ce / classCeTotal : 0));
        }
        double[] sampleMean = new double[pass.sampleSum().length];
        for (int n = 0; n < sampleMean.length; n++) {
            long k = elements.perSample()[n];
            sampleMean[n] = k == 0 ? Double.NaN : pass.sampleSum()[n] / k;
        }
        Reduction r = s.reduction();
        double alphaSum = weighting.sum();
        TermPass.Dominant d = pass.dominant();
        PixelMaps maps = ramp != null ? new PixelMaps(part.mapShape(), ramp, crossEntropy.map(), pt, oneMinusPt, predicted, s.term())
                : new PixelMaps(part.mapShape(), pass.map(), once(pass.nllMap()), crossEntropy.map(), pass.asWritten(),
                d == null ? pt : once(d.pt()), d == null ? oneMinusPt : once(d.oneMinusPt()), d == null ? null : once(d.positive()), predicted,
                s.term(), gradient == null ? null : gradient.norm(), gradient == null ? null : gradient.crossEntropyNorm());
        AsWritten asWritten = pass.post() == null ? null : AsWritten.of(pass.post(), r, elements.total(), alphaSum, elements.all());
        LossResult.Gradient g = gradient == null ? null
                : new LossResult.Gradient(gradient.sum() / elements.pixels(), gradient.crossEntropySum() / elements.pixels());
        return new LossResult(s.gamma(), part.ignoreIndex(), r, s.weights().describe(), classes, elements.pixels(), part.ignored(),
                part.nonFinite(), part.counts().total(), weights.values(), weights.warnings(),
                r.reduce(pass.sumNll(), elements.total(), alphaSum, elements.all()), r.reduce(pass.sum(), elements.total(), alphaSum, elements.all()),
                pass.maxAbsDiff(), pass.sum(), r.reduce(crossEntropy.sum(), elements.total(), alphaSum, elements.all()), perClass,
                sampleMean, maps, asWritten, ramp == null ? backend : backend + PREVIEW_NOTE, evaluateMillis, activation, s.alpha(), elements.total(), s.term(), g,
                SampleFigures.of(r, pass.sampleSum(), crossEntropy.sampleSum(), elements, weighting));
    }
}
