package io.focalscope.session;

import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;

/** The settings one evaluation of the loss takes. */
public record LossSettings(double gamma, WeightScheme weights, Integer ignoreIndex, Reduction reduction) {

    public LossSettings withGamma(double g) {
        return new LossSettings(g, weights, ignoreIndex, reduction);
    }
}
