package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A γ step's preview (figures from histograms, the map from a ramp) against the exact evaluation of
 * the same settings: the figures within 1e-3 relative, cross-entropy the same, each pixel's loss to
 * float rounding; and no preview where the settings need a pass (sigmoid, FLSD-53, ASL, the post's
 * figures, gradients, Poly-1 with ε < 0).
 */
class PreviewTest {

    static final SegmentationBatch BATCH = Batches.random(17, 3, 7, 30, 40, 6.0, 255);

    @ParameterizedTest
    @MethodSource("io.focalscope.loss.Batches#engines")
    void figuresAndMapFollowTheExactEvaluation(FocalLossEngine engine) {
        try (PreparedBatch prepared = engine.prepare(BATCH, 255, Activation.SOFTMAX)) {
            for (LossTerm term : new LossTerm[] {new LossTerm.Focal(0), new LossTerm.Focal(0.7), new LossTerm.Focal(2),
                new LossTerm.Focal(4.5), new LossTerm.Poly1(2, 1)}) {
                for (Reduction r : new Reduction[] {Reduction.MEAN, Reduction.SUM}) {
                    LossSettings s = new LossSettings(term, new WeightScheme.Enet(1.1), 255, r, false, Activation.SOFTMAX, null,
                            false);
                    LossResult preview = prepared.preview(s);
                    LossResult exact = prepared.evaluate(s);
                    compare(exact, preview, term + ", " + r);
                }
            }
        }
    }

    private static void compare(LossResult exact, LossResult preview, String what) {
        assertNotNull(preview, what);
        assertNotNull(preview.maps().ramp(), what);
        assertTrue(preview.backend().endsWith(AbstractPreparedBatch.PREVIEW_NOTE), preview.backend());
        assertEquals(exact.lossOnehot(), preview.lossOnehot(), 1e-3 * exact.lossOnehot(), what);
        assertEquals(preview.lossOnehot(), preview.lossNll(), 0, what + ": one histogram for both forms");
        assertTrue(Double.isNaN(preview.maxAbsDiff()), what + ": no difference of the forms without their maps");
        assertEquals(exact.crossEntropy(), preview.crossEntropy(), 1e-12 * exact.crossEntropy(), what);
        for (int c = 0; c < exact.classes(); c++) {
            double mean = exact.perClass().get(c).meanLoss();
            assertEquals(mean, preview.perClass().get(c).meanLoss(), 1e-3 * mean + 1e-12, what + ", class " + c);
        }
        for (int n = 0; n < exact.sampleMeanLoss().length; n++) {
            double mean = exact.sampleMeanLoss()[n];
            assertEquals(mean, preview.sampleMeanLoss()[n], 1e-3 * mean, what + ", sample " + n);
        }
        float[] map = exact.maps().focal();
        float[] whole = preview.maps().focal();
        for (int p = 0; p < map.length; p++) {
            assertEquals(map[p], preview.maps().lossAt(p, false), 2e-5 * map[p] + 1e-30, what + ", pixel " + p);
            assertEquals(preview.maps().lossAt(p, false), whole[p], 0, what + ": the whole map is the pixels'");
        }
    }

    @ParameterizedTest
    @MethodSource("io.focalscope.loss.Batches#engines")
    void settingsThatNeedAPassAreNotPreviewed(FocalLossEngine engine) {
        LossSettings focal = new LossSettings(2, new WeightScheme.None(), 255, Reduction.MEAN, false);
        try (PreparedBatch prepared = engine.prepare(BATCH, 255, Activation.SOFTMAX)) {
            assertNotNull(prepared.preview(focal));
            assertNull(prepared.preview(focal.withTerm(new LossTerm.Flsd53())), "FLSD-53 picks γ per pixel");
            assertNull(prepared.preview(focal.withTerm(new LossTerm.Poly1(2, -1))), "Poly-1 with ε < 0 may be negative");
            assertNull(prepared.preview(new LossSettings(2, new WeightScheme.None(), 255, Reduction.MEAN, true)), "the post's figures");
            assertNull(prepared.preview(focal.withGradient(true)), "gradients");
        }
        LossSettings sigmoid = new LossSettings(new LossTerm.Focal(2), new WeightScheme.None(), 255, Reduction.MEAN, false,
                Activation.SIGMOID, 0.25, false);
        try (PreparedBatch prepared = engine.prepare(BATCH, 255, Activation.SIGMOID)) {
            assertNull(prepared.preview(sigmoid), "sigmoid sums channels per pixel");
        }
    }

    @ParameterizedTest
    @MethodSource("io.focalscope.loss.Batches#engines")
    void settingsTheBatchWasNotPreparedForAreRefused(FocalLossEngine engine) {
        LossSettings focal = new LossSettings(2, new WeightScheme.None(), 255, Reduction.MEAN, false);
        try (PreparedBatch prepared = engine.prepare(BATCH, 255, Activation.SOFTMAX)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> prepared.preview(new LossSettings(2, new WeightScheme.None(), null, Reduction.MEAN, false)));
            assertEquals("prepared for ignore index 255, asked for null", e.getMessage());
            LossSettings sigmoid = new LossSettings(new LossTerm.Focal(2), new WeightScheme.None(), 255, Reduction.MEAN, false,
                    Activation.SIGMOID, 0.25, false);
            e = assertThrows(IllegalArgumentException.class, () -> prepared.preview(sigmoid));
            assertEquals("prepared for softmax, asked for sigmoid", e.getMessage());
            assertNotNull(prepared.preview(focal));
        }
    }

    /** Sigmoid class weights from the positive targets need some: with none, fixed weights still work. */
    @ParameterizedTest
    @MethodSource("io.focalscope.loss.Batches#engines")
    void sigmoidWeightsFromTargetsNeedAPositiveTarget(FocalLossEngine engine) {
        SegmentationBatch allNegative = new SegmentationBatch(new float[] {0.5f, -1f, 2f}, new int[] {0, 0, 0}, 1, 1, 1, 3,
                "z.npy", "y.npy");
        try (PreparedBatch prepared = engine.prepare(allNegative, 255, Activation.SIGMOID)) {
            LossSettings none = new LossSettings(new LossTerm.Focal(0), new WeightScheme.None(), 255, Reduction.SUM, false,
                    Activation.SIGMOID, null, false);
            // γ = 0, no α: binary cross-entropy of the three negatives, log(1 + e^x)
            double expected = Math.log1p(Math.exp(0.5)) + Math.log1p(Math.exp(-1)) + Math.log1p(Math.exp(2));
            assertEquals(expected, prepared.evaluate(none).lossOnehot(), 1e-6 * expected);
            InputException e = assertThrows(InputException.class,
                    () -> prepared.evaluate(new LossSettings(new LossTerm.Focal(0), new WeightScheme.Enet(1.1), 255, Reduction.SUM,
                            false, Activation.SIGMOID, null, false)));
            assertEquals("class weights 'enet(c=1.1)' come from the positive targets per class, and this batch has none",
                    e.getMessage());
        }
    }
}
