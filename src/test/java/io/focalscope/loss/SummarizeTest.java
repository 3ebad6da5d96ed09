package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.focalscope.io.SegmentationBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a scan keeps of a batch (the CPU engine's own one-pass kernel, ND4J's through its prepared
 * batch) against the pixels written out in double: per class the counts, focal loss and
 * cross-entropy without weights, over two samples of more than one of the kernel's tiles
 * ({@code LogitTile.SIZE}, 256 pixels), with pixels whose logits are NaN or infinite left out of every
 * sum, in a sample's first tile, its second (partial) one, and the second sample's.
 */
class SummarizeTest {

    @ParameterizedTest
    @MethodSource("io.focalscope.loss.Batches#engines")
    void theSumsPerClassAreTheDefinitionsWithNonFinitePixelsLeftOut(FocalLossEngine engine) {
        int classes = 5;
        int hw = 9 * 41; // 369 pixels a sample: a whole tile and a partial one
        SegmentationBatch clean = Batches.random(53, 2, classes, 9, 41, 3.0, 255);
        int[] labels = clean.labels().clone();
        float[] z = clean.logits().clone();
        int[] poisoned = {3, 300, hw + 290};
        float[] poison = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (int k = 0; k < poisoned.length; k++) {
            int p = poisoned[k];
            labels[p] = 1;
            z[(p / hw * classes + 2) * hw + p % hw] = poison[k];
        }
        SegmentationBatch dirty = new SegmentationBatch(z, labels, 2, classes, 9, 41, "z.npy", "y.npy");
        DoubleReference ref = new DoubleReference(new SegmentationBatch(clean.logits(), labels, 2, classes, 9, 41, "z", "y"), 255, 2,
                "none");

        long[] counts = new long[classes];
        double[] focal = new double[classes];
        double[] crossEntropy = new double[classes];
        long ignored = 0;
        for (int p = 0; p < labels.length; p++) {
            int y = labels[p];
            if (y == 255) {
                ignored++;
            } else if (p != poisoned[0] && p != poisoned[1] && p != poisoned[2]) {
                counts[y]++;
                focal[y] += ref.focal[p];
                crossEntropy[y] += ref.crossEntropy[p];
            }
        }
        ImageLossSums s = engine.summarize(dirty, new LossSettings(2, new WeightScheme.None(), 255, Reduction.MEAN, false));
        assertArrayEquals(counts, s.counts(), engine.id());
        assertEquals(3, s.nonFinite(), engine.id());
        assertEquals(ignored, s.ignored(), engine.id());
        for (int c = 0; c < classes; c++) {
            String at = engine.id() + ", class " + c;
            assertEquals(focal[c], s.focalSum()[c] + s.addedSum()[c], 1e-5 * focal[c], at);
            assertEquals(crossEntropy[c], s.crossEntropySum()[c], 1e-5 * crossEntropy[c], at);
            assertEquals(counts[c], s.histogram().count(c), at + ": the histogram's pixels");
            assertEquals(focal[c], s.histogram().termSum(c, ElementTerm.focal(2), 1), 1e-3 * focal[c], at + ": the histogram's loss");
        }
    }

    /**
     * Poly-1 (ε = 1.5, γ = 2): the weighted part is focal loss and the added part ε (1 - p_t)^(γ+1),
     * each per class, against the pixels in double; the added part is what a scan's figures add for
     * a term that adds one (a scan that left it at 0 gave focal loss under Poly-1's name).
     */
    @ParameterizedTest
    @MethodSource("io.focalscope.loss.Batches#engines")
    void poly1sAddedPartIsSummedApartFromItsWeightedPart(FocalLossEngine engine) {
        int classes = 4;
        SegmentationBatch b = Batches.random(61, 1, classes, 7, 30, 2.0, 255);
        DoubleReference ref = new DoubleReference(b, 255, 2, "none");
        double epsilon = 1.5;
        double[] focal = new double[classes];
        double[] added = new double[classes];
        for (int p = 0; p < b.labels().length; p++) {
            int y = b.labels()[p];
            if (y != 255) {
                focal[y] += ref.focal[p];
                added[y] += epsilon * Math.pow(-Math.expm1(ref.logPt[p]), 3);
            }
        }
        LossSettings poly1 = new LossSettings(new LossTerm.Poly1(2, epsilon), new WeightScheme.None(), 255, Reduction.MEAN, false,
                Activation.SOFTMAX, null, false);
        ImageLossSums s = engine.summarize(b, poly1);
        for (int c = 0; c < classes; c++) {
            String at = engine.id() + ", class " + c;
            assertEquals(focal[c], s.focalSum()[c], 1e-5 * focal[c], at + ": the weighted part");
            assertEquals(added[c], s.addedSum()[c], 1e-5 * added[c], at + ": the added part");
        }
    }
}
