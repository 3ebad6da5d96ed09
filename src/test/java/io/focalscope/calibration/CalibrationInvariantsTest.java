package io.focalscope.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.focalscope.io.BatchLoader;
import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assertions;

/** What must hold whatever the reference: a constant added to every logit changes nothing; scaled logits change the temperature in proportion. */
class CalibrationInvariantsTest {

    static final Path CASES = Path.of("src/test/resources/calibration");

    static SegmentationBatch batch(String name) {
        return BatchLoader.load(CASES.resolve(name + "_logits.npy").toString(), CASES.resolve(name + "_labels.npy").toString());
    }

    static SegmentationBatch mapped(SegmentationBatch b, float scale, float shift) {
        float[] z = b.logits().clone();
        for (int i = 0; i < z.length; i++) {
            z[i] = z[i] * scale + shift;
        }
        return new SegmentationBatch(z, b.labels(), b.samples(), b.classes(), b.height(), b.width(), b.logitsSource(), b.labelsSource());
    }

    @Test
    void aConstantAddedToEveryLogitChangesNothing() {
        SegmentationBatch b = batch("under");
        Calibration plain = CalibrationPass.figures(b, 255, CalibrationSums.of(b, 255, 15));
        SegmentationBatch shifted = mapped(b, 1, 8);
        Calibration moved = CalibrationPass.figures(shifted, 255, CalibrationSums.of(shifted, 255, 15));
        assertEquals(plain.ece(), moved.ece(), 1e-6);
        assertEquals(plain.classwiseEce(), moved.classwiseEce(), 1e-6);
        assertEquals(plain.temperature(), moved.temperature(), 1e-5 * plain.temperature());
    }

    @Test
    void doubledLogitsDoubleTheTemperature() {
        // 0.5 and 2 are exact in float32: softmax(2z / 2T) = softmax(z / T)
        SegmentationBatch b = batch("under");
        double t = CalibrationPass.figures(b, 255, CalibrationSums.of(b, 255, 15)).temperature();
        SegmentationBatch doubled = mapped(b, 2, 0);
        Calibration c = CalibrationPass.figures(doubled, 255, CalibrationSums.of(doubled, 255, 15));
        assertEquals(2 * t, c.temperature(), 1e-4 * t);
    }

    @Test
    void manyClassesAndATileLeftShortGiveTheDirectFigures() {
        // 300 classes take the narrow tiles; 5 x 7 pixels leave every tile short
        int classes = 300;
        int h = 5;
        int w = 7;
        java.util.Random random = new java.util.Random(3);
        float[] z = new float[classes * h * w];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (random.nextGaussian() * 4);
        }
        int[] y = new int[h * w];
        for (int p = 0; p < y.length; p++) {
            y[p] = p % 6 == 0 ? 255 : random.nextInt(classes);
        }
        SegmentationBatch b = new SegmentationBatch(z, y, 1, classes, h, w, "z", "y");
        Calibration c = CalibrationPass.figures(b, 255, CalibrationSums.of(b, 255, 15));
        // the same definitions written out directly, pixel by pixel
        Reliability direct = new Reliability(15);
        double classwise = 0;
        Reliability[] perClass = new Reliability[classes];
        for (int k = 0; k < classes; k++) {
            perClass[k] = new Reliability(15);
        }
        for (int p = 0; p < y.length; p++) {
            if (y[p] == 255) {
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            int arg = 0;
            for (int k = 0; k < classes; k++) {
                if (z[k * h * w + p] > max) {
                    max = z[k * h * w + p];
                    arg = k;
                }
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                sum += Math.exp(z[k * h * w + p] - max);
            }
            direct.add(1 / sum, arg == y[p] ? 1 : 0);
            for (int k = 0; k < classes; k++) {
                perClass[k].add(Math.exp(z[k * h * w + p] - max) / sum, y[p] == k ? 1 : 0);
            }
        }
        for (Reliability r : perClass) {
            classwise += r.ece();
        }
        assertEquals(29, c.pixels());
        assertEquals(direct.ece(), c.ece(), 1e-6);
        assertEquals(direct.mce(), c.mce(), 1e-6);
        assertEquals(classwise / classes, c.classwiseEce(), 1e-6);
    }

    /** A 3-class batch of 4 x 8 pixels whose logits favour class {@code favoured(p)} by {@code margin}. */
    static SegmentationBatch threeClasses(float margin, java.util.function.IntUnaryOperator favoured, int[] labels) {
        float[] z = new float[3 * 32];
        for (int p = 0; p < 32; p++) {
            z[favoured.applyAsInt(p) * 32 + p] = margin;
        }
        return new SegmentationBatch(z, labels, 1, 3, 4, 8, "z.npy", "y.npy");
    }

    @Test
    void everyPixelRightHasNoTemperatureAndSaysWhy() {
        int[] y = new int[32];
        for (int p = 0; p < 32; p++) {
            y[p] = p % 3;
        }
        SegmentationBatch b = threeClasses(2, p -> p % 3, y);
        Calibration c = CalibrationPass.figures(b, 255, CalibrationSums.of(b, 255, 15));
        assertEquals(1.0, c.accuracy());
        assertEquals(Double.NaN, c.temperature());
        assertEquals("the NLL falls as T falls towards 0: every labelled pixel's label has its largest logit", c.temperatureNote());
        assertEquals(Double.NaN, c.eceAfterTemperature());
    }

    @Test
    void equalLogitsHaveNoTemperatureAndSaySo() {
        SegmentationBatch b = threeClasses(0, p -> 0, new int[32]);
        Calibration c = CalibrationPass.figures(b, 255, CalibrationSums.of(b, 255, 15));
        assertEquals(1.0 / 3, c.meanConfidence(), 1e-7);
        assertEquals(Double.NaN, c.temperature());
        assertEquals("every pixel's logits are equal across the classes: the NLL is the same at every temperature", c.temperatureNote());
        // no temperature, so nothing after one: the JSON sends the reader to temperatureNote, not to a second pass
        java.util.Map<String, Object> json = io.focalscope.report.CalibrationJson.of(c);
        assertEquals("none", json.get("afterTemperature"));
        assertEquals(false, json.containsKey("afterTemperatureNote"));
    }

    /** Beyond the profile's 1/8 .. 64 an image's sums say where the least lies (one batch in memory finds it: BatchCalibrationTest). */
    @Test
    void aNetworkJustAboveChanceHasItsLeastAbove64() {
        // confident (margin 6), labels all 0, right at 11 of the 32 pixels: the least is at T = 6 / ln(22/21), 129
        SegmentationBatch b = threeClasses(6, p -> p % 3, new int[32]);
        Calibration c = CalibrationPass.figures(b, 255, CalibrationSums.of(b, 255, 15));
        assertEquals(Double.NaN, c.temperature());
        assertEquals("the NLL is least at a temperature above 64, outside the profile's range (1/8 to 64)", c.temperatureNote());
    }

    /**
     * Right everywhere by a margin of 60, past float exp's range: flat at T = 1 as equal logits are,
     * but it still falls as T falls. Once said to be equal logits.
     */
    @Test
    void aBatchRightEverywhereByAFarMarginIsNotEqualLogits() {
        int[] y = new int[32];
        for (int p = 0; p < 32; p++) {
            y[p] = p % 3;
        }
        SegmentationBatch b = threeClasses(60, p -> p % 3, y);
        String falls = "the NLL falls as T falls towards 0: every labelled pixel's label has its largest logit";
        assertEquals(falls, CalibrationPass.figures(b, 255, CalibrationSums.of(b, 255, 15)).temperatureNote());
        assertEquals(falls, CalibrationPass.batch(b, 255, 15).temperatureNote());
    }

    @Test
    void sumsOfSoftmaxAndSigmoidDoNotMerge() {
        CalibrationSums softmax = new CalibrationSums(3, 15, false);
        IllegalArgumentException e = Assertions.assertThrows(IllegalArgumentException.class,
                () -> softmax.merge(new CalibrationSums(3, 15, true)));
        assertEquals("calibration sums of 3 classes, 15 bins and sigmoid do not merge with 3, 15 and softmax", e.getMessage());
    }

    /** On the plain pass (an image's first, one batch's) and on the profile's pass, vector and scalar. */
    @Test
    void aNonFiniteLogitNamesThePixelOnEveryPath() {
        SegmentationBatch b = batch("over");
        float[] z = b.logits().clone();
        z[2 * b.height() * b.width() + 4 * b.width() + 6] = Float.NaN;
        SegmentationBatch bad = new SegmentationBatch(z, b.labels(), 1, b.classes(), b.height(), b.width(), "z.npy", "y.npy");
        InputException plain = Assertions.assertThrows(InputException.class, () -> CalibrationSums.of(bad, 255, 15));
        assertEquals("z.npy: non-finite logits (NaN or infinity) at (n=0, y=4, x=6)", plain.getMessage());
        for (boolean scalar : new boolean[] {false, true}) {
            InputException e = Assertions.assertThrows(InputException.class,
                    () -> CalibrationGoldenTest.onPath(scalar, () -> CalibrationPass.profile(bad, 255)));
            assertEquals("z.npy: non-finite logits (NaN or infinity) at (n=0, y=4, x=6)", e.getMessage(), "scalar " + scalar);
        }
    }

    @Test
    void aLabelOutsideTheClassesNamesTheFileAndThePixel() {
        SegmentationBatch b = batch("over");
        int[] labels = b.labels().clone();
        labels[3 * b.width() + 5] = 9;
        SegmentationBatch bad = new SegmentationBatch(b.logits(), labels, b.samples(), b.classes(), b.height(), b.width(), "z.npy", "y.npy");
        InputException e = Assertions.assertThrows(InputException.class, () -> CalibrationSums.of(bad, 255, 15));
        assertEquals("y.npy: label 9 at (n=0, y=3, x=5) is outside the 5 classes 0..4 and is not the ignore index 255", e.getMessage());
    }

    /** A dataset's second pass reads its files again: a label out of range there is named, not an index error (both paths). */
    @Test
    void aLabelOutsideTheClassesInTheSecondPassNamesTheFileAndThePixel() {
        SegmentationBatch b = batch("over");
        for (int wrong : new int[] {9, 5, -3}) {
            int[] labels = b.labels().clone();
            labels[3 * b.width() + 5] = wrong;
            SegmentationBatch bad = new SegmentationBatch(b.logits(), labels, b.samples(), b.classes(), b.height(), b.width(), "z.npy", "y.npy");
            for (boolean scalar : new boolean[] {false, true}) {
                InputException e = Assertions.assertThrows(InputException.class, () -> CalibrationGoldenTest.onPath(scalar,
                        () -> CalibrationSums.reliabilityAt(bad, new io.focalscope.loss.LossSettings(2, new io.focalscope.loss.WeightScheme.None(),
                                255, io.focalscope.loss.Reduction.MEAN), 15, 1.3)));
                assertEquals("y.npy: label " + wrong + " at (n=0, y=3, x=5) is outside the 5 classes 0..4 and is not the ignore index 255",
                        e.getMessage(), "scalar " + scalar);
            }
        }
    }
}
