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
import io.focalscope.loss.cpu.CpuEngine;
import io.focalscope.loss.nd4j.Nd4jEngine;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both engines against every case PyTorch computed in ../shared/reference (copied to test
 * resources), and against each other.
 */
class GoldenReferenceTest {

    /** Every reference case on every engine. */
    static Stream<Arguments> casesAndEngines() {
        return TestFiles.referenceCases().stream()
                .flatMap(dir -> Batches.engines().stream().map(engine -> Arguments.of(dir, engine)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("casesAndEngines")
    void engineMatchesPyTorch(Path dir, FocalLossEngine engine) {
        JsonObject expected = TestFiles.json(dir.resolve("expected.json"));
        LossResult r = compute(engine, dir, expected);

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
        // each form's own map against PyTorch's
        for (LossForm form : LossForm.values()) {
            float[] focal = form.map(r.maps());
            assertEquals(lossMap.length, focal.length, "loss map size");
            for (int p = 0; p < lossMap.length; p++) {
                assertEquals(lossMap[p], focal[p], RELATIVE * Math.max(1, Math.abs(lossMap[p])),
                        form + " loss map at flat pixel " + p);
            }
        }
    }

    /** The CPU kernel and the ND4J path, computed independently, agree within 1e-5 relative. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.focalscope.TestFiles#referenceCases")
    void enginesAgree(Path dir) {
        JsonObject expected = TestFiles.json(dir.resolve("expected.json"));
        LossResult cpu = compute(CpuEngine.vectorCode(), dir, expected);
        LossResult nd4j = compute(new Nd4jEngine(), dir, expected);
        assertRelative(cpu.lossNll(), nd4j.lossNll(), "loss.nll");
        assertRelative(cpu.lossOnehot(), nd4j.lossOnehot(), "loss.onehot");
        assertRelative(cpu.crossEntropy(), nd4j.crossEntropy(), "crossEntropy");
        assertRelative(cpu.asWritten().loss(), nd4j.asWritten().loss(), "asWritten.loss");
        for (int k = 0; k < cpu.classes(); k++) {
            assertRelative(cpu.perClass().get(k).meanLoss(), nd4j.perClass().get(k).meanLoss(), "perClass[" + k + "].meanLoss");
        }
        float[] a = cpu.maps().focal();
        float[] b = nd4j.maps().focal();
        for (int p = 0; p < a.length; p++) {
            assertEquals(a[p], b[p], 1e-5 * Math.max(1, Math.abs(a[p])), "focal loss at flat pixel " + p);
        }
    }

    private static void assertRelative(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-5 * Math.abs(expected), what);
    }

    static LossResult compute(FocalLossEngine engine, Path dir, JsonObject expected) {
        SegmentationBatch batch = BatchLoader.load(dir.resolve("logits.npy").toString(), dir.resolve("labels.npy").toString());
        WeightScheme scheme = expected.get("weights").getAsString().equals("enet")
                ? new WeightScheme.Enet(expected.get("enetC").getAsDouble()) : new WeightScheme.None();
        int ignore = expected.get("ignoreIndex").getAsInt();
        try (PreparedBatch prepared = engine.prepare(batch, ignore)) {
            return prepared.evaluate(new LossSettings(expected.get("gamma").getAsDouble(), scheme, ignore, Reduction.MEAN));
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
