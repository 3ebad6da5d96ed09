package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import org.junit.jupiter.api.Test;

/**
 * The sigmoid targets of multi-label masks, worked out by hand on a batch of two samples (the second
 * sample's masks lie after all of the first's channels), and of binary and index labels.
 */
class SigmoidTargetsTest {

    private static final int X = 255;

    /**
     * Two samples of 3 classes and 2 pixels, masks {@code [N, C, H, W]}; per pixel its channels:
     * sample 0: pixel 0 (0, 1, 1), pixel 1 every channel ignored; sample 1: pixel 0 (1, 0, X), pixel 1 (0, X, 1).
     */
    private static SegmentationBatch masks() {
        int[] labels = {
            0, X, // sample 0, class 0: pixels 0 and 1
            1, X, // class 1
            1, X, // class 2
            1, 0, // sample 1, class 0
            0, X, // class 1
            X, 1, // class 2
        };
        return new SegmentationBatch(new float[2 * 3 * 2], labels, 2, 3, 1, 2, "z.npy", "masks.npy");
    }

    @Test
    void eachPixelsClassIsItsFirstPositiveChannelAndAPixelWithNoChannelKeptIsLeftOut() {
        assertArrayEquals(new int[] {1, 3, 0, 2}, SigmoidTargets.classIndex(masks(), X));
    }

    @Test
    void theFirstPositiveChannelIsKeptWhenLaterOnesArePositiveToo() {
        // one pixel, 3 classes, masks (1, 1, 0): class 0, the first positive, not class 1
        SegmentationBatch b = new SegmentationBatch(new float[3], new int[] {1, 1, 0}, 1, 3, 1, 1, "z.npy", "masks.npy");
        assertArrayEquals(new int[] {0}, SigmoidTargets.classIndex(b, X));
    }

    @Test
    void eachChannelsTargetIsItsMaskMinusOneWhereIgnored() {
        SegmentationBatch b = masks();
        assertArrayEquals(new int[] {0, 1, 1}, SigmoidTargets.targetsAt(b, X, 0));
        assertArrayEquals(new int[] {-1, -1, -1}, SigmoidTargets.targetsAt(b, X, 1));
        assertArrayEquals(new int[] {1, 0, -1}, SigmoidTargets.targetsAt(b, X, 2));
        assertArrayEquals(new int[] {0, -1, 1}, SigmoidTargets.targetsAt(b, X, 3));
        int[] classIndex = SigmoidTargets.classIndex(b, X);
        int[][] expected = {{0, 1, 1}, {-1, -1, -1}, {1, 0, -1}, {0, -1, 1}};
        for (int p = 0; p < 4; p++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(expected[p][c], SigmoidTargets.target(b, SigmoidTargets.Kind.MASK, X, classIndex, p, c),
                        "pixel " + p + ", class " + c);
            }
        }
    }

    @Test
    void theKeptElementsAndPositivesAreCountedPerClassAndSample() {
        SegmentationBatch b = masks();
        Participation part = SigmoidTargets.participation(b, X, SigmoidTargets.classIndex(b, X), new boolean[4]);
        assertArrayEquals(new long[] {0, 1, 1}, part.counts().sample(0));
        assertArrayEquals(new long[] {1, 0, 1}, part.counts().sample(1));
        Participation.Elements e = part.elements();
        assertArrayEquals(new long[] {3, 2, 2}, e.perClass());
        assertArrayEquals(new long[] {3, 4}, e.perSample());
        assertArrayEquals(new long[] {1, 1, 1}, e.perSampleClass()[0]);
        assertArrayEquals(new long[] {2, 1, 1}, e.perSampleClass()[1]);
        assertArrayEquals(new long[] {1, 2}, e.samplePixels());
        assertEquals(7, e.total());
        assertEquals(12, e.all());
        assertEquals(3, e.pixels());
        assertEquals(1, part.ignored());
    }

    @Test
    void aPixelWithNonFiniteLogitsLeavesWithAllItsChannels() {
        SegmentationBatch b = masks();
        boolean[] nonFinite = {false, false, true, false};
        int[] classIndex = SigmoidTargets.classIndex(b, X);
        Participation part = SigmoidTargets.participation(b, X, classIndex, nonFinite);
        assertArrayEquals(new int[] {1, 3, 3, 2}, classIndex);
        assertArrayEquals(new long[] {0, 0, 1}, part.counts().sample(1));
        assertArrayEquals(new long[] {2, 1, 2}, part.elements().perClass());
        assertArrayEquals(new long[] {3, 2}, part.elements().perSample());
        assertEquals(1, part.nonFinite());
        assertEquals(PixelPosition.ofFlat(2, 1, 2), part.firstNonFinite());

        // the batch's first pixel is a first like any other
        boolean[] firstAndLast = {true, false, false, true};
        Participation both = SigmoidTargets.participation(b, X, SigmoidTargets.classIndex(b, X), firstAndLast);
        assertEquals(2, both.nonFinite());
        assertEquals(PixelPosition.ofFlat(0, 1, 2), both.firstNonFinite());
    }

    @Test
    void binaryMapsAndClassIndicesGiveOneTargetAChannel() {
        SegmentationBatch binary = new SegmentationBatch(new float[3], new int[] {1, 0, X}, 1, 1, 1, 3, "z.npy", "y.npy");
        assertArrayEquals(new int[] {0, 0, 1}, SigmoidTargets.classIndex(binary, X));
        assertArrayEquals(new int[] {1}, SigmoidTargets.targetsAt(binary, X, 0));
        assertArrayEquals(new int[] {-1}, SigmoidTargets.targetsAt(binary, X, 2));
        Participation part = SigmoidTargets.participation(binary, X, SigmoidTargets.classIndex(binary, X), new boolean[3]);
        assertArrayEquals(new long[] {1}, part.counts().sample(0));
        assertArrayEquals(new long[] {2}, part.elements().perClass());

        SegmentationBatch index = new SegmentationBatch(new float[2 * 3], new int[] {2, 0}, 1, 3, 1, 2, "z.npy", "y.npy");
        assertArrayEquals(new int[] {0, 0, 1}, SigmoidTargets.targetsAt(index, X, 0));
        Participation indexPart = SigmoidTargets.participation(index, X, SigmoidTargets.classIndex(index, X), new boolean[2]);
        assertArrayEquals(new long[] {1, 0, 1}, indexPart.counts().sample(0));
        assertArrayEquals(new long[] {2, 2, 2}, indexPart.elements().perClass());
        assertEquals(6, indexPart.elements().total());
    }

    @Test
    void aMaskValueOtherThanZeroOneOrTheIgnoreIndexIsNamedWithItsPlace() {
        int[] labels = masks().labels().clone();
        labels[9] = 2; // sample 1, class 1, pixel 1
        SegmentationBatch b = new SegmentationBatch(new float[12], labels, 2, 3, 1, 2, "z.npy", "masks.npy");
        InputException e = assertThrows(InputException.class, () -> SigmoidTargets.classIndex(b, X));
        assertEquals("masks.npy: label 2 at (n=1, c=1, y=0, x=1) is neither 0 nor 1 (a mask per class holds 0 or 1)"
                + " nor the ignore index 255", e.getMessage());
    }
}
