package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.focalscope.io.SegmentationBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The loss-against-γ curve, which the window takes from the histogram of -log p_t instead of a pass
 * over the pixels per γ, against the exact loss of each γ: within 1e-3 relative (the histogram's
 * bound is about 3e-4 at γ ≤ 5), and exact at γ = 0 for cross-entropy.
 */
class LossCurveTest {

    static final double[] GAMMAS = {0, 0.5, 1, 2, 3.25, 5};
    static final SegmentationBatch BATCH = Batches.random(3, 2, 6, 40, 50, 6.0, 255);

    @ParameterizedTest
    @MethodSource("io.focalscope.loss.Batches#engines")
    void softmaxTermsAndReductionsFollowTheExactLoss(FocalLossEngine engine) {
        try (PreparedBatch prepared = engine.prepare(BATCH, 255, Activation.SOFTMAX)) {
            for (LossTerm term : new LossTerm[] {new LossTerm.Focal(2), new LossTerm.Poly1(2, 1), new LossTerm.Poly1(2, -1)}) {
                for (Reduction r : Reduction.values()) {
                    LossSettings s = new LossSettings(term, new WeightScheme.Enet(1.1), 255, r, false, Activation.SOFTMAX, null,
                            false);
                    check(prepared, s);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.focalscope.loss.Batches#engines")
    void sigmoidTermsFollowTheExactLoss(FocalLossEngine engine) {
        try (PreparedBatch prepared = engine.prepare(BATCH, 255, Activation.SIGMOID)) {
            for (LossTerm term : new LossTerm[] {new LossTerm.Focal(2), new LossTerm.Asl(1, 4, 0.05)}) {
                LossSettings s = new LossSettings(term, new WeightScheme.Enet(1.1), 255, Reduction.MEAN, false, Activation.SIGMOID,
                        LossSettings.defaultAlpha(Activation.SIGMOID, term), false);
                check(prepared, s);
            }
        }
    }

    private static void check(PreparedBatch prepared, LossSettings s) {
        double[] curve = prepared.lossCurve(s, GAMMAS);
        for (int i = 0; i < GAMMAS.length; i++) {
            LossSettings at = s.withTerm(s.term().withGamma(GAMMAS[i]));
            double exact = prepared.evaluate(at).lossOnehot();
            String what = at.term() + ", " + s.reduction() + ", " + s.activation();
            assertEquals(exact, curve[i], 1e-3 * Math.abs(exact), what);
        }
        if (s.term() instanceof LossTerm.Focal && s.activation() == Activation.SOFTMAX) {
            double crossEntropy = prepared.evaluate(s.withTerm(new LossTerm.Focal(0))).crossEntropy();
            assertEquals(crossEntropy, curve[0], 1e-6 * crossEntropy, "γ = 0 is cross-entropy, " + s.reduction());
        }
    }
}
