package io.focalscope.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import io.focalscope.loss.engines.Engines;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The window's second evaluation of a file it just opened is the first one's result, and only then. */
class LastEvaluationTest {

    static final LossSettings AT_2 = new LossSettings(2, new WeightScheme.Enet(1.1), 255, Reduction.MEAN);

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "nd4j"})
    void theSameSettingsAgainGiveTheLastResult(String engine) {
        try (Inspection inspection = new Inspection(DatasetLoader.demo(), Engines.choose(engine))) {
            LossResult first = inspection.evaluate(AT_2);
            assertSame(first, inspection.evaluate(new LossSettings(2, new WeightScheme.Enet(1.1), 255, Reduction.MEAN)),
                    "equal settings, made anew");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "nd4j"})
    void anyOtherRequestInBetweenMeansComputingAgain(String engine) {
        try (Inspection inspection = new Inspection(DatasetLoader.demo(), Engines.choose(engine))) {
            LossResult first = inspection.evaluate(AT_2);
            double loss = first.lossNll();
            inspection.evaluate(AT_2.withGamma(4));
            LossResult again = inspection.evaluate(AT_2);
            assertNotSame(first, again, "another γ came between");
            assertEquals(loss, again.lossNll(), 0, "and gives the same figure");
            LossResult atFourAgain = inspection.evaluate(AT_2.withGamma(4));
            inspection.lossCurve(AT_2, new double[] {0, 1});
            assertNotSame(atFourAgain, inspection.evaluate(AT_2.withGamma(4)), "a loss curve came between");
            LossResult last = inspection.evaluate(AT_2);
            inspection.preview(AT_2.withGamma(3));
            assertNotSame(last, inspection.evaluate(AT_2), "a preview came between");
        }
    }
}
