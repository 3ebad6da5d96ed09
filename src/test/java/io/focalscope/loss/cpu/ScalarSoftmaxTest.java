package io.focalscope.loss.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.Participation;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The plain float softmax gives the vector kernel's arrays bit for bit, so that which of them
 * prepared a batch (a cold start, or later) never changes a figure: on ordinary, confident and
 * extreme logits, ties, non-finite logits, ignored pixels, and ranges that end in a partial vector.
 */
class ScalarSoftmaxTest {

    @ParameterizedTest(name = "{0} x {1} x {2} x {3}, spread {4}")
    @CsvSource({
        "1, 19, 16, 32, 1",
        "2, 19, 13, 11, 8",
        "1, 6, 40, 37, 40",
        "1, 2, 9, 9, 300",
        "1, 1, 5, 7, 3",
        "3, 150, 4, 5, 5",
    })
    void sameBitsAsTheVectorKernel(int n, int classes, int h, int w, double spread) {
        SegmentationBatch batch = batch(20261206L + classes, n, classes, h, w, spread);
        int[] classIndex = Participation.classIndex(batch, 255);
        PixelRanges ranges = PixelRanges.of(n, h * w, VectorLanes.L);
        SoftmaxKernel vector = SoftmaxKernel.run(batch, classIndex, ranges);
        SoftmaxKernel scalar = ScalarSoftmax.run(batch, classIndex, ranges);
        assertArrayEquals(vector.u, scalar.u, "-log p_t");
        assertArrayEquals(vector.logOneMinusOnehot, scalar.logOneMinusOnehot, "log(1 - p_t), onehot");
        assertArrayEquals(vector.logOneMinusNll, scalar.logOneMinusNll, "log(1 - p_t), nll");
        assertArrayEquals(vector.predicted, scalar.predicted, "arg-max");
    }

    /** The test's batches hold what it claims: non-finite logits, ties and ignored pixels. */
    @ParameterizedTest
    @CsvSource({"19, 8", "6, 40"})
    void theBatchesHoldTheHardCases(int classes, double spread) {
        SegmentationBatch batch = batch(20261206L + classes, 1, classes, 40, 37, spread);
        float[] z = batch.logits();
        int hw = 40 * 37;
        int nonFinite = 0;
        int ties = 0;
        for (int p = 0; p < hw; p++) {
            boolean finite = true;
            for (int c = 0; c < classes; c++) {
                finite &= Float.isFinite(z[c * hw + p]);
            }
            nonFinite += finite ? 0 : 1;
            ties += classes > 1 && z[p] == z[hw + p] ? 1 : 0;
        }
        int ignored = 0;
        for (int label : batch.labels()) {
            ignored += label == 255 ? 1 : 0;
        }
        assertEquals(true, nonFinite > 5 && ties > 5 && ignored > 5, nonFinite + " non-finite, " + ties + " ties, " + ignored + " ignored");
    }

    /**
     * Gaussian logits of the given spread, with a few pixels of each kind the kernels treat apart:
     * logits of ±1000 and ±1e30, NaN and infinities, two classes tied, the label the arg-max, the
     * ignore index.
     */
    private static SegmentationBatch batch(long seed, int n, int classes, int h, int w, double spread) {
        Random rng = new Random(seed);
        int hw = h * w;
        float[] z = new float[n * classes * hw];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (rng.nextGaussian() * spread);
        }
        int[] labels = new int[n * hw];
        float[] odd = {1000f, -1000f, 1e30f, -1e30f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 88.8f, -104f};
        for (int s = 0; s < n; s++) {
            for (int p = 0; p < hw; p++) {
                int label = rng.nextInt(classes);
                int base = s * classes * hw + p;
                switch (p % 11) {
                    case 0 -> z[base + rng.nextInt(classes) * hw] = odd[rng.nextInt(odd.length)];
                    case 1 -> z[base + (classes > 1 ? hw : 0)] = z[base]; // class 1 ties class 0
                    case 2 -> label = 255;
                    case 3 -> z[base + label * hw] = 30f; // the label far ahead: p_t rounds to 1
                    default -> { }
                }
                labels[s * hw + p] = label;
            }
        }
        return new SegmentationBatch(z, labels, n, classes, h, w, "test", "test");
    }
}
