package io.focalscope.ui.charts;

import io.focalscope.classes.ClassSet;
import io.focalscope.loss.ClassFigures;
import io.focalscope.loss.LossForm;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossTerm;
import io.focalscope.ui.evaluation.Evaluation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * What the charts and the sample list show for one evaluation, worked out on the worker so that the
 * JavaFX thread only moves values: per-class bars, the loss against γ with both γ marked, the p_t
 * histogram with the modulation curves, and the samples hardest first.
 *
 * @param shareAxisMax  the share chart's top, in percent, a round number above every bar
 * @param secondGamma   NaN without a second pane, as {@code secondLoss} and each bar's {@code secondShare}
 * @param histogram     per bin of p_t, log10 of the fraction of labelled pixels in it (floored at {@link #FLOOR_DECADE})
 * @param modulation    per bin, log10 of the term's (1 − p)^γ at the bin's centre; {@code secondModulation} at γ₂, or null
 * @param gradientRatio per bin, log10 of g(p): the term's gradient over cross-entropy's at p_t = the bin's centre
 *                      (for focal loss (1-p)^γ - γ p (1-p)^(γ-1) log p); above 0 it pushes harder than cross-entropy
 * @param hardestFirst  the samples by their mean loss, highest first
 * @param term          the term shown; its {@code gamma} is NaN for one that varies none (FLSD-53), whose loss
 *                      is then a level over {@code curve}, focal loss's
 */
public record ChartData(List<Bar> bars, double shareAxisMax, LossForm form, double gamma, double loss, double secondGamma,
                 double secondLoss, double[] curveGammas, double[] curve, double[] histogram, double[] modulation,
                 double[] secondModulation, double[] gradientRatio, int[] hardestFirst, double[] sampleMeanLoss,
                 LossTerm term) {

    /** One class's bars. */
    public record Bar(int classId, String name, int color, double weight, long pixels, double crossEntropyShare, double share,
               double secondShare) {
    }

    static final int BINS = 20;
    /** The smallest decade the log axes show; a fraction of 0 sits on it. */
    static final int FLOOR_DECADE = -6;

    /**
     * @param histogram the p_t histogram of this evaluation's batch ({@link #histogram(float[])}), kept between γ
     */
    static ChartData of(Evaluation e, LossForm form, ClassSet classes, Set<Integer> hidden, double[] histogram) {
        LossResult r = e.result();
        LossResult second = e.second();
        List<Bar> bars = new ArrayList<>();
        double top = 0;
        for (int i = 0; i < r.perClass().size(); i++) {
            ClassFigures c = r.perClass().get(i);
            if (hidden.contains(c.classId())) {
                continue;
            }
            double secondShare = second == null ? Double.NaN : 100 * second.perClass().get(i).share();
            Bar b = new Bar(c.classId(), classes.name(c.classId()), classes.color(c.classId()), r.classWeights()[c.classId()],
                    c.pixels(), 100 * c.crossEntropyShare(), 100 * c.share(), secondShare);
            bars.add(b);
            top = Math.max(top, Math.max(b.crossEntropyShare(), Math.max(b.share(), second == null ? 0 : secondShare)));
        }
        double[] means = r.sampleMeanLoss();
        return new ChartData(List.copyOf(bars), shareAxisTop(top), form, r.gamma(), form.loss(r),
                second == null ? Double.NaN : second.gamma(), second == null ? Double.NaN : form.loss(second),
                e.curveGammas(), e.curve(), histogram, modulation(r.term()), second == null ? null : modulation(second.term()),
                gradientRatio(r.term()), hardestFirst(means), means, r.term());
    }

    /** The samples by mean loss, highest first; a sample without labelled pixels (NaN) last. */
    static int[] hardestFirst(double[] means) {
        return IntStream.range(0, means.length).boxed()
                .sorted(Comparator.comparingDouble((Integer n) -> Double.isNaN(means[n]) ? Double.NEGATIVE_INFINITY : means[n])
                        .reversed())
                .mapToInt(Integer::intValue).toArray();
    }

    /**
     * The share axis's top: the next of 10, 20, 25, 50, 100 % above the largest bar, so that it moves
     * only when a bar crosses it (an axis that rescales at every γ costs a full layout of the chart).
     */
    static double shareAxisTop(double largest) {
        for (double top : new double[] {10, 20, 25, 50, 75, 100}) {
            if (largest <= top) {
                return top;
            }
        }
        return 100;
    }

    /** Per bin of p_t, log10 of the fraction of the labelled pixels (NaN p_t, left out, are not counted). */
    static double[] histogram(float[] pt) {
        long[] counts = new long[BINS];
        long total = 0;
        for (float p : pt) {
            if (!Float.isNaN(p)) {
                counts[Math.min(BINS - 1, (int) (p * BINS))]++;
                total++;
            }
        }
        double[] decades = new double[BINS];
        for (int b = 0; b < BINS; b++) {
            decades[b] = logFraction(total == 0 ? 0 : counts[b] / (double) total);
        }
        return decades;
    }

    /** Per bin, log10 of the term's modulation at p_t = the bin's centre (a positive target's, with sigmoid). */
    static double[] modulation(LossTerm term) {
        double[] m = new double[BINS];
        for (int b = 0; b < BINS; b++) {
            m[b] = logFraction(term.positive().modulation(Math.log1p(-binCentre(b))));
        }
        return m;
    }

    /** Per bin, log10 of the term's gradient over cross-entropy's at p_t = the bin's centre. */
    static double[] gradientRatio(LossTerm term) {
        double[] g = new double[BINS];
        for (int b = 0; b < BINS; b++) {
            double p = binCentre(b);
            g[b] = logFraction(term.positive().gradientRatio(-Math.log(p), Math.log1p(-p)));
        }
        return g;
    }

    static double binCentre(int bin) {
        return (bin + 0.5) / BINS;
    }

    /** log10 of a fraction, on the log axis's floor where it is 0 or smaller than that. */
    static double logFraction(double f) {
        return f > 0 ? Math.max(FLOOR_DECADE, Math.log10(f)) : FLOOR_DECADE;
    }
}
