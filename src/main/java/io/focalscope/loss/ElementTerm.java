package io.focalscope.loss;

/**
 * A loss term on one element (a labelled pixel with softmax, a kept pixel-channel with sigmoid) for
 * one target side, as a function of {@code u = -log p_t} and {@code log(1 - p_t)}, both kept exact
 * by the engines. Every term focalscope computes is one of this family:
 * <pre>
 *   p' = min(p_t + clip, 1)                           ASL shifts the probability of negatives
 *   γ  = gammaBelow where p_t &lt; threshold, else gamma  FLSD-53 picks γ by p_t (no gradient through the pick)
 *   l  = α (1 - p')^γ (-log max(p', floor)) + ε (1 - p')^(γ+1)
 * </pre>
 * α is the element's weight (class weight, and α_t with sigmoid); the ε part, Poly-1's, is added
 * unweighted, as in Leng et al.'s code. Cross-entropy is γ = 0, focal loss any γ, Poly-1 ε ≠ 0.
 *
 * <p>This class is the definition, in double; the engines' kernels (the Vector API's lanes, ND4J's
 * ops) compute the same family from these fields, and are tested against it. Its derivative
 * {@link #slope} is {@code dl / d log p_t}, from which the gradient with respect to the logits
 * follows: softmax {@code dl/dz_k = slope (δ_kt - p_k)}, sigmoid {@code dl/dx = ±slope (1 - p_t)}.
 *
 * @param gamma      the focusing parameter γ, ≥ 0
 * @param gammaBelow γ where p_t is below {@code threshold} (non-zero where the other γ is: a pick of γ 0 beside
 *                   another has no term, and the kernels take γ = 0 as cross-entropy's modulation of 1)
 * @param threshold  the p_t below which {@code gammaBelow} applies, 0 for none
 * @param clip       the shift of p_t, in [0, 1); 0 for none
 * @param epsilon    the coefficient of the added {@code (1 - p')^(γ+1)}, 0 for none
 * @param floor      the least p' inside the log (ASL's eps), 0 for none
 */
public record ElementTerm(double gamma, double gammaBelow, double threshold, double clip, double epsilon, double floor)
        implements java.io.Serializable {

    /** {@code -α log p_t}. */
    public static final ElementTerm CROSS_ENTROPY = focal(0);

    /** {@code -α (1 - p_t)^γ log p_t}. */
    public static ElementTerm focal(double gamma) {
        return new ElementTerm(gamma, gamma, 0, 0, 0, 0);
    }

    /** The same term without its added part. */
    public ElementTerm withoutAdded() {
        return new ElementTerm(gamma, gammaBelow, threshold, clip, 0, floor);
    }

    /**
     * Whether γ is 0 wherever the term applies, so that its modulation is 1, also where log(1 - p')
     * is -∞ (cross-entropy; Poly-1 at γ = 0; ASL's positives at γ+ = 0).
     */
    public boolean unmodulated() {
        return gamma == 0 && (!picksGamma() || gammaBelow == 0);
    }

    /** Whether γ is picked by p_t. */
    public boolean picksGamma() {
        return threshold > 0;
    }

    /** Whether p_t is shifted before use. */
    public boolean shifts() {
        return clip > 0;
    }

    /** Whether an unweighted part is added. */
    public boolean adds() {
        return epsilon != 0;
    }

    /** Whether -log p' is capped. */
    public boolean floors() {
        return floor > 0;
    }

    /** {@code p_t < threshold} is {@code log(1 - p_t) > this}: the pick, made from the kept log(1 - p_t). */
    public double logOneMinusThreshold() {
        return Math.log1p(-threshold);
    }

    /** The cap of {@code -log p'}: {@code -log floor}, infinite without a floor. */
    public double uCeiling() {
        return floor > 0 ? -Math.log(floor) : Double.POSITIVE_INFINITY;
    }

    /** The γ used at an element with this log(1 - p_t). */
    public double gammaAt(double logOneMinus) {
        return picksGamma() && logOneMinus > logOneMinusThreshold() ? gammaBelow : gamma;
    }

    /** {@code l} at an element of weight α. */
    public double value(double alpha, double u, double logOneMinus) {
        return alpha * weighted(u, logOneMinus) + added(u, logOneMinus);
    }

    /** The part α multiplies: {@code (1 - p')^γ (-log max(p', floor))}. */
    public double weighted(double u, double logOneMinus) {
        double shiftedLog = shiftedLogOneMinus(logOneMinus);
        if (shiftedLog == Double.NEGATIVE_INFINITY && shifts()) {
            return 0; // p' = 1: -log p' = 0
        }
        return power(shiftedLog, gammaAt(logOneMinus)) * Math.min(shiftedU(u, shiftedLog), uCeiling());
    }

    /** The unweighted part, {@code ε (1 - p')^(γ+1)}. */
    public double added(double u, double logOneMinus) {
        if (epsilon == 0) {
            return 0;
        }
        double shiftedLog = shiftedLogOneMinus(logOneMinus);
        return epsilon * Math.exp((gammaAt(logOneMinus) + 1) * shiftedLog);
    }

    /** {@code (1 - p')^γ}, the factor the term puts on the cross-entropy (1 at γ = 0, also where p' = 1). */
    public double modulation(double logOneMinus) {
        return power(shiftedLogOneMinus(logOneMinus), gammaAt(logOneMinus));
    }

    /**
     * {@code dl / d log p_t} at an element of weight α:
     * {@code -p_t [α (γ (1-p')^γ r + [p' ≥ floor] (1-p')^γ / p') + ε (γ+1) (1-p')^γ]} with
     * {@code r = -log p' / (1 - p')} (which tends to 1 as p' → 1), and 0 where the shift reaches 1.
     */
    public double slope(double alpha, double u, double logOneMinus) {
        double pt = Math.exp(-u);
        double shiftedLog = shiftedLogOneMinus(logOneMinus);
        if (shiftedLog == Double.NEGATIVE_INFINITY && shifts()) {
            return 0; // p' = min(p_t + clip, 1) is 1 and stays 1 nearby
        }
        double g = gammaAt(logOneMinus);
        double oneMinusShifted = Math.exp(shiftedLog);
        double shiftedU = shiftedU(u, shiftedLog);
        boolean capped = shiftedU > uCeiling();
        double cappedU = capped ? uCeiling() : shiftedU;
        double m = power(shiftedLog, g);
        double r = oneMinusShifted > 0 ? cappedU / oneMinusShifted : 1;
        double ptOverShifted = shifts() ? pt / (1 - oneMinusShifted) : 1;
        return -(alpha * (g * m * r * pt + (capped ? 0 : m * ptOverShifted)) + epsilon * (g + 1) * m * pt);
    }

    /** How much harder than cross-entropy the term pushes at an element: {@code |slope| / α} at α = 1. */
    public double gradientRatio(double u, double logOneMinus) {
        return Math.abs(slope(1, u, logOneMinus));
    }

    /** {@code log(1 - p')}: {@code log((1 - p_t) - clip)}, -∞ where the shift reaches 1. */
    private double shiftedLogOneMinus(double logOneMinus) {
        if (!shifts()) {
            return logOneMinus;
        }
        double q = Math.exp(logOneMinus) - clip;
        return q > 0 ? Math.log(q) : Double.NEGATIVE_INFINITY;
    }

    /** {@code -log p'} from {@code log(1 - p')}. */
    private double shiftedU(double u, double shiftedLog) {
        return shifts() ? -Math.log1p(-Math.exp(shiftedLog)) : u;
    }

    private static double power(double shiftedLog, double g) {
        return g == 0 ? 1 : Math.exp(g * shiftedLog); // (1 - p)^0 = 1, also where p = 1 and its log is -∞
    }

    /** {@code log(1 - p_t)} from {@code u = -log p_t}, exact also for small u. */
    public static double logOneMinus(double u) {
        return Math.log(-Math.expm1(-u));
    }
}
