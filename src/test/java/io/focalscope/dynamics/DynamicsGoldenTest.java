package io.focalscope.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.focalscope.TestFiles;
import io.focalscope.dataset.ImageDiscovery;
import io.focalscope.io.FloatArrays;
import io.focalscope.io.NpyReader;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import io.focalscope.loss.engines.Engines;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Training dynamics against the float64 reference of tools/make_dynamics_reference.py (numpy, and
 * checked there against torch): 3 images over 11 epochs named epoch_1 ... epoch_11, labels kept in
 * their own folder. On both engines: every image's and the dataset's figures, the loss at each
 * epoch without weights and with ENet weights from the whole run's labels, and every pixel of the
 * maps. The reference's planted cases: a wrong label in {@code car} that stays hard (its 20 pixels
 * are the run's only hard-and-stable ones), an ambiguous region in {@code street} that flips every
 * epoch, and exact float32 ties in {@code blurry}, where the arg-max is the lower class.
 */
class DynamicsGoldenTest {

    static final Path CASES = Path.of("src/test/resources/dynamics");
    static final Path RUN = CASES.resolve("run");
    static final JsonObject EXPECTED = TestFiles.json(CASES.resolve("expected.json"));

    static EpochRun run() {
        return EpochDiscovery.inFolder(RUN, RUN.resolve("labels"), ImageDiscovery.LOGITS_SUFFIX, ImageDiscovery.LABELS_SUFFIXES);
    }

    static LossSettings settings(WeightScheme weights) {
        return new LossSettings(EXPECTED.get("gamma").getAsDouble(), weights, 255, Reduction.MEAN, false);
    }

    static DynamicsFigures figures(EpochRun run, String engine, WeightScheme weights) {
        var e = Engines.choose(engine);
        DynamicsRun.Totals totals = DynamicsRun.run(run, e, settings(weights), HardThresholds.DEFAULT, 2, null, (d, t) -> { }, () -> false);
        return DynamicsFigures.of(run, totals, settings(weights), HardThresholds.DEFAULT, e.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "nd4j"})
    void everyImageAndTheDatasetMatchTheReference(String engine) {
        EpochRun run = run();
        List<String> epochs = EXPECTED.getAsJsonArray("epochs").asList().stream().map(j -> j.getAsString()).toList();
        assertEquals(epochs, run.epochs());
        assertEquals("epoch_9", run.epochs().get(8), "natural order: epoch_10 after epoch_9");
        for (String weighting : List.of("none", "enet")) {
            DynamicsFigures f = figures(run, engine, weighting.equals("none") ? new WeightScheme.None() : new WeightScheme.Enet(1.10));
            assertEquals(3, f.perImage().size());
            for (DynamicsFigures.ImageRow row : f.perImage()) {
                assertFigures(EXPECTED.getAsJsonObject("images").getAsJsonObject(row.name()), row.figures(), weighting, row.name());
            }
            assertFigures(EXPECTED.getAsJsonObject("dataset"), f.dataset(), weighting, "dataset");
            if (weighting.equals("enet")) {
                JsonArray w = EXPECTED.getAsJsonObject("dataset").getAsJsonArray("enetWeights");
                for (int c = 0; c < w.size(); c++) {
                    assertEquals(w.get(c).getAsDouble(), f.classWeights().values()[c], 1e-12, "weight of class " + c);
                }
            }
            // lowest confidence first
            assertEquals(List.of("car", "street", "blurry"), f.perImage().stream().map(DynamicsFigures.ImageRow::name).toList());
        }
    }

    /** weighted-mean divides by Σ w_y over the labelled pixels: the reference's mean times N over Σ_c w_c n_c. */
    @ParameterizedTest
    @ValueSource(strings = {"cpu", "nd4j"})
    void theWeightedMeanDividesByTheWeightsOfTheLabelledPixels(String engine) {
        EpochRun run = run();
        var e = Engines.choose(engine);
        LossSettings weighted = new LossSettings(2, new WeightScheme.Enet(1.10), 255, Reduction.WEIGHTED_MEAN, false);
        DynamicsFigures f = DynamicsFigures.of(run, DynamicsRun.run(run, e, weighted, HardThresholds.DEFAULT, 2, null, (d, t) -> { },
                () -> false), weighted, HardThresholds.DEFAULT, e.describe());
        JsonObject dataset = EXPECTED.getAsJsonObject("dataset");
        double weightSum = 0;
        for (int c = 0; c < 5; c++) {
            weightSum += dataset.getAsJsonArray("enetWeights").get(c).getAsDouble() * dataset.getAsJsonArray("counts").get(c).getAsLong();
        }
        JsonArray mean = dataset.getAsJsonObject("lossByEpoch").getAsJsonArray("enet");
        for (int epoch = 0; epoch < mean.size(); epoch++) {
            double want = mean.get(epoch).getAsDouble() * dataset.get("labelled").getAsLong() / weightSum;
            assertEquals(want, f.dataset().lossByEpoch()[epoch], 2e-5 * want, "epoch " + (epoch + 1));
        }
    }

    private static void assertFigures(JsonObject want, DynamicsFigures.Figures got, String weighting, String what) {
        assertEquals(want.get("labelled").getAsLong(), got.pixels(), what + " labelled");
        assertEquals(want.get("ignored").getAsLong(), got.ignored(), what + " ignored");
        assertEquals(want.get("confidence").getAsDouble(), got.confidence(), 1e-6, what + " confidence");
        assertEquals(want.get("variability").getAsDouble(), got.variability(), 1e-6, what + " variability");
        assertEquals(want.get("correctness").getAsDouble(), got.correctness(), 1e-12, what + " correctness (counts: exact but for the order of the sum)");
        assertEquals(want.get("forgetting").getAsDouble(), got.forgetting(), 1e-12, what + " forgetting");
        assertEquals(want.get("hardPixels").getAsLong(), got.hardPixels(), what + " hard pixels");
        JsonArray loss = want.getAsJsonObject("lossByEpoch").getAsJsonArray(weighting);
        assertEquals(loss.size(), got.lossByEpoch().length);
        for (int e = 0; e < loss.size(); e++) {
            double x = loss.get(e).getAsDouble();
            assertEquals(x, got.lossByEpoch()[e], 2e-5 * x, what + " " + weighting + " loss at epoch " + (e + 1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "nd4j"})
    void everyPixelOfTheMapsMatchesTheReference(String engine) {
        EpochRun run = run();
        for (TrackedImage image : run.images()) {
            DataMaps maps = ImageDynamics.of(0, image, Engines.choose(engine), settings(new WeightScheme.None()), HardThresholds.DEFAULT,
                    true, FloatArrays.FRESH, null).maps();
            assertEquals(List.of(1, 16, 24), java.util.Arrays.stream(maps.shape()).boxed().toList());
            assertMap(image.name(), "confidence", maps.confidence(), 1e-6);
            assertMap(image.name(), "variability", maps.variability(), 1e-6);
            assertMap(image.name(), "correctness", maps.correctness(), 0);
            assertMap(image.name(), "forgetting", maps.forgetting(), 0);
            int hard = 0;
            for (int p = 0; p < maps.confidence().length; p++) {
                hard += maps.hard(p) ? 1 : 0;
            }
            assertEquals(EXPECTED.getAsJsonObject("images").getAsJsonObject(image.name()).get("hardPixels").getAsInt(), hard);
        }
    }

    private static void assertMap(String image, String figure, float[] got, double tolerance) {
        float[] want = NpyReader.read(CASES.resolve("expected").resolve(image + "_" + figure + ".npy")).toFloats();
        assertEquals(want.length, got.length);
        int ignored = 0;
        for (int p = 0; p < want.length; p++) {
            if (Float.isNaN(want[p])) {
                assertTrue(Float.isNaN(got[p]), image + " " + figure + " at " + p + " should be NaN (ignored)");
                ignored++;
            } else {
                // float32 maps against the reference rounded to float: its ulp, and the float32 p_t's error
                assertEquals(want[p], got[p], tolerance + Math.ulp(want[p]), image + " " + figure + " at pixel " + p);
            }
        }
        assertTrue(ignored > 0, "the reference ignores some pixels of " + image);
    }
}
