package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.io.SegmentationBatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the map layers read per pixel, against formulas written out here from p_t in double: the
 * gradient against cross-entropy's, the γ FLSD-53 used, the change to another γ, each form's loss.
 */
class PixelMapsTest {

    /**
     * Random pixels, some ignored (the first among them), a last pixel the network is sure of (p_t = 1
     * in float) and one before it nearly so (1 - p_t = 4 e^-70, whose square is 0 in float).
     */
    static SegmentationBatch batch() {
        SegmentationBatch random = Batches.random(41, 1, 5, 8, 25, 2.5, 255);
        float[] z = random.logits().clone();
        int hw = 8 * 25;
        int sure = hw - 1;
        int nearlySure = hw - 2;
        for (int c = 0; c < 5; c++) {
            z[c * hw + sure] = c == 0 ? 100f : 0f;
            z[c * hw + nearlySure] = c == 0 ? 70f : 0f;
        }
        int[] labels = random.labels().clone();
        labels[sure] = 0;
        labels[nearlySure] = 0;
        labels[0] = 255;
        return new SegmentationBatch(z, labels, 1, 5, 8, 25, "z.npy", "y.npy");
    }

    static LossSettings settings(LossTerm t) {
        return new LossSettings(t, new WeightScheme.Enet(1.1), 255, Reduction.MEAN, false, Activation.SOFTMAX, null, true);
    }

    @ParameterizedTest
    @MethodSource("io.focalscope.loss.Batches#engines")
    void eachPixelsLayersFollowTheirFormulas(FocalLossEngine engine) {
        SegmentationBatch b = batch();
        DoubleReference ref = new DoubleReference(b, 255, 2, "enet");
        int sure = b.pixels() - 1;
        try (PreparedBatch prepared = engine.prepare(b, 255, Activation.SOFTMAX)) {
            LossResult focal2 = prepared.evaluate(settings(new LossTerm.Focal(2)));
            LossResult focal5 = prepared.evaluate(settings(new LossTerm.Focal(5)));
            LossResult flsd = prepared.evaluate(settings(new LossTerm.Flsd53()));
            LossResult poly = prepared.evaluate(settings(new LossTerm.Poly1(2, 1)));
            LossResult ce = prepared.evaluate(settings(new LossTerm.Focal(0)));
            PixelMaps m2 = focal2.maps();
            assertTrue(focal2.maps().term() instanceof LossTerm.Focal f && f.gamma() == 2);
            for (int p = 0; p < b.pixels(); p++) {
                String at = engine.id() + ", pixel " + p;
                if (b.labels()[p] == 255) {
                    assertTrue(Float.isNaN(m2.gradientRatio(p)) && Float.isNaN(flsd.maps().gammaUsed(p))
                            && Float.isNaN(m2.changeTo(focal5.maps(), p)), at + ": ignored, no figures");
                    continue;
                }
                double pt = Math.exp(ref.logPt[p]);
                double oneMinus = -Math.expm1(ref.logPt[p]);
                // g(p, γ) = (1-p)^γ - γ p (1-p)^(γ-1) log p: focal loss's gradient over cross-entropy's
                double g = oneMinus * oneMinus - 2 * pt * oneMinus * ref.logPt[p];
                assertEquals(g, m2.gradientRatio(p), 1e-4 * g + 1e-30, at);
                assertEquals(pt < 0.2 ? 5 : 3, flsd.maps().gammaUsed(p), 0, at + ", p_t " + pt);
                assertEquals(Math.pow(oneMinus, 3), m2.changeTo(focal5.maps(), p), 1e-4 * Math.pow(oneMinus, 3) + 1e-38, at);
                double polyOverFocal = poly.maps().focal()[p] / m2.focal()[p];
                if (m2.focal()[p] > 0) { // the two sure pixels' focal loss is 0 in float
                    assertEquals(polyOverFocal, m2.changeTo(poly.maps(), p), 1e-6 * polyOverFocal, at + ": the maps' ratio");
                }
                // cross-entropy's gradient norm: α_y sqrt((1 - p_t)^2 + Σ_{c≠y} p_c^2)
                double others = 0;
                double sum = 0;
                for (int c = 0; c < 5; c++) {
                    sum += Math.exp(b.logits()[c * b.pixels() + p] - ref.maxLogit[p]);
                }
                for (int c = 0; c < 5; c++) {
                    double pc = Math.exp(b.logits()[c * b.pixels() + p] - ref.maxLogit[p]) / sum;
                    others += c == b.labels()[p] ? 0 : pc * pc;
                }
                double ceNorm = ref.weights[b.labels()[p]] * Math.sqrt(oneMinus * oneMinus + others);
                // (the engines sum squares in float: a norm below about 1e-19 squares to 0 and reads 0)
                assertEquals(ceNorm, m2.crossEntropyGradient()[p], 1e-5 * ceNorm + 1e-19, at);
                assertEquals(m2.focalNll()[p], m2.lossAt(p, true), 0, at);
                assertEquals(m2.focal()[p], m2.lossAt(p, false), 0, at);
            }
            // where cross-entropy's gradient is 0 in float, its own ratio is 1 and focal loss's the limit, 0
            assertEquals(0f, ce.maps().crossEntropyGradient()[sure]);
            assertEquals(1f, ce.maps().gradientRatio(sure));
            assertEquals(0f, m2.gradientRatio(sure));
            assertEquals(0f, m2.focal()[sure]);
            // 1 - p_t = q = 4 e^-70 is a float, but cross-entropy's gradient, about q, squares to 0 in float: the ratio
            // is taken from q, g = q^0.5 - 0.5 p q^-0.5 log p = 1.5 q^0.5 to first order
            int nearlySure = sure - 1;
            double q = 4 * Math.exp(-70);
            LossResult focalHalf = prepared.evaluate(settings(new LossTerm.Focal(0.5)));
            assertEquals(0f, focalHalf.maps().crossEntropyGradient()[nearlySure]);
            assertEquals(1.5 * Math.sqrt(q), focalHalf.maps().gradientRatio(nearlySure), 1e-5 * 1.5 * Math.sqrt(q));
            assertEquals(1f, m2.changeTo(poly.maps(), sure), "no loss before or after: no change");

            float[] other = new float[b.pixels()];
            java.util.Arrays.fill(other, 0.5f);
            PixelMaps library = m2.withFocal(other);
            assertSame(other, library.focal());
            assertEquals(0.5f, library.lossAt(7, false));
            assertSame(m2.crossEntropy(), library.crossEntropy());
        }
    }
}
