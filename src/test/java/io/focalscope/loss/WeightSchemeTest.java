package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.io.InputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeightSchemeTest {

    /** Two samples, four classes; class 3 is absent. Totals 30, 10, 60, 0 of 100 pixels. */
    static final ClassCounts COUNTS = new ClassCounts(new long[] {30, 10, 60, 0},
            new long[][] {{30, 0, 20, 0}, {0, 10, 40, 0}});

    @Test
    void noneIsOne() {
        assertArrayEquals(new double[] {1, 1, 1, 1}, new WeightScheme.None().weights(COUNTS).values());
    }

    @Test
    void enetFollowsThePost() {
        double[] w = new WeightScheme.Enet(1.10).weights(COUNTS).values();
        assertArrayEquals(new double[] {1 / Math.log(1.4), 1 / Math.log(1.2), 1 / Math.log(1.7), 1 / Math.log(1.1)}, w, 1e-12);
        assertEquals(1 / Math.log(1.02), new WeightScheme.Enet(1.02).weights(COUNTS).values()[3], 1e-12, "ENet paper's c");
    }

    @Test
    void inverseFrequencyOverPresentClasses() {
        // Σn / (K n_c) with K = 3 present classes
        assertArrayEquals(new double[] {100.0 / 90, 100.0 / 30, 100.0 / 180, 0}, new WeightScheme.Inverse().weights(COUNTS).values(), 1e-12);
    }

    @Test
    void medianFrequencyUsesThePixelsOfSamplesWhereTheClassAppears() {
        // f0 = 30/50, f1 = 10/50, f2 = 60/100; median 0.6
        assertArrayEquals(new double[] {1.0, 3.0, 1.0, 0}, new WeightScheme.MedianFrequency().weights(COUNTS).values(), 1e-12);
    }

    @Test
    void effectiveNumberIsNormalisedToThePresentClasses() {
        double beta = 0.9;
        ClassWeights cw = new WeightScheme.EffectiveNumber(beta).weights(COUNTS);
        double[] raw = {(1 - beta) / (1 - Math.pow(beta, 30)), (1 - beta) / (1 - Math.pow(beta, 10)), (1 - beta) / (1 - Math.pow(beta, 60))};
        double scale = 3 / (raw[0] + raw[1] + raw[2]);
        assertArrayEquals(new double[] {raw[0] * scale, raw[1] * scale, raw[2] * scale, 0}, cw.values(), 1e-12);
        assertEquals(List.of(), cw.warnings());
    }

    @Test
    void effectiveNumberSaysWhenItsWeightsCameOutUniform() {
        ClassCounts pixels = new ClassCounts(new long[] {500_000, 20_000}, new long[][] {{500_000, 20_000}});
        ClassWeights cw = new WeightScheme.EffectiveNumber(0.999).weights(pixels);
        assertArrayEquals(new double[] {1, 1}, cw.values(), 1e-8);
        assertEquals(List.of("effective-number weights are uniform: β^n underflows for every class (β = 0.999,"
                + " rarest class 20000 pixels, β^n = 2.0e-09); take β closer to 1, such as 0.99995000"), cw.warnings());
        ClassWeights close = new WeightScheme.EffectiveNumber(0.99999).weights(pixels);
        assertTrue(close.get(1) > 2 * close.get(0), "β near 1 separates the classes");
        assertEquals(List.of(), close.warnings());
    }

    @Test
    void explicitWeightsMustMatchTheClasses() {
        WeightScheme w = new WeightScheme.Explicit(new double[] {1, 2, 3}, "w.txt");
        InputException e = assertThrows(InputException.class, () -> w.weights(COUNTS));
        assertEquals("w.txt: holds 3 weights but the logits have 4 classes", e.getMessage());
        InputException negative = assertThrows(InputException.class, () -> new WeightScheme.Explicit(new double[] {1, -2}, "w.txt"));
        assertEquals("w.txt: weight -2.0 of class 1 is not a finite number >= 0", negative.getMessage());
    }

    @Test
    void refusesBadParameters() {
        assertEquals("ENet c must be greater than 1 (ln(c) must be positive), got 1.0",
                assertThrows(InputException.class, () -> new WeightScheme.Enet(1.0)).getMessage());
        assertEquals("effective-number β must be in [0, 1), got 1.0",
                assertThrows(InputException.class, () -> new WeightScheme.EffectiveNumber(1.0)).getMessage());
    }
}
