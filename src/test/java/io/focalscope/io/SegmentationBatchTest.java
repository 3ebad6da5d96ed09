package io.focalscope.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A batch's shape checks, and one label per pixel from a mask per class. */
class SegmentationBatchTest {

    private static SegmentationBatch batch(int samples, int classes, int height, int width, int[] labels) {
        return new SegmentationBatch(new float[samples * classes * height * width], labels, samples, classes, height, width, "z.npy",
                "y.npy");
    }

    @Test
    void labelsArePerPixelOrAMaskPerClass() {
        SegmentationBatch perPixel = batch(2, 3, 2, 5, new int[20]);
        assertFalse(perPixel.labelMasks());
        assertEquals(20, perPixel.pixels());
        assertArrayEquals(new int[] {2, 2, 5}, perPixel.mapShape());
        assertTrue(batch(2, 3, 2, 5, new int[60]).labelMasks());
        // one logit a pixel (binary): the labels are per pixel, and as many as a mask would be
        assertFalse(batch(2, 1, 2, 5, new int[20]).labelMasks());
        assertEquals("arrays do not match 2x3x2x5", assertThrows(IllegalArgumentException.class,
                () -> batch(2, 3, 2, 5, new int[40])).getMessage());
        assertEquals("arrays do not match 1x3x2x2", assertThrows(IllegalArgumentException.class,
                () -> new SegmentationBatch(new float[11], new int[4], 1, 3, 2, 2, "z", "y")).getMessage());
    }

    /** Labels with a class axis are masks, and must have the logits' whole shape. */
    @Test
    void masksAreCombinedOnlyWithLogitsOfTheirShape() {
        NdArray logits = new NdArray("z.npy", new int[] {1, 2, 1, 2}, new float[] {1, 2, 3, 4});
        NdArray masks = NdArray.ofBytes("m.npy", new int[] {1, 2, 1, 2}, new int[] {1, 0, 0, 1});
        SegmentationBatch b = BatchLoader.combine(logits, masks);
        assertTrue(b.labelMasks());
        assertArrayEquals(new int[] {1, 0, 0, 1}, b.labels());
        assertArrayEquals(new int[] {9, 9, 9, 9}, BatchLoader.combine(logits, masks, new int[] {9, 9, 9, 9}).labels(),
                "values already taken out are used as they are");
        for (int[] other : new int[][] {{2, 2, 1, 2}, {1, 3, 1, 2}, {1, 2, 2, 2}, {1, 2, 1, 1}}) {
            NdArray wrong = NdArray.ofBytes("m.npy", other, new int[(int) NdArray.elementCount(other)]);
            assertEquals("m.npy: label masks of shape " + NdArray.formatShape(other) + " do not fit the logits (1, 2, 1, 2) of z.npy:"
                    + " a mask per class must have the logits' shape [N,C,H,W]",
                    assertThrows(InputException.class, () -> BatchLoader.combine(logits, wrong)).getMessage());
        }
    }

    @Test
    void aMaskPerClassGivesEachPixelItsFirstMarkedClass() {
        // 2 samples of 3 classes x 1 x 2 pixels; per sample, class planes of 2 pixels each
        int[] masks = {
            0, 1, /* class 0 */ 1, 1, /* class 1 */ 0, 1, /* class 2 */
            255, 0, /* class 0 */ 255, 0, /* class 1 */ 255, 0, /* class 2 */
        };
        SegmentationBatch b = batch(2, 3, 1, 2, masks);
        assertArrayEquals(new int[] {1, 0, 255, 0}, b.pixelLabels(255), "first class marked 1; all ignored; none marked");
        // without an ignore index, 255 is a value like any other: no class marked, so 0
        assertArrayEquals(new int[] {1, 0, 0, 0}, b.pixelLabels(null));
        SegmentationBatch perPixel = batch(1, 3, 1, 2, new int[] {2, 255});
        assertSame(perPixel.labels(), perPixel.pixelLabels(255), "labels per pixel are the map's own");
    }

    /** One sample at every step-th row and column, from the top-left pixel, labels per pixel or per class. */
    @Test
    void aSampleAtEveryStepthPixel() {
        int n = 2, c = 2, h = 5, w = 4;
        float[] z = new float[n * c * h * w];
        int[] masks = new int[n * c * h * w];
        for (int i = 0; i < z.length; i++) {
            z[i] = i;
            masks[i] = i % 2;
        }
        SegmentationBatch b = new SegmentationBatch(z, masks, n, c, h, w, "z.npy", "y.npy");
        SegmentationBatch part = b.sampleEvery(1, 2);
        assertArrayEquals(new int[] {1, 3, 2}, part.mapShape());
        assertEquals(2, part.classes());
        // sample 1, class 0 starts at 40, class 1 at 60; rows 0, 2, 4 and columns 0, 2
        assertArrayEquals(new float[] {40, 42, 48, 50, 56, 58, 60, 62, 68, 70, 76, 78}, part.logits());
        assertTrue(part.labelMasks());
        assertArrayEquals(new int[12], part.labels(), "even positions hold 0");
        assertEquals("z.npy", part.logitsSource());
        SegmentationBatch perPixel = new SegmentationBatch(z, new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
                18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39}, n, c, h, w, "z", "y");
        assertArrayEquals(new int[] {20, 23, 32, 35}, perPixel.sampleEvery(1, 3).labels());
        assertEquals("sample 2 of 2 at step 1", assertThrows(IllegalArgumentException.class, () -> b.sampleEvery(2, 1)).getMessage());
        assertEquals("sample 0 of 2 at step 0", assertThrows(IllegalArgumentException.class, () -> b.sampleEvery(0, 0)).getMessage());
    }
}
