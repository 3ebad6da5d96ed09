package io.focalscope.loss;

import io.focalscope.io.InputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loss a researcher picks, with its parameters: cross-entropy, focal loss, and focal loss's
 * relatives. Each is an {@link ElementTerm} for each target side (with softmax only the label's
 * side exists; with sigmoid a channel's target is positive or negative), and that is all an
 * engine needs: adding a term of the family means a record here, the options and choices that
 * name it, and its tests (docs/loss-terms.md lists what Poly-1 touched).
 */
public sealed interface LossTerm extends java.io.Serializable {

    /** The names {@code --loss} takes, as the command line writes them. */
    List<String> NAMES = List.of("focal", "poly1", "flsd53", "asl");

    /** γ where neither the user nor a term says otherwise (the command line's and the window's). */
    double DEFAULT_GAMMA = 2;

    /** The command line's name, such as {@code poly1}. */
    String name();

    /** How people write it, such as {@code Poly-1}. */
    String title();

    /** Its name inside a sentence: {@code focal}, {@code Poly-1}. */
    default String inSentence() {
        return this instanceof Focal || this instanceof CrossEntropy ? title().toLowerCase(java.util.Locale.ROOT) : title();
    }

    /** Its parameters by name, for the JSON {@code lossTerm}. */
    Map<String, Double> parameters();

    /** The γ that the loss-against-γ curve varies (γ- for ASL); NaN for a term with no such γ. */
    double gamma();

    /** The same term at another varied γ (itself where there is none). */
    LossTerm withGamma(double gamma);

    /** The term of an element whose target is positive (with softmax: every element). */
    ElementTerm positive();

    /** The term of an element whose target is negative (sigmoid only). */
    default ElementTerm negative() {
        return positive();
    }

    /** The term of one side. */
    default ElementTerm side(boolean positiveTarget) {
        return positiveTarget ? positive() : negative();
    }

    /** Whether a γ can be varied (a curve against γ, a γ slider). */
    default boolean variesGamma() {
        return !Double.isNaN(gamma());
    }

    /**
     * @throws InputException where the term does not apply to the activation
     */
    default void check(Activation activation) {
    }

    /**
     * What the term takes beside its varied γ, as the window and the keys write it: {@code ε 1}
     * (Poly-1), {@code γ+ 1, clip 0.05} (ASL), empty for the others.
     */
    default String parametersText() {
        return "";
    }

    /**
     * Its γ as a heading writes it: {@code γ = 2}, {@code γ- = 4} for ASL (whose varied γ is γ-), and
     * for FLSD-53 its rule.
     *
     * @param symbol how this γ is named, such as {@code γ} or {@code γ₂}
     */
    default String gammaText(String symbol) {
        return symbol + " = " + number(gamma());
    }

    /** A short description, such as {@code poly1 (γ = 2, ε 1)}. */
    default String describe() {
        String extra = parametersText();
        return name() + " (" + gammaText("γ") + (extra.isEmpty() ? "" : ", " + extra) + ")";
    }

    /** {@code -log p_t}. */
    record CrossEntropy() implements LossTerm {
        @Override
        public String name() {
            return "ce";
        }

        @Override
        public String title() {
            return "Cross-entropy";
        }

        @Override
        public Map<String, Double> parameters() {
            return Map.of();
        }

        @Override
        public double gamma() {
            return 0;
        }

        @Override
        public LossTerm withGamma(double gamma) {
            return new Focal(gamma);
        }

        @Override
        public ElementTerm positive() {
            return ElementTerm.CROSS_ENTROPY;
        }
    }

    /** {@code -(1 - p_t)^γ log p_t} (Lin et al. 2017). */
    record Focal(double gamma) implements LossTerm {
        public Focal {
            requireGamma(gamma, "gamma (γ)");
        }

        @Override
        public String name() {
            return "focal";
        }

        @Override
        public String title() {
            return "Focal";
        }

        @Override
        public Map<String, Double> parameters() {
            return Map.of("gamma", gamma);
        }

        @Override
        public LossTerm withGamma(double g) {
            return new Focal(g);
        }

        @Override
        public ElementTerm positive() {
            return ElementTerm.focal(gamma);
        }
    }

    /**
     * Poly-1 (Leng et al., ICLR 2022): focal loss plus {@code ε (1 - p_t)^(γ+1)}, the first term of
     * its polynomial expansion; the added part is not weighted, as in the paper's code.
     */
    record Poly1(double gamma, double epsilon) implements LossTerm {
        /** ε where the user gives none: the paper's choice for ImageNet classification. */
        public static final double DEFAULT_EPSILON = 1;

        public Poly1 {
            requireGamma(gamma, "gamma (γ)");
            if (!(epsilon >= -1) || !Double.isFinite(epsilon)) {
                throw new InputException("epsilon (ε) of Poly-1 must be a finite number >= -1, got " + number(epsilon));
            }
        }

        @Override
        public String name() {
            return "poly1";
        }

        @Override
        public String title() {
            return "Poly-1";
        }

        @Override
        public Map<String, Double> parameters() {
            Map<String, Double> p = new LinkedHashMap<>();
            p.put("gamma", gamma);
            p.put("epsilon", epsilon);
            return p;
        }

        @Override
        public LossTerm withGamma(double g) {
            return new Poly1(g, epsilon);
        }

        @Override
        public String parametersText() {
            return "ε " + number(epsilon);
        }

        @Override
        public ElementTerm positive() {
            return new ElementTerm(gamma, gamma, 0, 0, epsilon, 0);
        }
    }

    /**
     * FLSD-53 (Mukhoti et al., NeurIPS 2020, for calibration): focal loss with γ = 5 where p_t &lt; 0.2,
     * else 3, picked from p_t with no gradient through the pick (torrvision/focal_calibration,
     * {@code FocalLossAdaptive} with gamma 3).
     */
    record Flsd53() implements LossTerm {
        public static final double GAMMA_BELOW = 5;
        public static final double GAMMA_ABOVE = 3;
        public static final double THRESHOLD = 0.2;

        @Override
        public String name() {
            return "flsd53";
        }

        @Override
        public String title() {
            return "FLSD-53";
        }

        @Override
        public Map<String, Double> parameters() {
            Map<String, Double> p = new LinkedHashMap<>();
            p.put("gammaBelow", GAMMA_BELOW);
            p.put("gammaAbove", GAMMA_ABOVE);
            p.put("threshold", THRESHOLD);
            return p;
        }

        @Override
        public double gamma() {
            return Double.NaN;
        }

        @Override
        public LossTerm withGamma(double gamma) {
            return this;
        }

        @Override
        public String gammaText(String symbol) {
            return "γ " + number(GAMMA_BELOW) + " where p_t < " + THRESHOLD + ", else " + number(GAMMA_ABOVE);
        }

        @Override
        public ElementTerm positive() {
            return new ElementTerm(GAMMA_ABOVE, GAMMA_BELOW, THRESHOLD, 0, 0, 0);
        }
    }

    /**
     * The asymmetric loss (Ridnik et al., ICCV 2021; Alibaba-MIIL/ASL, {@code AsymmetricLoss}), for
     * sigmoid multi-label targets: positives {@code -(1 - p)^γ+ log max(p, eps)}, negatives
     * {@code -p_m^γ- log max(1 - p_m, eps)} with {@code p_m = max(p - clip, 0)}. Its derivative is
     * the formula's; ASL's own {@code AsymmetricLoss} stops the gradient through the weight by
     * default ({@code disable_torch_grad_focal_loss=True}), its {@code AsymmetricLossOptimized} does not.
     */
    record Asl(double gammaPos, double gammaNeg, double clip) implements LossTerm {
        public static final double EPS = 1e-8;
        /** γ+ 1, γ- 4, clip 0.05: the paper's defaults for multi-label (MS-COCO), and its code's. */
        public static final Asl DEFAULT = new Asl(1, 4, 0.05);

        public Asl {
            requireGamma(gammaPos, "gamma+ (γ+) of ASL");
            requireGamma(gammaNeg, "gamma- (γ-) of ASL");
            if (!(clip >= 0 && clip < 1)) {
                throw new InputException("clip of ASL must be a number in [0, 1), got " + number(clip));
            }
        }

        @Override
        public String name() {
            return "asl";
        }

        @Override
        public String title() {
            return "ASL";
        }

        @Override
        public Map<String, Double> parameters() {
            Map<String, Double> p = new LinkedHashMap<>();
            p.put("gammaPos", gammaPos);
            p.put("gammaNeg", gammaNeg);
            p.put("clip", clip);
            p.put("eps", EPS);
            return p;
        }

        @Override
        public double gamma() {
            return gammaNeg;
        }

        @Override
        public LossTerm withGamma(double g) {
            return new Asl(gammaPos, g, clip);
        }

        @Override
        public String parametersText() {
            return "γ+ " + number(gammaPos) + ", clip " + number(clip);
        }

        @Override
        public String gammaText(String symbol) {
            return symbol + "- = " + number(gammaNeg);
        }

        @Override
        public ElementTerm positive() {
            return new ElementTerm(gammaPos, gammaPos, 0, 0, 0, EPS);
        }

        @Override
        public ElementTerm negative() {
            return new ElementTerm(gammaNeg, gammaNeg, 0, clip, 0, EPS);
        }

        @Override
        public void check(Activation activation) {
            if (activation != Activation.SIGMOID) {
                throw new InputException("ASL is a loss of sigmoid (multi-label) targets: use it with --activation sigmoid");
            }
        }
    }

    /**
     * A term by its name and parameters as {@link #parameters} gives them (a scan's summary keeps them so).
     *
     * @throws InputException for an unknown name or a missing parameter
     */
    static LossTerm of(String name, Map<String, Double> p) {
        java.util.function.Function<String, Double> get = key -> {
            Double v = p.get(key);
            if (v == null) {
                throw new InputException("loss term " + name + ": no parameter '" + key + "'");
            }
            return v;
        };
        return switch (name) {
            case "ce" -> new CrossEntropy();
            case "focal" -> new Focal(get.apply("gamma"));
            case "poly1" -> new Poly1(get.apply("gamma"), get.apply("epsilon"));
            case "flsd53" -> new Flsd53();
            case "asl" -> new Asl(get.apply("gammaPos"), get.apply("gammaNeg"), get.apply("clip"));
            default -> throw new InputException("loss term: '" + name + "' is none of " + String.join(", ", NAMES));
        };
    }

    /**
     * The largest γ taken. (1 - p_t)^γ is 0 in float32 once γ ln(1 - p_t) < ln(1.4e-45) ≈ -103: at
     * γ = 1000 for every p_t above 0.1, so a larger γ changes nothing but the hardest pixels, and
     * γ near float32's range (3.4e38) made 0 · ∞ = NaN in the gradient.
     */
    public static final double MAX_GAMMA = 1000;

    private static void requireGamma(double gamma, String what) {
        if (!(gamma >= 0 && gamma <= MAX_GAMMA)) {
            // all the digits where six would round the value into the range ("got 1000" for 1000.0000001)
            String given = number(gamma).equals(number(MAX_GAMMA)) ? String.valueOf(gamma) : number(gamma);
            throw new InputException(what + " must be a number from 0 to " + number(MAX_GAMMA) + ", got " + given
                    + (gamma > MAX_GAMMA ? " (beyond 1000, (1-p_t)^γ is 0 in float32 for every p_t above 0.1)" : ""));
        }
    }

    /** A number as people write it: {@code 2} rather than {@code 2.0}, {@code 1.7} rather than {@code 1.7000000000000002}. */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        java.math.BigDecimal rounded = new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros();
        // 1e+39, not forty digits; 5e-20, not twenty zeros
        boolean scientific = Math.abs(v) >= 1e7 || (v != 0 && Math.abs(v) < 1e-4);
        return scientific ? rounded.toString().replace("E", "e") : rounded.toPlainString();
    }
}
