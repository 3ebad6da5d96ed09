package io.focalscope.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.focalscope.io.BatchLoader;
import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.Activation;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A batch's sums started beside other work and finished by its thread: as the sums made in one go. */
class PendingSumsTest {

    private static final Path DATASET = Path.of("src/test/resources/calibration/dataset");
    private static final LossSettings SOFTMAX = new LossSettings(2.0, new WeightScheme.None(), 255, Reduction.MEAN);

    private static SegmentationBatch image(String name) {
        return BatchLoader.load(DATASET.resolve(name + "_logits.npy").toString(), DATASET.resolve(name + "_labels.npy").toString());
    }

    @Test
    void finishedSumsAreThoseOfOnePass() {
        SegmentationBatch b = image("im0");
        Calibration started = CalibrationSums.start(b, SOFTMAX, 15).finish().figures();
        Calibration whole = CalibrationSums.of(b, SOFTMAX, 15).figures();
        assertEquals(whole.pixels(), started.pixels());
        assertEquals(whole.ece(), started.ece(), 1e-12);
        assertEquals(whole.classwiseEce(), started.classwiseEce(), 1e-12);
        assertEquals(whole.nll(), started.nll(), 1e-12);
        assertEquals(whole.temperature(), started.temperature(), 1e-9);
    }

    @Test
    void sigmoidSumsAreTheSigmoidPasss() {
        SegmentationBatch b = BatchLoader.load("src/test/resources/sigmoid/one_vs_rest/logits.npy",
                "src/test/resources/sigmoid/one_vs_rest/labels.npy");
        LossSettings sigmoid = new LossSettings(2, new WeightScheme.None(), 255, Reduction.MEAN, false, Activation.SIGMOID, 0.25);
        Calibration started = CalibrationSums.start(b, sigmoid, 15).finish().figures();
        Calibration whole = CalibrationSums.of(b, sigmoid, 15).figures();
        assertEquals(whole.pixels(), started.pixels());
        assertEquals(whole.ece(), started.ece(), 1e-12);
    }

    @Test
    void aBatchSoftmaxCannotCalibrateIsRefusedWhenFinishedAndAbandonedQuietly() {
        SegmentationBatch b = image("im0");
        SegmentationBatch oneClass = new SegmentationBatch(new float[] {0, 1, 2, 3}, new int[] {0, 0, 0, 0}, 1, 1, 2, 2,
                b.logitsSource(), b.labelsSource());
        InputException e = assertThrows(InputException.class, () -> CalibrationSums.start(oneClass, SOFTMAX, 15).finish());
        assertEquals(b.logitsSource() + ": calibration with softmax needs the logits of at least 2 classes, got 1", e.getMessage());
        CalibrationSums.start(oneClass, SOFTMAX, 15).abandon();
        CalibrationSums.start(b, SOFTMAX, 15).abandon();
    }
}
