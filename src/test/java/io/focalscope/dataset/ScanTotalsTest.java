package io.focalscope.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.focalscope.calibration.CalibrationSums;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.LossTerm;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What decides a dataset's class count, and how the parts of a scan merge. */
class ScanTotalsTest {

    /** An image of {@code classes} classes and 4 labelled pixels of class 0, with its calibration sums where given. */
    private static ImageScan scan(int index, String name, int classes, CalibrationSums calibration, String... warnings) {
        long[] counts = new long[classes];
        counts[0] = 4;
        return MadeUpScans.image(index, name, counts, new double[classes], calibration, warnings);
    }

    private static ScanTotals of(ImageScan... scans) {
        return MadeUpScans.totals(scans);
    }

    @Test
    void onATieTheImageFirstInTheListDecidesTheClassCountWhereverEachPartWasScanned() {
        for (ScanTotals t : List.of(of(scan(1, "b", 3, null), scan(0, "a", 5, null)),
                of(scan(1, "b", 3, null)).merge(of(scan(0, "a", 5, null))),
                of(scan(0, "a", 5, null)).merge(of(scan(1, "b", 3, null))))) {
            assertEquals(5, t.classes());
            assertEquals(List.of("a"), t.images().stream().map(ImageSummary::files).map(ImageFiles::name).toList());
            assertEquals(List.of(new ScanFailure("b_logits.npy", "b_logits.npy: has 3 classes where 1 of the 2 images read have 5")),
                    t.failed());
        }
    }

    @Test
    void theCountMostImagesHaveIsTheDatasets() {
        ScanTotals t = of(scan(0, "a", 5, null), scan(1, "b", 3, null), scan(2, "c", 3, null));
        t.fail(new ScanFailure("0_logits.npy", "0_logits.npy: broken"));
        assertEquals(3, t.classes());
        assertEquals(List.of(new ScanFailure("0_logits.npy", "0_logits.npy: broken"),
                new ScanFailure("a_logits.npy", "a_logits.npy: has 5 classes where 2 of the 3 images read have 3")), t.failed());
        ScanTotals empty = MadeUpScans.totals();
        assertEquals(-1, empty.classes());
        assertEquals(List.of(), empty.images());
        assertNull(empty.calibration());
    }

    @Test
    void warningsAreMergedAndSorted() {
        ScanTotals t = of(scan(0, "a", 3, null, "z: float64 rounded")).merge(of(scan(1, "b", 3, null, "b: float64 rounded")));
        assertEquals(List.of("b: float64 rounded", "z: float64 rounded"), t.warnings());
    }

    @Test
    void totalsOfAnotherTermDoNotMerge() {
        assertEquals("totals of focal (γ = 2) and focal (γ = 1)", assertThrows(IllegalArgumentException.class,
                () -> of(scan(0, "a", 3, null)).merge(new ScanTotals(new LossTerm.Focal(1.0)))).getMessage());
    }

    @Test
    void calibrationSumsMergeAsIfOnePartHadReadEveryImage() {
        // two images' confidences, each pixel in a bin of its own
        SegmentationBatch first = new SegmentationBatch(new float[] {2, 0, 0, 1}, new int[] {0, 0}, 1, 2, 1, 2, "a", "a");
        SegmentationBatch second = new SegmentationBatch(new float[] {0, 3, 5, 0}, new int[] {1, 1}, 1, 2, 1, 2, "b", "b");
        ScanTotals whole = of(scan(0, "a", 2, CalibrationSums.of(first, 255, 15)), scan(1, "b", 2, CalibrationSums.of(second, 255, 15)));
        ScanTotals merged = of(scan(0, "a", 2, CalibrationSums.of(first, 255, 15)))
                .merge(of(scan(1, "b", 2, CalibrationSums.of(second, 255, 15))));
        assertEquals(4, whole.calibration().reliability().pixels());
        assertEquals(whole.calibration().reliability().pixels(), merged.calibration().reliability().pixels());
        assertEquals(whole.calibration().reliability().ece(), merged.calibration().reliability().ece(), 1e-15);
    }
}
