package io.focalscope.loss;

import io.focalscope.io.InputException;
import java.util.Objects;

/**
 * The settings one evaluation of the loss takes, checked here and nowhere else: every front end
 * (the command line, the window, scripts) builds one, and the engines trust it.
 *
 * @param gamma       the focusing parameter γ, a finite number ≥ 0 (γ = 0 is cross-entropy)
 * @param ignoreIndex the label left out of the loss, or null for none
 * @param asWritten   whether to compute also what the source post's own code gives ({@link AsWritten}),
 *                    a pass more; the loss-against-γ curve and the benchmark's re-γ go without
 *                    (softmax only: the post's code is a softmax loss)
 * @param activation  softmax over the classes, or a sigmoid per class channel
 * @param alpha       with sigmoid, the weight α of positive targets (1 - α of negative ones), or null for
 *                    no α; with softmax always null (its α_y are the class weights)
 */
public record LossSettings(double gamma, WeightScheme weights, Integer ignoreIndex, Reduction reduction,
                           boolean asWritten, Activation activation, Double alpha) implements java.io.Serializable {

    /** torchvision's, MONAI's and RetinaNet's α of the sigmoid focal loss. */
    public static final double DEFAULT_SIGMOID_ALPHA = 0.25;

    public LossSettings {
        if (!(gamma >= 0) || !Double.isFinite(gamma)) {
            throw new InputException("gamma (γ) must be a finite number >= 0, got " + gamma);
        }
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(reduction, "reduction");
        Objects.requireNonNull(activation, "activation");
        if (alpha != null && activation == Activation.SOFTMAX) {
            throw new InputException("alpha (α) applies to the sigmoid activation; with softmax the class weights are α");
        }
        if (alpha != null && !(alpha >= 0 && alpha <= 1)) {
            throw new InputException("alpha (α) must be a number in [0, 1] or 'none', got " + alpha);
        }
        asWritten = asWritten && activation == Activation.SOFTMAX;
    }

    /** Softmax settings. */
    public LossSettings(double gamma, WeightScheme weights, Integer ignoreIndex, Reduction reduction, boolean asWritten) {
        this(gamma, weights, ignoreIndex, reduction, asWritten, Activation.SOFTMAX, null);
    }

    /** Settings that compute the post's figures too. */
    public LossSettings(double gamma, WeightScheme weights, Integer ignoreIndex, Reduction reduction) {
        this(gamma, weights, ignoreIndex, reduction, true);
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

    public LossSettings withGamma(double g) {
        return new LossSettings(g, weights, ignoreIndex, reduction, asWritten, activation, alpha);
    }

    /** The same settings without the source post's figures. */
    public LossSettings withoutAsWritten() {
        return new LossSettings(gamma, weights, ignoreIndex, reduction, false, activation, alpha);
    }

    public boolean sigmoid() {
        return activation == Activation.SIGMOID;
    }
}
