package io.focalscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.focalscope.classes.ClassSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status bar's words for pixels that have no loss (no toolkit needed). */
class PixelReadoutTest {

    @Test
    void aPixelWithNonFiniteLogitsSaysSoInsteadOfAPerfectPrediction() {
        PixelReadout r = new PixelReadout(0, 1, 2, 3, -1, Double.NaN, 0, 0, 1, Double.NaN, 0.0, null, Double.NaN, List.of(), false, null, null, "focal");
        assertEquals("(n=0, y=1, x=2)  label: 3  non-finite logits (NaN or infinity): left out of every figure",
                r.text(ClassSet.numbered(4)));
    }

    @Test
    void thePostsLossAndTheShownLayerAreReadWhereTheyAreKnown() {
        PixelReadout r = new PixelReadout(0, 0, 0, 1, 0, 0.0, 117.5, 117.5, 1, 1, Double.POSITIVE_INFINITY, null, 1, List.of(), false, null,
                null, "focal");
        assertEquals("(n=0, y=0, x=0)  label: 1  predicted: 0  p_t 0.000  CE 117.5  focal 117.5  as written +inf"
                + "  α 1.000  (1−p_t)^γ 1.000  top: ", r.text(ClassSet.numbered(2)));
        PixelReadout without = new PixelReadout(0, 0, 0, 1, 0, 0.5, 0.7, 0.2, 1, 0.25, null, "Focal / cross-entropy", 0.2857, List.of(), false,
                null, null, "focal");
        assertEquals("(n=0, y=0, x=0)  label: 1  predicted: 0  p_t 0.5000  CE 0.7000  focal 0.2000"
                + "  Focal / cross-entropy 0.2857  α 1.000  (1−p_t)^γ 0.2500  top: ", without.text(ClassSet.numbered(2)));
    }

    @Test
    void theGradientAndItsRatioToCrossEntropysAreRead() {
        PixelReadout r = new PixelReadout(0, 0, 0, 1, 0, 0.5, 0.7, 0.2, 1, 0.25, null, null, 0, List.of(), false, null,
                new double[] {0.3, 0.6}, "Poly-1");
        assertEquals("(n=0, y=0, x=0)  label: 1  predicted: 0  p_t 0.5000  CE 0.7000  Poly-1 0.2000  |dl/dz| 0.3000 (CE 0.6000, ×0.500)"
                + "  α 1.000  (1−p_t)^γ 0.2500  top: ", r.text(ClassSet.numbered(2)));
    }
}
