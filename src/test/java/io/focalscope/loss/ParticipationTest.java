package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The label passes that run in chunks on several threads, on a batch of several chunks a sample:
 * the counts are a plain count's, and the first bad label named is the first in the batch.
 */
class ParticipationTest {

    private static final int H = 300;
    private static final int W = 500; // 150,000 pixels a sample: three chunks, the last partial
    private static final int C = 5;

    private static SegmentationBatch batch(int[] labels, int samples) {
        return new SegmentationBatch(new float[samples * C * H * W], labels, samples, C, H, W, "z.npy", "y.npy");
    }

    @Test
    void countsAreAPlainCountsAcrossChunksAndSamples() {
        int samples = 2;
        Random random = new Random(7);
        int[] labels = new int[samples * H * W];
        boolean[] nonFinite = new boolean[labels.length];
        for (int p = 0; p < labels.length; p++) {
            labels[p] = random.nextInt(12) == 0 ? 255 : random.nextInt(C);
            nonFinite[p] = p > 200_000 && random.nextInt(1000) == 0;
        }
        long[][] expected = new long[samples][C];
        long ignored = 0;
        long bad = 0;
        int first = -1;
        for (int p = 0; p < labels.length; p++) {
            if (nonFinite[p]) {
                bad++;
                first = first < 0 ? p : first;
            }
            if (labels[p] == 255) {
                ignored++;
            } else if (!nonFinite[p]) {
                expected[p / (H * W)][labels[p]]++;
            }
        }
        SegmentationBatch b = batch(labels, samples);
        Participation part = Participation.of(b, 255, Participation.classIndex(b, 255), p -> nonFinite[p]);
        assertArrayEquals(expected[0], part.counts().sample(0));
        assertArrayEquals(expected[1], part.counts().sample(1));
        assertEquals(ignored, part.ignored());
        assertEquals(bad, part.nonFinite());
        assertEquals(PixelPosition.ofFlat(first, H, W), part.firstNonFinite());
        for (int p = 0; p < labels.length; p++) {
            boolean out = labels[p] == 255 || nonFinite[p];
            assertEquals(out ? C : labels[p], part.classIndex()[p], "pixel " + p);
        }
    }

    @Test
    void theFirstBadLabelNamedIsTheBatchsFirstAndTheOthersAreCounted() {
        int[] labels = new int[H * W];
        labels[140_000] = 7; // in the last chunk
        labels[70_000] = 9; // in the second: the first in the batch
        labels[149_999] = -1;
        SegmentationBatch b = batch(labels, 1);
        InputException e = assertThrows(InputException.class, () -> Participation.classIndex(b, 255));
        assertEquals("y.npy: label 9 at (n=0, y=140, x=0) is outside the 5 classes 0..4 and is not the ignore index 255"
                + " (2 more pixels are out of range)", e.getMessage());
    }

    /** The batch's very first pixel, 0, is a first like any other (a "first" kept as -1 until found). */
    @Test
    void aBadLabelOrANonFiniteLogitAtTheFirstPixelIsTheOneNamed() {
        int[] labels = new int[H * W];
        labels[0] = 6;
        labels[5] = 8;
        SegmentationBatch bad = batch(labels, 1);
        InputException e = assertThrows(InputException.class, () -> Participation.classIndex(bad, 255));
        assertEquals("y.npy: label 6 at (n=0, y=0, x=0) is outside the 5 classes 0..4 and is not the ignore index 255"
                + " (1 more pixel is out of range)", e.getMessage());

        SegmentationBatch binary = new SegmentationBatch(new float[3], new int[] {1, 0, 1}, 1, 1, 1, 3, "z.npy", "y.npy");
        e = assertThrows(InputException.class, () -> Participation.classIndex(binary, 255));
        assertEquals("z.npy: binary (one-channel) logits need the sigmoid activation: pass --activation sigmoid (with softmax"
                + " one channel is the only class, and y.npy has label 1 at (n=0, y=0, x=0))", e.getMessage());

        SegmentationBatch good = batch(new int[H * W], 1);
        boolean[] nonFinite = new boolean[H * W];
        nonFinite[0] = true;
        nonFinite[7] = true;
        Participation part = Participation.of(good, 255, Participation.classIndex(good, 255), p -> nonFinite[p]);
        assertEquals(PixelPosition.ofFlat(0, H, W), part.firstNonFinite());
        assertEquals(2, part.nonFinite());
    }
}
