package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.focalscope.TestFiles;
import io.focalscope.io.BatchLoader;
import io.focalscope.io.InputException;
import io.focalscope.io.NpyReader;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.engines.Engines;
import io.focalscope.session.Dataset;
import io.focalscope.session.Inspection;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sigmoid focal loss against torchvision.ops.sigmoid_focal_loss (float64) on the cases that
 * tools/make_sigmoid_reference.py made: a binary map, one-vs-rest from an index map, a multi-label
 * mask; α 0.25 and none; γ 0, 2 and 5; every reduction.
 */
class SigmoidGoldenTest {

    static final Path CASES = Path.of("src/test/resources/sigmoid");
    static final double REL = 1e-4;

    static Stream<Arguments> settings() {
        return Stream.of("binary", "one_vs_rest", "multi_label").flatMap(name ->
                TestFiles.json(CASES.resolve(name).resolve("expected.json")).getAsJsonArray("settings").asList().stream()
                        .flatMap(s -> Stream.of("cpu", "nd4j").map(engine -> Arguments.of(name, engine, s.getAsJsonObject()))));
    }

    static LossResult evaluate(String name, String engine, Double alpha, double gamma, Reduction r, WeightScheme w) {
        Path dir = CASES.resolve(name);
        SegmentationBatch batch = BatchLoader.load(dir.resolve("logits.npy").toString(), dir.resolve("labels.npy").toString());
        try (Inspection i = new Inspection(new Dataset(batch, null, io.focalscope.classes.ClassSet.numbered(batch.classes()), name),
                Engines.choose(engine))) {
            return i.evaluate(new LossSettings(gamma, w, 255, r, true, Activation.SIGMOID, alpha));
        }
    }

    static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, REL * Math.max(1e-6, Math.abs(expected)), what);
    }

    @ParameterizedTest(name = "{0} on {1}: {2}")
    @MethodSource("settings")
    void everyReductionIsTorchvisionsOnTheKeptElements(String name, String engine, JsonObject e) {
        Double alpha = e.get("alpha").isJsonNull() ? null : e.get("alpha").getAsDouble();
        double gamma = e.get("gamma").getAsDouble();
        String what = name + " α " + alpha + " γ " + gamma;
        LossResult mean = evaluate(name, engine, alpha, gamma, Reduction.MEAN, new WeightScheme.None());
        close(e.get("mean").getAsDouble(), mean.lossOnehot(), what + " mean");
        close(e.get("sum").getAsDouble(), mean.sum(), what + " sum");
        close(e.get("crossEntropyMean").getAsDouble(), mean.crossEntropy(), what + " cross-entropy");
        assertEquals(e.get("elements").getAsLong(), mean.elements());
        assertArrayEquals(e.getAsJsonArray("positives").asList().stream().mapToLong(JsonElement::getAsLong).toArray(), mean.counts());
        List<JsonElement> classSums = e.getAsJsonArray("classSums").asList();
        for (int c = 0; c < classSums.size(); c++) {
            close(classSums.get(c).getAsDouble(), mean.perClass().get(c).share() * mean.sum(), what + " class " + c);
        }
        close(e.get("sum").getAsDouble(), evaluate(name, engine, alpha, gamma, Reduction.SUM, new WeightScheme.None()).lossOnehot(), what);
        close(e.get("meanAll").getAsDouble(), evaluate(name, engine, alpha, gamma, Reduction.MEAN_ALL, new WeightScheme.None()).lossOnehot(), what);
        close(e.get("weightedMean").getAsDouble(),
                evaluate(name, engine, alpha, gamma, Reduction.WEIGHTED_MEAN, new WeightScheme.None()).lossOnehot(), what);
        assertEquals(Activation.SIGMOID, mean.activation());
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"binary", "one_vs_rest", "multi_label"})
    void thePerPixelMapIsTorchvisionsSummedOverTheChannels(String name) {
        float[] expected = NpyReader.read(CASES.resolve(name).resolve("lossmap.npy")).toFloats();
        LossResult r = evaluate(name, "cpu", 0.25, 2.0, Reduction.MEAN, new WeightScheme.None());
        float[] map = r.maps().focal();
        assertEquals(expected.length, map.length);
        for (int p = 0; p < map.length; p++) {
            assertEquals(expected[p], map[p], REL * Math.max(1e-6, Math.abs(expected[p])), name + " pixel " + p);
        }
    }

    @Test
    void classWeightsMultiplyTheirChannelsTerms() {
        double[] w = {0.5, 2, 1, 3};
        LossResult plain = evaluate("multi_label", "cpu", 0.25, 2.0, Reduction.SUM, new WeightScheme.None());
        LossResult weighted = evaluate("multi_label", "cpu", 0.25, 2.0, Reduction.SUM, new WeightScheme.Explicit(w, "test"));
        double expected = 0;
        for (int c = 0; c < w.length; c++) {
            expected += w[c] * plain.perClass().get(c).share() * plain.sum();
        }
        close(expected, weighted.lossOnehot(), "Σ_c w_c S_c");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"cpu", "nd4j"})
    void gammaZeroIsBinaryCrossEntropyAndHugeLogitsStayFinite(String engine) {
        LossResult r = evaluate("one_vs_rest", engine, null, 0, Reduction.MEAN, new WeightScheme.None());
        close(r.crossEntropy(), r.lossOnehot(), "focal at γ 0 (the term's path) against cross-entropy (its own)");
        float[] z = {1000, -1000, 0, 1000};
        SegmentationBatch b = new SegmentationBatch(z, new int[] {1, 0, 1, 1}, 1, 4, 1, 1, "z", "y");
        LossResult big = Engines.choose(engine).prepare(b, null, Activation.SIGMOID).evaluate(new LossSettings(2,
                new WeightScheme.None(), null, Reduction.SUM, false, Activation.SIGMOID, null));
        // terms: x=1000,t=1 → 0; x=-1000,t=0 → 0; x=0,t=1 → ln 2 / 4; x=1000,t=1 → 0
        assertEquals(Math.log(2) / 4, big.lossOnehot(), 1e-7);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"cpu", "nd4j"})
    void targetsThatAreNot01AreRefusedWithTheirPlace(String engine) {
        FocalLossEngine chosen = Engines.choose(engine);
        SegmentationBatch binary = new SegmentationBatch(new float[4], new int[] {0, 1, 3, 0}, 1, 1, 2, 2, "logits.npy", "labels.npy");
        InputException e = assertThrows(InputException.class, () -> chosen.prepare(binary, 255, Activation.SIGMOID));
        assertEquals("labels.npy: label 3 at (n=0, y=1, x=0) is neither 0 nor 1 (one logit channel takes a 0/1 map)"
                + " nor the ignore index 255", e.getMessage());
        SegmentationBatch mask = new SegmentationBatch(new float[8], new int[] {0, 1, 1, 0, 0, 2, 0, 0}, 1, 2, 2, 2, "logits.npy", "masks.npy");
        e = assertThrows(InputException.class, () -> chosen.prepare(mask, 255, Activation.SIGMOID));
        assertEquals("masks.npy: label 2 at (n=0, c=1, y=0, x=1) is neither 0 nor 1 (a mask per class holds 0 or 1)"
                + " nor the ignore index 255", e.getMessage());
        e = assertThrows(InputException.class, () -> Participation.classIndex(mask, 255));
        assertEquals("masks.npy: holds a 0/1 mask per class [N,C,H,W] (multi-label targets), which the softmax loss"
                + " cannot take: use --activation sigmoid", e.getMessage());
    }

    @Test
    void alphaIsChecked() {
        InputException e = assertThrows(InputException.class, () -> new LossSettings(2, new WeightScheme.None(), 255,
                Reduction.MEAN, false, Activation.SIGMOID, 1.5));
        assertEquals("alpha (α) must be a number in [0, 1] or 'none', got 1.5", e.getMessage());
        // both ends belong to the range
        assertEquals(0.0, new LossSettings(2, new WeightScheme.None(), 255, Reduction.MEAN, false, Activation.SIGMOID, 0.0).alpha());
        assertEquals(1.0, new LossSettings(2, new WeightScheme.None(), 255, Reduction.MEAN, false, Activation.SIGMOID, 1.0).alpha());
        e = assertThrows(InputException.class, () -> new LossSettings(2, new WeightScheme.None(), 255,
                Reduction.MEAN, false, Activation.SOFTMAX, 0.25));
        assertEquals("alpha (α) applies to the sigmoid activation; with softmax the class weights are α", e.getMessage());
    }
}
