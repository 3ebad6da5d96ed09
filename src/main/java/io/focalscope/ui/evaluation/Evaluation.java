package io.focalscope.ui.evaluation;

import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossSettings;
import io.focalscope.peers.Peer;
import io.focalscope.peers.PeerLosses;
import io.focalscope.session.Dataset;
import java.util.Map;

/**
 * One finished computation for the window: the dataset it belongs to, the settings, the result for
 * the main pane and, side by side, for the second pane's γ; and the loss-against-γ curve.
 *
 * @param second null without a second pane
 * @param curveGammas the γ values of the curve, {@code curve} the loss at each
 * @param peer   a library's loss in place of ours, for the second pane; null unless it shows one
 * @param peers  what each library returns, for the Peers tab; null unless it is shown
 */
public record Evaluation(Dataset dataset, LossSettings settings, LossResult result, LossResult second,
                         double[] curveGammas, double[] curve, LossResult peer, Map<Peer, PeerLosses.Value> peers) {

    public Evaluation(Dataset dataset, LossSettings settings, LossResult result, LossResult second,
                      double[] curveGammas, double[] curve) {
        this(dataset, settings, result, second, curveGammas, curve, null, null);
    }
}
