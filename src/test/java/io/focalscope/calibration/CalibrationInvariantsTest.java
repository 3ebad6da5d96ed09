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
    void aLabelOutsideTheClassesNamesTheFileAndThePixel() {
        SegmentationBatch b = batch("over");
        int[] labels = b.labels().clone();
        labels[3 * b.width() + 5] = 9;
        SegmentationBatch bad = new SegmentationBatch(b.logits(), labels, b.samples(), b.classes(), b.height(), b.width(), "z.npy", "y.npy");
        InputException e = Assertions.assertThrows(InputException.class, () -> CalibrationSums.of(bad, 255, 15));
        assertEquals("y.npy: label 9 at (n=0, y=3, x=5) is outside the 5 classes 0..4 and is not the ignore index 255", e.getMessage());
    }
}
