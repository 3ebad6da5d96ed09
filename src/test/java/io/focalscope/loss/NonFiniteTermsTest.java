package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.TermCases;
import io.focalscope.io.BatchLoader;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.engines.Engines;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pixels with a NaN or infinite logit, on every new path (Poly-1's added part, ASL's shift, the
 * gradient, sigmoid's channels, both engines): they are counted and left out, their maps are 0,
 * and every other pixel's loss and gradient are what they are without them.
 */
class NonFiniteTermsTest {

    static final int[] BAD = {0, 5, 17};

    @ParameterizedTest(name = "{0} {1} on {2}")
    @CsvSource({"softmax, poly1, cpu", "softmax, poly1, nd4j", "softmax, flsd53, cpu", "softmax, flsd53, nd4j",
            "one_vs_rest, asl, cpu", "one_vs_rest, asl, nd4j", "multi_label, poly1, cpu", "multi_label, poly1, nd4j"})
    void badLogitsAreLeftOutAndTheRestIsUntouched(String name, String term, String engine) {
        Path dir = TermCases.DIR.resolve(name);
        SegmentationBatch clean = BatchLoader.load(dir.resolve("logits.npy").toString(), dir.resolve("labels.npy").toString());
        float[] z = clean.logits().clone();
        int hw = clean.height() * clean.width();
        float[] poison = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        for (int k = 0; k < BAD.length; k++) {
            z[(BAD[k] / hw * clean.classes() + k % clean.classes()) * hw + BAD[k] % hw] = poison[k]; // one channel each
        }
        SegmentationBatch dirty = new SegmentationBatch(z, clean.labels(), clean.samples(), clean.classes(), clean.height(),
                clean.width(), "logits", "labels");
        Activation a = name.startsWith("softmax") ? Activation.SOFTMAX : Activation.SIGMOID;
        LossTerm t = switch (term) {
            case "poly1" -> new LossTerm.Poly1(2, 1);
            case "flsd53" -> new LossTerm.Flsd53();
            default -> new LossTerm.Asl(1, 4, 0.05);
        };
        LossSettings s = new LossSettings(t, new WeightScheme.None(), 255, Reduction.SUM, false, a,
                LossSettings.defaultAlpha(a, t), true);
        FocalLossEngine e = Engines.choose(engine);
        LossResult before = e.prepare(clean, 255, a).evaluate(s);
        LossResult after = e.prepare(dirty, 255, a).evaluate(s);
        long leftOut = 0;
        for (int p : BAD) {
            leftOut += before.maps().pt()[p] == before.maps().pt()[p] ? 1 : 0; // pixels that took part before
        }
        assertEquals(BAD.length, after.nonFinite());
        double kept = 0;
        for (int p = 0; p < clean.pixels(); p++) {
            boolean bad = p == BAD[0] || p == BAD[1] || p == BAD[2];
            if (bad) {
                assertEquals(0f, after.maps().focal()[p], "loss at " + p);
                assertEquals(0f, after.maps().gradient()[p], "gradient at " + p);
                assertEquals(-1, after.maps().predicted()[p], "no predicted class at " + p);
                continue;
            }
            assertEquals(before.maps().predicted()[p], after.maps().predicted()[p], "predicted class at " + p);
            kept += before.maps().focal()[p];
            assertEquals(before.maps().focal()[p], after.maps().focal()[p], 1e-5 * Math.max(1, before.maps().focal()[p]), "loss at " + p);
            assertEquals(before.maps().gradient()[p], after.maps().gradient()[p], 1e-5 * Math.max(1, before.maps().gradient()[p]),
                    "gradient at " + p);
        }
        assertEquals(kept, after.lossOnehot(), 1e-5 * kept);
        assertTrue(Double.isFinite(after.gradient().meanNorm()) && Double.isFinite(after.crossEntropy()));
        assertEquals(before.pixels() - leftOut, after.pixels());
    }
}
