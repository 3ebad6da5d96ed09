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

    /**
     * compute's warm-up batch takes the branches the file will: ignored pixels, a short tile,
     * confidences on both sides of 1/2, and a temperature more than 5 % from 1, so that the search's
     * pass runs too.
     */
    @Test
    void theWarmUpBatchTakesEveryPath() {
        SegmentationBatch b = CalibrationWarmUp.batch();
        Calibration c = CalibrationPass.batch(b, 255, 15);
        assertEquals(true, c.pixels() < b.pixels(), "some pixels ignored");
        assertEquals(true, b.height() * b.width() % 64 != 0, "a short tile");
        assertEquals(true, Math.abs(1 / c.temperature() - 1) > BatchCalibration.TOLERANCE, "T = " + c.temperature());
        assertEquals(true, c.reliability().get(5).count() > 0 && c.reliability().get(14).count() > 0, "confidences on both sides of 1/2");
    }

    /** NaN in class 0 (the largest logit then NaN), -∞ or +∞, in a batch's second sample: each names the pixel. */
    @Test
    void everyKindOfNonFiniteLogitNamesItsPixel() {
        SegmentationBatch b = CalibrationInvariantsTest.batch("saturated"); // 2 samples of 4 classes x 32 x 32
        int hw = b.height() * b.width();
        float[][] cases = {{0, Float.NaN}, {3, Float.NEGATIVE_INFINITY}, {1, Float.POSITIVE_INFINITY}};
        for (float[] kase : cases) {
            float[] z = b.logits().clone();
            z[(b.classes() + (int) kase[0]) * hw + 4 * b.width() + 6] = kase[1];
            SegmentationBatch bad = new SegmentationBatch(z, b.labels(), 2, b.classes(), b.height(), b.width(), "z.npy", "y.npy");
            InputException e = assertThrows(InputException.class, () -> CalibrationPass.batch(bad, 255, 15));
            assertEquals("z.npy: non-finite logits (NaN or infinity) at (n=1, y=4, x=6)", e.getMessage(), "logit " + kase[1]);
        }
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

    /**
     * Three samples of 29 x 37 pixels (each sample's last tile short, the tiles in three parts), 7
     * classes, some pixels ignored: each figure against the definitions written out directly in
     * double, the temperature by Newton over the pixels to 1e-13.
     */
    @Test
    void aBatchOfShortTilesGivesTheDirectFigures() {
        int samples = 3;
        int classes = 7;
        int hw = 29 * 37;
        java.util.Random random = new java.util.Random(11);
        float[] z = new float[samples * classes * hw];
        int[] y = new int[samples * hw];
        for (int n = 0; n < samples; n++) {
            for (int p = 0; p < hw; p++) {
                int favoured = random.nextInt(classes);
                for (int k = 0; k < classes; k++) {
                    z[(n * classes + k) * hw + p] = (float) (random.nextGaussian() * 1.5 + (k == favoured ? 3 : 0));
                }
                y[n * hw + p] = p % 9 == 4 ? 255 : random.nextDouble() < 0.7 ? favoured : random.nextInt(classes);
            }
        }
        SegmentationBatch b = new SegmentationBatch(z, y, samples, classes, 29, 37, "z", "y");
        Calibration c = CalibrationPass.batch(b, 255, 15);

        double beta = 1;
        for (int step = 0; step < 100; step++) {
            double[] d = nllDerivatives(z, y, samples, classes, hw, beta);
            double next = beta - d[1] / d[2];
            if (Math.abs(next - beta) <= 1e-13 * beta) {
                break;
            }
            beta = next;
        }
        Reliability atOne = new Reliability(15);
        Reliability atT = new Reliability(15);
        double classwise = 0;
        Reliability[] perClass = new Reliability[classes];
        for (int k = 0; k < classes; k++) {
            perClass[k] = new Reliability(15);
        }
        for (int n = 0; n < samples; n++) {
            for (int p = 0; p < hw; p++) {
                int label = y[n * hw + p];
                if (label == 255) {
                    continue;
                }
                double[] one = softmax(z, n, p, classes, hw, 1);
                double[] fitted = softmax(z, n, p, classes, hw, beta);
                int arg = 0;
                for (int k = 1; k < classes; k++) {
                    arg = one[k] > one[arg] ? k : arg;
                }
                atOne.add(one[arg], arg == label ? 1 : 0);
                atT.add(fitted[arg], arg == label ? 1 : 0);
                for (int k = 0; k < classes; k++) {
                    perClass[k].add(one[k], label == k ? 1 : 0);
                }
            }
        }
        for (Reliability r : perClass) {
            classwise += r.ece();
        }
        assertEquals(Math.round(atOne.pixels()), c.pixels());
        assertEquals(atOne.ece(), c.ece(), 1e-6);
        assertEquals(atOne.mce(), c.mce(), 1e-6);
        assertEquals(classwise / classes, c.classwiseEce(), 1e-6);
        assertEquals(nllDerivatives(z, y, samples, classes, hw, 1)[0], c.nll(), 1e-6);
        assertEquals(1 / beta, c.temperature(), 1e-5 / beta);
        assertEquals(nllDerivatives(z, y, samples, classes, hw, beta)[0], c.nllAfterTemperature(), 1e-6);
        assertEquals(atT.ece(), c.eceAfterTemperature(), 1e-6);
        for (int k = 0; k < 15; k++) {
            assertEquals(atT.rows().get(k).count(), c.reliabilityAfterTemperature().get(k).count(), "count of bin " + k + " after T");
        }
    }

    private static double[] softmax(float[] z, int n, int p, int classes, int hw, double beta) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < classes; k++) {
            max = Math.max(max, z[(n * classes + k) * hw + p]);
        }
        double[] e = new double[classes];
        double sum = 0;
        for (int k = 0; k < classes; k++) {
            e[k] = Math.exp(beta * (z[(n * classes + k) * hw + p] - max));
            sum += e[k];
        }
        for (int k = 0; k < classes; k++) {
            e[k] /= sum;
        }
        return e;
    }

    /** The mean NLL of softmax(β z) over the labelled pixels, its slope and its curvature in β. */
    private static double[] nllDerivatives(float[] z, int[] y, int samples, int classes, int hw, double beta) {
        double nll = 0;
        double slope = 0;
        double curvature = 0;
        int count = 0;
        for (int n = 0; n < samples; n++) {
            for (int p = 0; p < hw; p++) {
                int label = y[n * hw + p];
                if (label == 255) {
                    continue;
                }
                double[] q = softmax(z, n, p, classes, hw, beta);
                double mean = 0;
                double square = 0;
                for (int k = 0; k < classes; k++) {
                    double v = z[(n * classes + k) * hw + p];
                    mean += q[k] * v;
                    square += q[k] * v * v;
                }
                double zy = z[(n * classes + label) * hw + p];
                nll -= Math.log(q[label]);
                slope += mean - zy;
                curvature += square - mean * mean;
                count++;
            }
        }
        return new double[] {nll / count, slope / count, curvature / count};
    }
}
