package io.focalscope.ui.map;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.focalscope.classes.ClassSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status bar's words for pixels that have no loss (no toolkit needed). */
class PixelReadoutTest {

    @Test
    void aPixelWithNonFiniteLogitsSaysSoInsteadOfAPerfectPrediction() {
        PixelReadout r = new PixelReadout(0, 1, 2, 3, -1, Double.NaN, 0, 0, 1, Double.NaN, 0.0, null, Double.NaN, List.of(), false, null, null, "focal", Double.NaN, "γ = 2");
        assertEquals("(n=0, y=1, x=2) at γ = 2  label: 3  non-finite logits (NaN or infinity): left out of every figure",
                r.text(ClassSet.numbered(4)));
    }

    @Test
    void thePostsLossAndTheShownLayerAreReadWhereTheyAreKnown() {
        PixelReadout r = new PixelReadout(0, 0, 0, 1, 0, 0.0, 117.5, 117.5, 1, 1, Double.POSITIVE_INFINITY, null, 1, List.of(), false, null,
                null, "focal", Double.NaN, "γ = 2");
        assertEquals("(n=0, y=0, x=0) at γ = 2  label: 1  predicted: 0  p_t 0.000  CE 117.5  focal 117.5  as written +inf"
                + "  α 1.000  (1−p_t)^γ 1.000  top: ", r.text(ClassSet.numbered(2)));
        PixelReadout without = new PixelReadout(0, 0, 0, 1, 0, 0.5, 0.7, 0.2, 1, 0.25, null, "Focal / cross-entropy", 0.2857, List.of(), false,
                null, null, "focal", Double.NaN, "γ = 2");
        assertEquals("(n=0, y=0, x=0) at γ = 2  label: 1  predicted: 0  p_t 0.5000  CE 0.7000  focal 0.2000"
                + "  Focal / cross-entropy 0.2857  α 1.000  (1−p_t)^γ 0.2500  top: ", without.text(ClassSet.numbered(2)));
    }

    @Test
    void theGradientAndItsRatioToCrossEntropysAreRead() {
        PixelReadout r = new PixelReadout(0, 0, 0, 1, 0, 0.5, 0.7, 0.2, 1, 0.25, null, null, 0, List.of(), false, null,
                new double[] {0.3, 0.6}, "Poly-1", Double.NaN, "γ = 2");
        assertEquals("(n=0, y=0, x=0) at γ = 2  label: 1  predicted: 0  p_t 0.5000  CE 0.7000  Poly-1 0.2000  |dl/dz| 0.3000 (CE 0.6000, ×0.500)"
                + "  α 1.000  (1−p_t)^γ 0.2500  top: ", r.text(ClassSet.numbered(2)));
    }

    /** A layer that marks pixels reads yes or no, not 1.000. */
    @Test
    void aMarkingLayerReadsYesOrNo() {
        for (double v : new double[] {1, 0}) {
            PixelReadout r = new PixelReadout(0, 0, 0, 1, 0, 0.5, 0.7, 0.2, 1, 0.25, null, "Hard and stable", v, List.of(), false, null,
                    null, "focal", Double.NaN, "γ = 2");
            assertEquals("(n=0, y=0, x=0) at γ = 2  label: 1  predicted: 0  p_t 0.5000  CE 0.7000  focal 0.2000  Hard and stable "
                    + (v == 1 ? "yes" : "no") + "  α 1.000  (1−p_t)^γ 0.2500  top: ", r.text(ClassSet.numbered(2)));
        }
    }

    /** Issue 18: with sigmoid the class weight and the α_t applied are both read, named. */
    @Test
    void withSigmoidTheClassWeightAndAlphaTAreNamed() {
        PixelReadout r = new PixelReadout(0, 0, 0, 1, 1, 0.5, 0.7, 0.2, 1, 0.25, null, null, 0, List.of(), false,
                List.of(new io.focalscope.loss.PixelProbe.ChannelTerm(1, 0.2)), null, "focal", 0.75, "γ = 2");
        assertEquals("(n=0, y=0, x=0) at γ = 2  label: 1  predicted: 1  p_t 0.5000  CE 0.7000  focal 0.2000"
                + "  w_c 1.000, α_t 0.7500  (1−p_t)^γ 0.2500  channels 1 0.2000", r.text(ClassSet.numbered(2)));
    }

    /** Issue 18: p_t ≈ e^-119 reads in scientific notation, not 0.000; the readout says its γ. */
    @Test
    void tinyValuesReadInScientificNotation() {
        PixelReadout r = new PixelReadout(0, 0, 0, 1, 0, Math.exp(-119), 119, 119, 1, 1, null, null, 0, List.of(), false, null,
                null, "focal", Double.NaN, "γ = 5");
        assertEquals("(n=0, y=0, x=0) at γ = 5  label: 1  predicted: 0  p_t 2.084e-52  CE 119.0  focal 119.0"
                + "  α 1.000  (1−p_t)^γ 1.000  top: ", r.text(ClassSet.numbered(2)));
        assertEquals("5.000e-4", PixelReadout.number(0.0005));
        assertEquals("0.001000", PixelReadout.number(0.001));
    }
}
