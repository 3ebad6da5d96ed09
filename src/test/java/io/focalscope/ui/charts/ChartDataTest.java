package io.focalscope.ui.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.focalscope.classes.ClassSet;
import io.focalscope.loss.engines.Engines;
import io.focalscope.loss.LossForm;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import io.focalscope.session.Dataset;
import io.focalscope.session.DatasetLoader;
import io.focalscope.session.Inspection;
import io.focalscope.ui.evaluation.EngineSession;
import io.focalscope.ui.evaluation.Evaluation;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the charts and the sample list are given, worked out off the JavaFX thread. */
class ChartDataTest {

    static final String CASE = "src/test/resources/reference/cases/cityscapes_like_enet/";

    @Test
    void barsCurvesAndTheHistogramOfOneEvaluation() {
        Dataset d = DatasetLoader.load(CASE + "logits.npy", CASE + "labels.npy", null, null);
        try (Inspection inspection = new Inspection(d, Engines.choose("cpu"))) {
            LossSettings s = new LossSettings(2, new WeightScheme.Enet(1.1), 255, Reduction.MEAN);
            LossResult r = inspection.evaluate(s);
            LossResult second = inspection.evaluate(s.withGamma(0.5));
            double[] curve = inspection.lossCurve(s, EngineSession.CURVE_GAMMAS);
            Evaluation e = new Evaluation(d, s, r, second, EngineSession.CURVE_GAMMAS, curve);
            float[] pt = r.maps().pt();
            ChartData c = ChartData.of(e, LossForm.ONEHOT, ClassSet.numbered(19), Set.of(0, 5), ChartData.histogram(pt));
            assertEquals(17, c.bars().size(), "the hidden classes have no bars");
            ChartData.Bar first = c.bars().get(0);
            assertEquals(1, first.classId());
            assertEquals(100 * r.perClass().get(1).share(), first.share(), 1e-12);
            assertEquals(100 * second.perClass().get(1).share(), first.secondShare(), 1e-12);
            assertEquals(100 * r.perClass().get(1).crossEntropyShare(), first.crossEntropyShare(), 1e-12);
            assertEquals(r.classWeights()[1], first.weight());
            assertEquals(2.0, c.gamma());
            assertEquals(r.lossOnehot(), c.loss());
            assertEquals(0.5, c.secondGamma());
            // the loss-vs-γ curve at γ = 2 (its 9th point), from the histogram of -log p_t, is this evaluation's loss
            // within its bound (about 3e-4 relative); at γ = 0 it is cross-entropy
            assertEquals(r.lossOnehot(), c.curve()[8], 3e-4 * r.lossOnehot());
            assertEquals(inspection.evaluate(s.withGamma(0)).crossEntropy(), c.curve()[0], 1e-6 * c.curve()[0]);
            // the histogram's fractions of the labelled pixels add up to 1
            double total = 0;
            for (double decade : c.histogram()) {
                total += decade <= ChartData.FLOOR_DECADE ? 0 : Math.pow(10, decade);
            }
            assertEquals(1.0, total, 1e-6);
            assertEquals(Math.log10(Math.pow(1 - 0.025, 2)), c.modulation()[0], 1e-12);
            assertEquals(Math.log10(Math.pow(1 - 0.025, 0.5)), c.secondModulation()[0], 1e-12);
        }
    }

    @Test
    void withoutASecondPaneThereIsNoSecondGamma() {
        Dataset d = DatasetLoader.load(CASE + "logits.npy", CASE + "labels.npy", null, null);
        try (Inspection inspection = new Inspection(d, Engines.choose("cpu"))) {
            LossSettings s = new LossSettings(2, new WeightScheme.None(), 255, Reduction.MEAN);
            Evaluation e = new Evaluation(d, s, inspection.evaluate(s), null, EngineSession.CURVE_GAMMAS, null);
            ChartData c = ChartData.of(e, LossForm.NLL, ClassSet.numbered(19), Set.of(), ChartData.histogram(e.result().maps().pt()));
            assertEquals(Double.NaN, c.secondGamma());
            assertNull(c.secondModulation());
            assertEquals(e.result().lossNll(), c.loss(), "the shown form's loss");
            assertArrayEquals(new int[] {0}, c.hardestFirst());
        }
    }

    @Test
    void theShareAxisStepsOnlyWhenABarCrossesIt() {
        assertEquals(10, ChartData.shareAxisTop(3.2));
        assertEquals(25, ChartData.shareAxisTop(20.5));
        assertEquals(50, ChartData.shareAxisTop(33));
        assertEquals(100, ChartData.shareAxisTop(99.9));
    }

    @Test
    void samplesAreOrderedHardestFirstWithEmptyOnesLast() {
        double[] means = {0.2, Double.NaN, 0.9, 0.5};
        assertArrayEquals(new int[] {2, 3, 0, 1}, ChartData.hardestFirst(means));
    }
}
