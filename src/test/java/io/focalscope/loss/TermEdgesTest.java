package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.focalscope.io.InputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The loss terms at the edges their formulas name, where the golden cases have no pixel: p_t
 * exactly at FLSD-53's threshold, p_t = 1, γ at its bounds, and how each term is named.
 */
class TermEdgesTest {

    @Test
    void flsd53TakesGamma3AtExactlyTheThreshold() {
        // focal_calibration: γ = 5 if p_t < 0.2 else 3
        ElementTerm flsd = new LossTerm.Flsd53().positive();
        assertEquals(3.0, flsd.gammaAt(Math.log1p(-0.2)));
        assertEquals(5.0, flsd.gammaAt(Math.log1p(-Math.nextDown(0.2))));
        assertEquals(3.0, flsd.gammaAt(Math.log1p(-Math.nextUp(0.2))));
    }

    @Test
    void whereP_tIs1CrossEntropysSlopeIsMinusAlphaAndEveryFocalSlopeIs0() {
        double u = 0;
        double logOneMinus = Double.NEGATIVE_INFINITY;
        // d(-α log p_t)/d log p_t = -α, also at p_t = 1 (not 0/0)
        assertEquals(-0.5, ElementTerm.CROSS_ENTROPY.slope(0.5, u, logOneMinus));
        assertEquals(-0.0, ElementTerm.focal(2).slope(0.5, u, logOneMinus));
        assertEquals(0.0, ElementTerm.focal(2).value(0.5, u, logOneMinus));
    }

    @Test
    void whichTermsAreModulatedAndWhichAdd() {
        assertTrue(ElementTerm.CROSS_ENTROPY.unmodulated());
        assertFalse(ElementTerm.focal(2).unmodulated());
        assertFalse(new LossTerm.Flsd53().positive().unmodulated());
        assertTrue(new LossTerm.Poly1(0, 1).positive().unmodulated());
        // FLSD-53's pick with 0 above the threshold and 3 below is modulated
        assertFalse(new ElementTerm(0, 3, 0.2, 0, 0, 0).unmodulated());
        assertTrue(new LossTerm.Poly1(2, 1).positive().adds());
        assertFalse(ElementTerm.focal(2).adds());
        assertFalse(new LossTerm.Flsd53().variesGamma());
        assertTrue(new LossTerm.Focal(2).variesGamma());
    }

    @Test
    void gammaIsTakenFrom0To1000() {
        assertDoesNotThrow(() -> new LossTerm.Focal(0));
        assertDoesNotThrow(() -> new LossTerm.Focal(1000));
        assertEquals("gamma (γ) must be a number from 0 to 1000, got -1",
                assertThrows(InputException.class, () -> new LossTerm.Focal(-1)).getMessage());
        assertEquals("gamma (γ) must be a number from 0 to 1000, got 1000.0000001 (beyond 1000, (1-p_t)^γ is 0 in float32 for every"
                + " p_t above 0.1)", assertThrows(InputException.class, () -> new LossTerm.Focal(1000.0000001)).getMessage());
        assertEquals("gamma (γ) must be a number from 0 to 1000, got NaN",
                assertThrows(InputException.class, () -> new LossTerm.Focal(Double.NaN)).getMessage());
        assertEquals("gamma (γ) must be a number from 0 to 1000, got -0.5",
                assertThrows(InputException.class, () -> new LossTerm.Poly1(-0.5, 1)).getMessage());
        assertEquals("gamma+ (γ+) of ASL must be a number from 0 to 1000, got -1",
                assertThrows(InputException.class, () -> new LossTerm.Asl(-1, 4, 0.05)).getMessage());
        assertEquals("gamma- (γ-) of ASL must be a number from 0 to 1000, got 2000 (beyond 1000, (1-p_t)^γ is 0 in float32"
                + " for every p_t above 0.1)", assertThrows(InputException.class, () -> new LossTerm.Asl(1, 2000, 0.05)).getMessage());
    }

    @Test
    void aslsClipIsTakenFrom0UpTo1AndPoly1sEpsilonFromMinus1() {
        assertEquals(0, new LossTerm.Asl(1, 4, 0).clip());
        assertEquals(0.999, new LossTerm.Asl(1, 4, 0.999).clip());
        assertEquals("clip of ASL must be a number in [0, 1), got 1",
                assertThrows(InputException.class, () -> new LossTerm.Asl(1, 4, 1)).getMessage());
        assertEquals("clip of ASL must be a number in [0, 1), got -0.01",
                assertThrows(InputException.class, () -> new LossTerm.Asl(1, 4, -0.01)).getMessage());
        // ASL's curve varies γ-: its γ is γ-, and a new γ is a new γ- alone
        assertEquals(4, new LossTerm.Asl(1, 4, 0.05).gamma());
        assertEquals(new LossTerm.Asl(1, 2.5, 0.05), new LossTerm.Asl(1, 4, 0.05).withGamma(2.5));
        assertEquals(-1, new LossTerm.Poly1(2, -1).epsilon());
        assertEquals("epsilon (ε) of Poly-1 must be a finite number >= -1, got -1.5",
                assertThrows(InputException.class, () -> new LossTerm.Poly1(2, -1.5)).getMessage());
        assertEquals("epsilon (ε) of Poly-1 must be a finite number >= -1, got Infinity",
                assertThrows(InputException.class, () -> new LossTerm.Poly1(2, Double.POSITIVE_INFINITY)).getMessage());
    }

    @Test
    void numbersAreWrittenAsPeopleWriteThem() {
        assertEquals(List.of("2", "1.7", "1e+7", "9999990", "0.0001", "0.0000999", "1e-7", "5e-20", "0", "-2.5", "Infinity"),
                List.of(LossTerm.number(2.0), LossTerm.number(1.7000000000000002), LossTerm.number(1e7), LossTerm.number(9_999_990),
                        LossTerm.number(1e-4), LossTerm.number(9.99e-5), LossTerm.number(1e-7), LossTerm.number(5e-20), LossTerm.number(0),
                        LossTerm.number(-2.5), LossTerm.number(Double.POSITIVE_INFINITY)));
    }

    @Test
    void eachTermIsNamedInASentenceAndDescribed() {
        assertEquals(List.of("focal", "cross-entropy", "Poly-1", "FLSD-53"),
                List.of(new LossTerm.Focal(2).inSentence(), new LossTerm.CrossEntropy().inSentence(), new LossTerm.Poly1(2, 1).inSentence(),
                        new LossTerm.Flsd53().inSentence()));
        assertEquals("focal (γ = 2)", new LossTerm.Focal(2).describe());
        assertEquals("flsd53 (γ 5 where p_t < 0.2, else 3)", new LossTerm.Flsd53().describe());
    }

    @Test
    void aTermIsMadeFromItsNameAndParameters() {
        assertEquals(new LossTerm.Poly1(2, 1), LossTerm.of("poly1", Map.of("gamma", 2.0, "epsilon", 1.0)));
        assertEquals(new LossTerm.Focal(3), LossTerm.of("focal", Map.of("gamma", 3.0)));
        assertEquals("loss term poly1: no parameter 'epsilon'",
                assertThrows(InputException.class, () -> LossTerm.of("poly1", Map.of("gamma", 2.0))).getMessage());
    }

    @Test
    void effectiveNumberWeightsTakeBetaFrom0BelowOneAndWarnOnlyWithSeveralClasses() {
        assertDoesNotThrow(() -> new WeightScheme.EffectiveNumber(0.0));
        assertEquals("effective-number β must be in [0, 1), got 1.0",
                assertThrows(InputException.class, () -> new WeightScheme.EffectiveNumber(1.0)).getMessage());
        // one class present: its weight is 1 and there is nothing to be uniform about
        ClassWeights one = new WeightScheme.EffectiveNumber(0.5).weights(new ClassCounts(new long[] {1000, 0}, new long[][] {{1000, 0}}));
        assertEquals(List.of(), one.warnings());
        assertEquals(1.0, one.values()[0]);
    }

    @Test
    void aslsGradientFlowsAtExactlyItsFloorAsThroughTorchClamp() {
        // ASL's log(p.clamp(min = eps)): clamp passes the gradient where p >= eps, so at p = eps exactly the
        // -log p part's own derivative counts (p' ≥ floor), below it only the modulation's (torch 1.13: d log(x.clamp(min=1e-8))/dx
        // is 1e8 at x = 1e-8 and 0 at 1e-9)
        ElementTerm positive = new LossTerm.Asl(1, 4, 0.05).positive();
        double floor = 1e-8;
        double u = -Math.log(floor);
        double logOneMinus = Math.log1p(-floor);
        double oneMinus = 1 - floor;
        // -p [γ (1-p)^γ (-log p)/(1-p) + (1-p)^γ / p] p, γ = 1
        double expected = -(1 * Math.pow(oneMinus, 1) * (u / oneMinus) * floor + Math.pow(oneMinus, 1) * (floor / floor));
        assertEquals(expected, positive.slope(1, u, logOneMinus), 1e-12 * Math.abs(expected));
        double below = 1e-9;
        double capped = -(1 * (1 - below) * (u / (1 - below)) * below);
        assertEquals(capped, positive.slope(1, -Math.log(below), Math.log1p(-below)), 1e-12 * Math.abs(capped));
    }

    @Test
    void medianFrequencyWeightsTakeTheMeanOfTheMiddleTwoForAnEvenCount() {
        // one sample of 40 pixels: f = 10/40 and 30/40, median (0.25 + 0.75) / 2 = 0.5, α = 0.5 / f
        ClassWeights w = new WeightScheme.MedianFrequency().weights(new ClassCounts(new long[] {10, 30}, new long[][] {{10, 30}}));
        assertEquals(2.0, w.values()[0], 1e-15);
        assertEquals(2.0 / 3, w.values()[1], 1e-15);
    }

    @Test
    void weightsGivenOnePerClassMayBe0AndEachSchemeIsDescribed() {
        assertDoesNotThrow(() -> new WeightScheme.Explicit(new double[] {0, 1}, "w.txt"));
        // float32's largest is taken, the next double above it is not
        assertEquals(Float.MAX_VALUE, new WeightScheme.Explicit(new double[] {Float.MAX_VALUE}, "w.txt").values()[0]);
        assertEquals("w.txt: weight " + Math.nextUp((double) Float.MAX_VALUE) + " of class 0 is larger than float32 holds (3.4e38),"
                + " the precision the losses are computed in", assertThrows(InputException.class,
                () -> new WeightScheme.Explicit(new double[] {Math.nextUp((double) Float.MAX_VALUE)}, "w.txt")).getMessage());
        assertEquals(List.of("none", "enet(c=1.1)", "inverse", "median", "effective(beta=0.999)", "file w.txt"),
                List.of(new WeightScheme.None().describe(), new WeightScheme.Enet(1.1).describe(), new WeightScheme.Inverse().describe(),
                        new WeightScheme.MedianFrequency().describe(), new WeightScheme.EffectiveNumber(0.999).describe(),
                        new WeightScheme.Explicit(new double[] {1}, "w.txt").describe()));
    }

    @Test
    void reductionsAreReadByTheirCommandLineNames() {
        for (Reduction r : Reduction.values()) {
            assertEquals(r, Reduction.parse(r.cliName().toUpperCase(java.util.Locale.ROOT)));
        }
        assertEquals("weighted-mean", Reduction.WEIGHTED_MEAN.cliName());
        assertEquals("unknown reduction 'avg': expected one of [mean, sum, weighted-mean, mean-all]",
                assertThrows(IllegalArgumentException.class, () -> Reduction.parse("avg")).getMessage());
    }
}
