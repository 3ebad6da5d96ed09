package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonObject;
import io.focalscope.TermCases;
import io.focalscope.io.BatchLoader;
import io.focalscope.io.NpyReader;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.engines.Engines;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The definition of every term, in double ({@link ElementTerm} through {@link PixelProbe}, as the
 * readout and the peers take it), against PyTorch float64 autograd at every pixel: value and gradient.
 */
class ElementTermTest {

    static Stream<Arguments> settings() {
        return TermCases.onBothEngines().filter(a -> a.get()[2].equals("cpu")).map(a -> Arguments.of(a.get()[0], a.get()[1], a.get()[3]));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("settings")
    void everyPixelsValueAndGradientInDoubleArePyTorchs(String name, String id, JsonObject e) {
        Path dir = TermCases.DIR.resolve(name);
        SegmentationBatch b = BatchLoader.load(dir.resolve("logits.npy").toString(), dir.resolve("labels.npy").toString());
        LossSettings s = TermCases.settings(e, Reduction.MEAN);
        LossResult shown = Engines.choose("cpu").prepare(b, 255, s.activation()).evaluate(s.withGradient(false));
        float[] loss = NpyReader.read(dir.resolve(id + "_loss.npy")).toFloats();
        float[] gradient = NpyReader.read(dir.resolve(id + "_gradient.npy")).toFloats();
        for (int p = 0; p < loss.length; p++) {
            Double l = PixelProbe.loss(b, p, shown);
            double[] g = PixelProbe.gradient(b, p, shown);
            if (l == null) {
                assertEquals(0f, loss[p], "pixel " + p + " has no element");
                assertNull(g);
                continue;
            }
            // the references are float32 maps: their rounding, not ours, bounds the difference
            assertEquals(loss[p], l, 1e-6 * Math.max(1e-3, Math.abs(loss[p])), name + " " + id + " loss at " + p);
            assertEquals(gradient[p], g[0], 1e-6 * Math.max(1e-3, gradient[p]), name + " " + id + " gradient at " + p);
            if (id.matches("ce|focal_g0(_a025)?")) {
                // the term is cross-entropy (with α where given): the second norm, cross-entropy's, is PyTorch's too
                assertEquals(gradient[p], g[1], 1e-6 * Math.max(1e-3, gradient[p]), name + " " + id + " cross-entropy gradient at " + p);
            }
        }
    }

    @Test
    void crossEntropyIsFocalLossAtGammaZeroAndItsSlopeIsMinusAlpha() {
        for (double u : new double[] {1e-12, 1e-3, 0.7, 5, 60}) {
            double lm = ElementTerm.logOneMinus(u);
            assertEquals(1.5 * u, ElementTerm.CROSS_ENTROPY.value(1.5, u, lm), 1e-15 * u);
            assertEquals(-1.5, ElementTerm.CROSS_ENTROPY.slope(1.5, u, lm), 1e-15);
            assertEquals(1.5 * u * Math.pow(-Math.expm1(-u), 2), ElementTerm.focal(2).value(1.5, u, lm), 1e-12 * u);
        }
    }

    @Test
    void theFocalGradientRatioIsTheIssuesFormula() {
        // g(p, γ) = (1-p)^γ - γ p (1-p)^(γ-1) log p
        for (double p : new double[] {1e-6, 0.05, 0.2, 0.5, 0.9, 0.999}) {
            for (double gamma : new double[] {0.5, 1, 2, 5}) {
                double u = -Math.log(p);
                double expected = Math.pow(1 - p, gamma) - gamma * p * Math.pow(1 - p, gamma - 1) * Math.log(p);
                assertEquals(expected, ElementTerm.focal(gamma).gradientRatio(u, ElementTerm.logOneMinus(u)), 1e-12 * expected,
                        "p " + p + " γ " + gamma);
            }
        }
    }

    @Test
    void flsd53PicksItsGammaByPt() {
        ElementTerm t = new LossTerm.Flsd53().positive();
        assertEquals(5, t.gammaAt(ElementTerm.logOneMinus(-Math.log(0.19))));
        assertEquals(3, t.gammaAt(ElementTerm.logOneMinus(-Math.log(0.21))));
        assertEquals(3, t.gammaAt(ElementTerm.logOneMinus(-Math.log(0.9))));
    }
}
