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

    @Test
    void aLabelOutsideTheClassesNamesTheFileAndThePixel() {
        SegmentationBatch b = batch("over");
        int[] labels = b.labels().clone();
        labels[3 * b.width() + 5] = 9;
        SegmentationBatch bad = new SegmentationBatch(b.logits(), labels, b.samples(), b.classes(), b.height(), b.width(), "z.npy", "y.npy");
        InputException e = Assertions.assertThrows(InputException.class, () -> CalibrationSums.of(bad, 255, 15));
        assertEquals("y.npy: label 9 at (n=0, y=3, x=5) is outside the 5 classes 0..4 and is not the ignore index 255", e.getMessage());
    }
}
