package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.focalscope.TestFiles;
import io.focalscope.io.BatchLoader;
import io.focalscope.io.NpyReader;
import io.focalscope.io.SegmentationBatch;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The engine against every case PyTorch computed in ../shared/reference (copied to test resources). */
class GoldenReferenceTest {

    /** float32 arithmetic against float64 references. */
    static final double RELATIVE = 2e-5;

    static List<Path> cases() {
        return TestFiles.referenceCases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void engineMatchesPyTorch(Path dir) {
        JsonObject expected = TestFiles.json(dir.resolve("expected.json"));
        LossResult r = compute(dir, expected);

        assertEquals(expected.get("classes").getAsInt(), r.classes(), "classes");
        assertEquals(expected.get("pixels").getAsLong(), r.pixels(), "pixels");
        assertEquals(expected.get("ignored").getAsLong(), r.ignored(), "ignored");
        assertArrayEquals(doubles(expected.getAsJsonArray("counts")), toDoubles(r.counts()), "counts");
        assertClose(doubles(expected.getAsJsonArray("classWeights")), r.classWeights(), "classWeights");
        JsonObject loss = expected.getAsJsonObject("loss");
        assertClose(loss.get("nll").getAsDouble(), r.lossNll(), "loss.nll");
        assertClose(loss.get("onehot").getAsDouble(), r.lossOnehot(), "loss.onehot");
        assertClose(expected.get("sum").getAsDouble(), r.sum(), "sum");
        assertClose(expected.get("crossEntropy").getAsDouble(), r.crossEntropy(), "crossEntropy");
        JsonArray perClass = expected.getAsJsonArray("perClass");
        for (int k = 0; k < perClass.size(); k++) {
            JsonObject c = perClass.get(k).getAsJsonObject();
            ClassFigures f = r.perClass().get(k);
            assertEquals(c.get("pixels").getAsLong(), f.pixels(), "perClass[" + k + "].pixels");
            assertClose(c.get("meanLoss").getAsDouble(), f.meanLoss(), "perClass[" + k + "].meanLoss");
            assertClose(c.get("share").getAsDouble(), f.share(), "perClass[" + k + "].share");
        }
        float[] lossMap = NpyReader.read(dir.resolve("lossmap.npy")).toFloats();
        float[] focal = r.maps().focal();
        assertEquals(lossMap.length, focal.length, "loss map size");
        for (int p = 0; p < lossMap.length; p++) {
            assertEquals(lossMap[p], focal[p], RELATIVE * Math.max(1, Math.abs(lossMap[p])), "loss map at flat pixel " + p);
        }
        assertEquals(0.0, r.maxAbsDiff(), 1e-6 * Math.max(1, r.sum() / r.pixels()), "the two forms agree per pixel");
    }

    static LossResult compute(Path dir, JsonObject expected) {
        SegmentationBatch batch = BatchLoader.load(dir.resolve("logits.npy").toString(), dir.resolve("labels.npy").toString());
        WeightScheme scheme = expected.get("weights").getAsString().equals("enet")
                ? new WeightScheme.Enet(expected.get("enetC").getAsDouble()) : new WeightScheme.None();
        try (PreparedBatch prepared = FocalLossEngine.prepare(batch, expected.get("ignoreIndex").getAsInt())) {
            return prepared.evaluate(expected.get("gamma").getAsDouble(), scheme, Reduction.MEAN);
        }
    }

    static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, RELATIVE * Math.max(1e-3, Math.abs(expected)), what);
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertClose(expected[i], actual[i], what + "[" + i + "]");
        }
    }

    static double[] doubles(JsonArray a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i).getAsDouble();
        }
        return d;
    }

    static double[] toDoubles(long[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
