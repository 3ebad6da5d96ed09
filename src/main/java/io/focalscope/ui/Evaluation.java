package io.focalscope.ui;

import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossSettings;
import io.focalscope.session.Dataset;

/**
 * One finished computation for the window: the dataset it belongs to, the settings, the result for
 * the main pane and, side by side, for the second pane's γ; and the loss-against-γ curve.
 *
 * @param second null without a second pane
 * @param curveGammas the γ values of the curve, {@code curve} the loss at each
 */
public record Evaluation(Dataset dataset, LossSettings settings, LossResult result, LossResult second,
                         double[] curveGammas, double[] curve) {
}
