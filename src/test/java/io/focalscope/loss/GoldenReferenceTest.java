package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import static io.focalscope.GoldenAssertions.RELATIVE;
import static io.focalscope.GoldenAssertions.assertClose;
import static io.focalscope.GoldenAssertions.doubles;

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

    static double[] toDoubles(long[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
