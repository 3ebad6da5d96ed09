package io.focalscope.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.focalscope.io.BatchLoader;
import io.focalscope.io.InputException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The class histogram of label maps alone, for {@code weights}. */
class LabelCountsTest {

    private static BatchLoader.LabelMap map(int height, int width, int... labels) {
        return new BatchLoader.LabelMap(labels, 1, height, width, "m.png");
    }

    /** One file's counts, as a made-up histogram. */
    private static LabelCounts oneFile(long[] histogram) {
        return LabelCounts.of(List.of("a.png"), List.<long[]>of(histogram), null, List.of());
    }

    @Test
    void aHistogramCountsEachClassAndLeavesTheIgnoreIndexOut() {
        assertArrayEquals(new long[] {2, 0, 1}, LabelCounts.histogram(map(2, 3, 0, 2, 255, 0, 255, 255), null, 255));
        assertArrayEquals(new long[] {2, 0, 1, 0, 0}, LabelCounts.histogram(map(2, 3, 0, 2, 255, 0, 255, 255), 5, 255));
        // the last class is a class
        assertArrayEquals(new long[] {0, 0, 1}, LabelCounts.histogram(map(1, 1, 2), 3, null));
    }

    @Test
    void aLabelOutsideTheClassesIsNamedWithItsPixel() {
        assertEquals("m.png: label 3 at (n=0, y=1, x=0) is outside the 3 classes 0..2 (no ignore index is set)",
                assertThrows(InputException.class, () -> LabelCounts.histogram(map(2, 1, 0, 3), 3, null)).getMessage());
        assertEquals("m.png: label -1 at (n=0, y=0, x=1) is negative and is not the ignore index 255",
                assertThrows(InputException.class, () -> LabelCounts.histogram(map(1, 2, 0, -1), null, 255)).getMessage());
        assertEquals("m.png: label 65536 at (n=0, y=0, x=0) is not a class id: without --classes ids run up to 65535"
                        + " (no ignore index is set)",
                assertThrows(InputException.class, () -> LabelCounts.histogram(map(1, 1, 65536), null, null)).getMessage());
        assertEquals("m.png: label 70000 at (n=0, y=0, x=0) is not a class id: without --classes ids run up to 65535"
                        + " and it is not the ignore index 255",
                assertThrows(InputException.class, () -> LabelCounts.histogram(map(1, 1, 70000), null, 255)).getMessage());
        assertEquals(65535, LabelCounts.histogram(map(1, 1, 65535), null, null).length - 1);
    }

    @Test
    void theClassCountIsCheckedAtItsBounds() {
        assertDoesNotThrow(() -> LabelCounts.requireClasses(1));
        assertDoesNotThrow(() -> LabelCounts.requireClasses(LabelCounts.MAX_CLASSES));
        assertDoesNotThrow(() -> LabelCounts.requireClasses(null));
        assertEquals("--classes must be between 1 and 65536, got 0",
                assertThrows(InputException.class, () -> LabelCounts.requireClasses(0)).getMessage());
        assertEquals("--classes must be between 1 and 65536, got 65537",
                assertThrows(InputException.class, () -> LabelCounts.requireClasses(65537)).getMessage());
    }

    @Test
    void countsMadeElsewhereAreWidenedToTheWidestAndTheirFailuresSorted() {
        ScanFailure b = new ScanFailure("b.png", "b.png: broken");
        ScanFailure a = new ScanFailure("a.png", "a.png: broken");
        LabelCounts c = LabelCounts.of(List.of("x.png", "y.png"), List.of(new long[] {1, 2}, new long[] {0, 0, 3}), null, List.of(b, a));
        assertEquals(3, c.classes());
        assertArrayEquals(new long[] {1, 2, 0}, c.counts()[0]);
        assertArrayEquals(new long[] {1, 2, 3}, c.classCounts().total());
        assertEquals(List.of(a, b), c.failed());
        assertEquals(5, LabelCounts.of(List.of("x.png"), List.<long[]>of(new long[] {1, 2}), 5, List.of()).counts()[0].length);
    }

    @Test
    void aStrayLargestLabelIsWarnedOfOnlyWithoutTheClassCount() {
        long[] stray = new long[60_001];
        stray[0] = 10;
        stray[1] = 5;
        stray[60_000] = 1;
        LabelCounts c = LabelCounts.of(List.of("clean.png", "odd.png"), List.of(new long[] {3, 4}, stray), null, List.of());
        assertEquals(Optional.of("60,001 classes from the largest label 60,000 (in odd.png), but only 3 of them occur in the files"
                + " read: if that label is a stray value, give the class count with --classes"), c.strayLabelWarning(false));
        assertEquals(Optional.empty(), c.strayLabelWarning(true));
    }

    @Test
    void labelMapsWithEveryPixelIgnoredHaveNoClassAndNoWarning() {
        LabelCounts c = oneFile(LabelCounts.histogram(map(1, 2, 255, 255), null, 255));
        assertEquals(0, c.classes());
        assertEquals(Optional.empty(), c.strayLabelWarning(false));
    }

    @Test
    void aClassListWithGapsIsNoStrayLabel() {
        // 3 classes occur: up to 2 x 3 + 16 = 22 classes is a class list with gaps, 23 is a stray label
        long[] gaps = new long[22];
        gaps[0] = 1;
        gaps[1] = 1;
        gaps[21] = 1;
        assertEquals(Optional.empty(), oneFile(gaps).strayLabelWarning(false));
        long[] wider = java.util.Arrays.copyOf(gaps, 23);
        wider[21] = 0;
        wider[22] = 1;
        assertEquals(Optional.of("23 classes from the largest label 22 (in a.png), but only 3 of them occur in the files read: if that"
                        + " label is a stray value, give the class count with --classes"),
                oneFile(wider).strayLabelWarning(false));
    }

    @Test
    void countingReportsProgressPerFileAndACancelEndsIt() {
        String hotel = DatasetScanGoldenTest.IMAGES.resolve("hotel_labels.npy").toString();
        String delta = DatasetScanGoldenTest.IMAGES.resolve("delta_labels.npy").toString();
        ImageList list = LabelFiles.expand(List.of(hotel, delta));
        AtomicInteger last = new AtomicInteger();
        LabelCounts counts = LabelCounts.count(list, null, 255, 2, (done, total) -> {
            assertEquals(2, total);
            last.accumulateAndGet(done, Math::max);
        }, () -> false);
        assertEquals(2, last.get());
        assertEquals(List.of(delta, hotel), counts.files());
        assertThrows(CancellationException.class, () -> LabelCounts.count(list, null, 255, 1, (d, t) -> { }, () -> true));
        assertEquals("--classes must be between 1 and 65536, got 0",
                assertThrows(InputException.class, () -> LabelCounts.count(list, 0, 255, 1, (d, t) -> { }, () -> false)).getMessage());
        assertEquals("--threads must be at least 1, got 0",
                assertThrows(InputException.class, () -> LabelCounts.count(list, null, 255, 0, (d, t) -> { }, () -> false)).getMessage());
    }
}
