package io.focalscope.session;

import io.focalscope.io.InputException;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;

/** The settings one evaluation of the loss takes. */
public record LossSettings(double gamma, WeightScheme weights, Integer ignoreIndex, Reduction reduction) {

    /**
     * An ignore index as users write it: an integer, or {@code none} for no ignore index.
     *
     * @param setting how the setting is named in the message, such as {@code --ignore-index}
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

    public LossSettings withGamma(double g) {
        return new LossSettings(g, weights, ignoreIndex, reduction);
    }
}
