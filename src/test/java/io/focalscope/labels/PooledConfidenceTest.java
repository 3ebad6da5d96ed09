package io.focalscope.labels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** --downsample's blocks: the majority label where cleanlab averages class indices, and the mean probabilities. */
class PooledConfidenceTest {

    /** 3 classes over a 2 x 4 map: two 2 x 2 blocks. */
    static SegmentationBatch batch(int[] labels) {
        float[] z = new float[3 * 8];
        for (int p = 0; p < 8; p++) {
            z[(p % 3) * 8 + p] = 2; // pixel p favours class p % 3
        }
        return new SegmentationBatch(z, labels, 1, 3, 2, 4, "z.npy", "y.npy");
    }

    @Test
    void aBlockTakesTheLabelMostOfItsLabelledPixelsHave() {
        // block 0: pixels 0, 1, 4, 5; block 1: pixels 2, 3, 6, 7
        int[] labels = {0, 0, 255, 1, 2, 2, 255, 255};
        PixelConfidence c = PixelConfidence.of(batch(labels), 255, 2);
        // a tie of 0 and 2 goes to 0, where cleanlab's mean of the indices would say 1, a class no pixel has;
        // a block with one labelled pixel takes its label
        assertArrayEquals(new int[] {0, 1}, c.label());
        assertEquals(-1, PixelConfidence.of(batch(new int[] {255, 255, 255, 255, 255, 255, 255, 255}), 255, 2).label()[0],
                "a block of ignored pixels is left out");
    }

    @Test
    void aBlocksProbabilitiesAreTheMeanOfItsPixels() {
        int[] labels = {0, 0, 1, 1, 0, 0, 1, 1};
        PixelConfidence full = PixelConfidence.of(batch(labels), 255);
        PixelConfidence pooled = PixelConfidence.of(batch(labels), 255, 2);
        // p of class 0 in block 0: the mean over pixels 0, 1, 4, 5 of their p_0
        double[] p0 = new double[8];
        for (int p = 0; p < 8; p++) {
            // p_0 at pixel p: e^2 / (e^2 + 2) where p favours class 0, else 1 / (e^2 + 2)
            p0[p] = (p % 3 == 0 ? Math.exp(2) : 1) / (Math.exp(2) + 2);
        }
        assertEquals((p0[0] + p0[1] + p0[4] + p0[5]) / 4, pooled.selfConfidence()[0], 1e-15);
        assertEquals(full.label().length, 4 * pooled.label().length);
    }

    @Test
    void aMapThatDoesNotDivideIsRefusedByName() {
        Executable pool = () -> PixelConfidence.of(batch(new int[8]), 255, 3);
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, pool);
        assertEquals("z.npy: --downsample 3: the height 2 and width 4 must both be multiples of it", e.getMessage());
    }

    /** More classes than the search's pair counts can hold are refused by name, before any work. */
    @Test
    void tooManyClassesAreRefusedByName() {
        int classes = PixelConfidence.MAX_CLASSES + 1;
        SegmentationBatch b = new SegmentationBatch(new float[classes], new int[1], 1, classes, 1, 1, "z.npy", "y.npy");
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> PixelConfidence.of(b, 255));
        assertEquals("z.npy: label-issues takes at most 4,096 classes (it counts every pair of given and predicted class), got 4097",
                e.getMessage());
        assertEquals(1, PixelConfidence.of(new SegmentationBatch(new float[classes - 1], new int[1], 1, classes - 1, 1, 1, "z.npy", "y.npy"),
                255).label().length, "4,096 are searched");
    }
}
