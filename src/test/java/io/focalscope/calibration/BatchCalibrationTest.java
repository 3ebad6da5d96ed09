package io.focalscope.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One batch in memory ({@link BatchCalibration}): the search from T = 1 and the bins after
 * temperature extended from its last pass, against what must hold whatever the reference.
 */
class BatchCalibrationTest {

    /** The golden case "under", its least NLL at T = 0.7403601763957961 (the float64 reference's). */
    private static final double UNDER = 0.7403601763957961;

    /**
     * Logits scaled by s have their least at s T, and after it the same softmax, so the same bins:
     * with T put near 1 (one pass, the step from T = 1 within 5 %), or far from it (more passes).
     * Without the step's cubic refinement the temperature at 1.04 was off by 1e-5.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.97, 1.0, 1.04, 0.6, 1.8})
    void scaledLogitsScaleTheTemperatureAndKeepTheBinsAfterIt(double wanted) {
        SegmentationBatch b = CalibrationInvariantsTest.batch("under");
        Calibration reference = CalibrationPass.batch(b, 255, 15);
        float scale = (float) (wanted / UNDER);
        Calibration scaled = CalibrationPass.batch(CalibrationInvariantsTest.mapped(b, scale, 0), 255, 15);
        assertEquals(scale * UNDER, scaled.temperature(), 2e-6 * scaled.temperature());
        assertEquals(reference.eceAfterTemperature(), scaled.eceAfterTemperature(), 1e-6);
        assertEquals(reference.nllAfterTemperature(), scaled.nllAfterTemperature(), 1e-6);
        for (int k = 0; k < 15; k++) {
            assertEquals(reference.reliabilityAfterTemperature().get(k).count(), scaled.reliabilityAfterTemperature().get(k).count(),
                    "count of bin " + k + " after temperature");
        }
    }

    @Test
    void aConstantAddedToEveryLogitChangesNothing() {
        SegmentationBatch b = CalibrationInvariantsTest.batch("over");
        Calibration plain = CalibrationPass.batch(b, 255, 15);
        Calibration moved = CalibrationPass.batch(CalibrationInvariantsTest.mapped(b, 1, -30), 255, 15);
        assertEquals(plain.ece(), moved.ece(), 1e-6);
        assertEquals(plain.classwiseEce(), moved.classwiseEce(), 1e-6);
        assertEquals(plain.adaptiveEce(), moved.adaptiveEce(), 1e-6);
        assertEquals(plain.temperature(), moved.temperature(), 1e-5 * plain.temperature());
        assertEquals(plain.eceAfterTemperature(), moved.eceAfterTemperature(), 1e-6);
    }

    @Test
    void everyPixelRightHasNoTemperatureAndSaysWhy() {
        int[] y = new int[32];
        for (int p = 0; p < 32; p++) {
            y[p] = p % 3;
        }
        Calibration c = CalibrationPass.batch(CalibrationInvariantsTest.threeClasses(2, p -> p % 3, y), 255, 15);
        assertEquals(Double.NaN, c.temperature());
        assertEquals("the NLL falls as T falls towards 0: every labelled pixel's label has its largest logit", c.temperatureNote());
        assertEquals(null, c.reliabilityAfterTemperature());
    }

    @Test
    void equalLogitsHaveNoTemperatureAndSaySo() {
        Calibration c = CalibrationPass.batch(CalibrationInvariantsTest.threeClasses(0, p -> 0, new int[32]), 255, 15);
        assertEquals(1.0 / 3, c.meanConfidence(), 1e-7);
        assertEquals(Double.NaN, c.temperature());
        assertEquals("every pixel's logits are equal across the classes: the NLL is the same at every temperature", c.temperatureNote());
    }

    @Test
    void aNetworkJustAboveChanceFindsItsTemperatureFarAboveOne() {
        // as in CalibrationInvariantsTest: the slope is 0 at T = 6 / ln(22/21), 129
        Calibration c = CalibrationPass.batch(CalibrationInvariantsTest.threeClasses(6, p -> p % 3, new int[32]), 255, 15);
        assertEquals(6 / Math.log(22.0 / 21), c.temperature(), 1e-5 * c.temperature());
        assertEquals(null, c.temperatureNote());
    }

    @Test
    void aNetworkRightAsOftenAsChanceFitsNoFiniteTemperature() {
        float[] z = new float[9];
        for (int p = 0; p < 3; p++) {
            z[p * 3 + p] = 6;
        }
        Calibration c = CalibrationPass.batch(new SegmentationBatch(z, new int[3], 1, 3, 1, 3, "z.npy", "y.npy"), 255, 15);
        assertEquals(Double.NaN, c.temperature());
        assertEquals("the NLL falls as T grows without end: the network is right no more often than its confidence at T ="
                + " infinity (uniform) says", c.temperatureNote());
    }

    @Test
    void noLabelledPixelSaysSo() {
        int[] y = new int[32];
        java.util.Arrays.fill(y, 255);
        Calibration c = CalibrationPass.batch(CalibrationInvariantsTest.threeClasses(2, p -> p % 3, y), 255, 15);
        assertEquals(0, c.pixels());
        assertEquals("no labelled pixel", c.temperatureNote());
    }

    @Test
    void aNonFiniteLogitAndALabelOutsideTheClassesNameTheFileAndThePixel() {
        SegmentationBatch b = CalibrationInvariantsTest.batch("over");
        float[] z = b.logits().clone();
        z[2 * b.height() * b.width() + 4 * b.width() + 6] = Float.POSITIVE_INFINITY;
        InputException e = assertThrows(InputException.class, () -> CalibrationPass.batch(
                new SegmentationBatch(z, b.labels(), 1, b.classes(), b.height(), b.width(), "z.npy", "y.npy"), 255, 15));
        assertEquals("z.npy: non-finite logits (NaN or infinity) at (n=0, y=4, x=6)", e.getMessage());
        int[] labels = b.labels().clone();
        labels[3 * b.width() + 5] = 9;
        e = assertThrows(InputException.class, () -> CalibrationPass.batch(
                new SegmentationBatch(b.logits(), labels, 1, b.classes(), b.height(), b.width(), "z.npy", "y.npy"), 255, 15));
        assertEquals("y.npy: label 9 at (n=0, y=3, x=5) is outside the 5 classes 0..4 and is not the ignore index 255", e.getMessage());
    }

    /** 70,000 classes: the pass's products of S0 stay finite (a tile's 64 pixels' S0 of about 70,000 multiply to 2^1030). */
    @Test
    void manyClassesGiveTheDirectNll() {
        int classes = 70_000;
        int h = 2;
        int w = 32;
        java.util.Random random = new java.util.Random(5);
        float[] z = new float[classes * h * w];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (random.nextGaussian() * 0.01); // near-uniform: each pixel's S0 about the class count
        }
        int[] y = new int[h * w];
        for (int p = 0; p < y.length; p++) {
            y[p] = random.nextInt(classes);
        }
        SegmentationBatch b = new SegmentationBatch(z, y, 1, classes, h, w, "z", "y");
        double nll = 0;
        for (int p = 0; p < y.length; p++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, z[k * h * w + p]);
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                sum += Math.exp(z[k * h * w + p] - max);
            }
            nll += Math.log(sum) - (z[y[p] * h * w + p] - max);
        }
        assertEquals(nll / y.length, CalibrationPass.batch(b, 255, 15).nll(), 1e-6);
    }
}
