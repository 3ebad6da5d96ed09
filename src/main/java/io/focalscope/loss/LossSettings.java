package io.focalscope.loss;

import io.focalscope.io.InputException;
import java.util.Objects;

/**
 * The settings one evaluation of the loss takes, checked here and nowhere else: every front end
 * (the command line, the window, the Spark jobs, scripts) builds one, and the engines trust it.
 *
 * @param term        the loss term and its parameters (focal loss at γ, Poly-1, FLSD-53, ASL)
 * @param ignoreIndex the label left out of the loss, or null for none
 * @param asWritten   whether to compute also what the source post's own code gives ({@link AsWritten}),
 *                    a pass more; the loss-against-γ curve and the benchmark's re-γ go without
 *                    (softmax only; it is computed where the term is focal loss, the post's code)
 * @param activation  softmax over the classes, or a sigmoid per class channel
 * @param alpha       with sigmoid, the weight α of positive targets (1 - α of negative ones), or null for
 *                    no α; with softmax always null (its α_y are the class weights)
 * @param gradient    whether to compute the gradient with respect to the logits per pixel too, a pass more
 */
public record LossSettings(LossTerm term, WeightScheme weights, Integer ignoreIndex, Reduction reduction,
                           boolean asWritten, Activation activation, Double alpha, boolean gradient)
        implements java.io.Serializable {

    /** torchvision's, MONAI's and RetinaNet's α of the sigmoid focal loss. */
    public static final double DEFAULT_SIGMOID_ALPHA = 0.25;

    /** The α a term takes where none is given: 0.25 with sigmoid, none with softmax and with ASL (which takes none). */
    public static Double defaultAlpha(Activation activation, LossTerm term) {
        return activation == Activation.SIGMOID && !(term instanceof LossTerm.Asl) ? DEFAULT_SIGMOID_ALPHA : null;
    }

    public LossSettings {
        Objects.requireNonNull(term, "term");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(reduction, "reduction");
        Objects.requireNonNull(activation, "activation");
        term.check(activation);
        if (alpha != null && activation == Activation.SOFTMAX) {
            throw new InputException("alpha (α) applies to the sigmoid activation; with softmax the class weights are α");
        }
        if (alpha != null && term instanceof LossTerm.Asl) {
            throw new InputException("alpha (α) does not apply to ASL, whose positives and negatives differ by γ+, γ- and the clip");
        }
        if (alpha != null && !(alpha >= 0 && alpha <= 1)) {
            throw new InputException("alpha (α) must be a number in [0, 1] or 'none', got " + alpha);
        }
        asWritten = asWritten && activation == Activation.SOFTMAX;
    }

    /** Focal loss at γ, without the gradient. */
    public LossSettings(double gamma, WeightScheme weights, Integer ignoreIndex, Reduction reduction, boolean asWritten,
                        Activation activation, Double alpha) {
        this(new LossTerm.Focal(gamma), weights, ignoreIndex, reduction, asWritten, activation, alpha, false);
    }

    /** Softmax focal loss at γ. */
    public LossSettings(double gamma, WeightScheme weights, Integer ignoreIndex, Reduction reduction, boolean asWritten) {
        this(gamma, weights, ignoreIndex, reduction, asWritten, Activation.SOFTMAX, null);
    }

    /** Softmax focal loss at γ with the post's figures. */
    public LossSettings(double gamma, WeightScheme weights, Integer ignoreIndex, Reduction reduction) {
        this(gamma, weights, ignoreIndex, reduction, true);
    }

    /** The γ the term varies (γ for focal loss and Poly-1, γ- for ASL), NaN for FLSD-53. */
    public double gamma() {
        return term.gamma();
    }

    /**
     * An ignore index as users write it: an integer, or {@code none} for no ignore index.
     *
     * @param setting how the setting is named in the message, such as {@code ignore index}
     */
    public static Integer parseIgnoreIndex(String text, String setting) {
        if (text.trim().equalsIgnoreCase("none")) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            throw new InputException(setting + ": expected an integer or 'none', got '" + text + "'");
        }
    }

    /**
     * α as users write it: a number in [0, 1], or {@code none} for no α.
     *
     * @param setting how the setting is named in the message
     */
    public static Double parseAlpha(String text, String setting) {
        if (text.trim().equalsIgnoreCase("none")) {
            return null;
        }
        try {
            return Double.valueOf(text.trim());
        } catch (NumberFormatException e) {
            throw new InputException(setting + ": expected a number in [0, 1] or 'none', got '" + text + "'");
        }
    }

    /** The same settings with the term at another varied γ. */
    public LossSettings withGamma(double g) {
        return withTerm(term.withGamma(g));
    }

    public LossSettings withTerm(LossTerm t) {
        return new LossSettings(t, weights, ignoreIndex, reduction, asWritten, activation, alpha, gradient);
    }

    /** The same settings without the source post's figures. */
    public LossSettings withoutAsWritten() {
        return new LossSettings(term, weights, ignoreIndex, reduction, false, activation, alpha, gradient);
    }

    /** The same settings, computing the gradient or not. */
    public LossSettings withGradient(boolean g) {
        return new LossSettings(term, weights, ignoreIndex, reduction, asWritten, activation, alpha, g);
    }

    public boolean sigmoid() {
        return activation == Activation.SIGMOID;
    }
}
