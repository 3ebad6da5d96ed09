package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.focalscope.TermCases;
import io.focalscope.io.BatchLoader;
import io.focalscope.io.NpyReader;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.engines.Engines;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every loss term (cross-entropy, focal, Poly-1, FLSD-53, ASL), softmax and sigmoid, on both engines
 * against PyTorch float64 autograd (tools/make_term_reference.py, src/test/resources/terms): the
 * reductions, cross-entropy on its own path, the per-class sums, the per-pixel loss map, the
 * per-pixel gradient norm and its means. The upstream classes the script checked its formulas
 * against are named in its README.
 */
class TermGoldenTest {

    static final Path CASES = TermCases.DIR;
    /** float32 arithmetic against float64: relative, with a floor for values near 0. */
    static final double REL = 2e-5;

    static Stream<Arguments> settings() {
        return TermCases.onBothEngines();
    }

    static LossSettings settings(JsonObject e, Reduction r) {
        return TermCases.settings(e, r);
    }

    static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, REL * Math.max(1e-3, Math.abs(expected)), what);
    }

    @ParameterizedTest(name = "{0} {1} on {2}")
    @MethodSource("settings")
    void valueGradientAndEveryReductionArePyTorchs(String name, String id, String engine, JsonObject e) {
        Path dir = CASES.resolve(name);
        SegmentationBatch batch = BatchLoader.load(dir.resolve("logits.npy").toString(), dir.resolve("labels.npy").toString());
        String what = name + " " + id + " on " + engine + ": ";
        try (PreparedBatch prepared = Engines.choose(engine).prepare(batch, 255, settings(e, Reduction.MEAN).activation())) {
            LossResult mean = prepared.evaluate(settings(e, Reduction.MEAN));
            assertEquals(e.get("elements").getAsLong(), mean.elements(), what + "elements");
            assertEquals(e.get("pixels").getAsLong(), mean.pixels(), what + "pixels");
            close(e.get("mean").getAsDouble(), mean.lossOnehot(), what + "mean");
            close(e.get("mean").getAsDouble(), mean.lossNll(), what + "mean (nll form)");
            close(e.get("sum").getAsDouble(), mean.sum(), what + "sum");
            close(e.get("crossEntropyMean").getAsDouble(), mean.crossEntropy(), what + "cross-entropy");
            List<JsonElement> classSums = e.getAsJsonArray("classSums").asList();
            for (int c = 0; c < classSums.size(); c++) {
                close(classSums.get(c).getAsDouble(), mean.perClass().get(c).share() * mean.sum(), what + "class " + c);
            }
            close(e.get("gradientMeanNorm").getAsDouble(), mean.gradient().meanNorm(), what + "gradient mean norm");
            close(e.get("crossEntropyGradientMeanNorm").getAsDouble(), mean.gradient().crossEntropyMeanNorm(),
                    what + "cross-entropy's gradient mean norm");
            close(e.get("weightedMean").getAsDouble(), prepared.evaluate(settings(e, Reduction.WEIGHTED_MEAN)).lossOnehot(),
                    what + "weighted-mean");
            close(e.get("meanAll").getAsDouble(), prepared.evaluate(settings(e, Reduction.MEAN_ALL)).lossOnehot(), what + "mean-all");
            close(e.get("sum").getAsDouble(), prepared.evaluate(settings(e, Reduction.SUM)).lossOnehot(), what + "sum");

            assertMap(NpyReader.read(dir.resolve(id + "_loss.npy")).toFloats(), mean.maps().focal(), what + "loss map");
            assertMap(NpyReader.read(dir.resolve(id + "_gradient.npy")).toFloats(), mean.maps().gradient(), what + "gradient map");
        }
    }

    /** Per pixel within float rounding of the larger of the value and the map's typical size. */
    static void assertMap(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int p = 0; p < expected.length; p++) {
            double tolerance = REL * Math.max(Math.abs(expected[p]), 1e-4 * scale) + 1e-30;
            assertTrue(Math.abs(expected[p] - actual[p]) <= tolerance,
                    what + " at pixel " + p + ": expected " + expected[p] + " but was " + actual[p]);
        }
    }
}
