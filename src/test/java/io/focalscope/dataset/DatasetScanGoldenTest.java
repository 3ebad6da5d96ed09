package io.focalscope.dataset;

import static io.focalscope.GoldenAssertions.assertClose;
import static io.focalscope.GoldenAssertions.doubles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.focalscope.TestFiles;
import io.focalscope.loss.engines.Engines;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A scan of the small dataset that tools/make_dataset_reference.py generated (.npz images, pairs
 * with .npy and PNG labels, images of different sizes, a batch, float16 logits, broken files)
 * against what PyTorch computed for it in float64.
 */
class DatasetScanGoldenTest {

    static final Path DATASET = Path.of("src/test/resources/dataset");
    static final Path IMAGES = DATASET.resolve("images");

    static JsonObject expected() {
        return TestFiles.json(DATASET.resolve("expected.json"));
    }

    static LossSettings settings(JsonObject c) {
        WeightScheme scheme = switch (c.get("weights").getAsString()) {
            case "none" -> new WeightScheme.None();
            case "enet" -> new WeightScheme.Enet(1.10);
            case "inverse" -> new WeightScheme.Inverse();
            case "median" -> new WeightScheme.MedianFrequency();
            case "effective" -> new WeightScheme.EffectiveNumber(0.999);
            default -> throw new IllegalArgumentException(c.get("weights").getAsString());
        };
        return new LossSettings(c.get("gamma").getAsDouble(), scheme, 255, Reduction.parse(c.get("reduction").getAsString()), false);
    }

    static Stream<Arguments> cases() {
        JsonArray scans = expected().getAsJsonArray("scans");
        return Stream.concat(
                scans.asList().stream().map(c -> Arguments.of("cpu", c.getAsJsonObject())),
                Stream.of(Arguments.of("nd4j", scans.get(0).getAsJsonObject())));
    }

    static DatasetFigures scan(FocalLossEngine engine, LossSettings settings, int threads) {
        ImageList list = ImageDiscovery.inFolder(IMAGES, ImageDiscovery.LOGITS_SUFFIX, ImageDiscovery.LABELS_SUFFIXES);
        ScanTotals totals = DatasetScan.run(list, engine, settings, threads, (d, t) -> { }, () -> false);
        return DatasetFigures.of(totals, settings, engine.describe());
    }

    @ParameterizedTest(name = "{0}: γ {1}")
    @MethodSource("cases")
    void aScanGivesWhatPyTorchComputesForTheDataset(String engine, JsonObject c) {
        DatasetFigures f = scan(Engines.choose(engine), settings(c), 2);
        String what = c.get("weights").getAsString() + ", " + c.get("reduction").getAsString() + ", γ " + c.get("gamma");

        assertEquals(c.get("images").getAsInt(), f.images(), what);
        assertEquals(c.get("classes").getAsInt(), f.classes());
        assertEquals(c.get("pixels").getAsLong(), f.pixels());
        assertEquals(c.get("ignored").getAsLong(), f.ignored());
        assertArrayEquals(longs(c.getAsJsonArray("counts")), f.counts());
        assertClose(doubles(c.getAsJsonArray("classWeights")), f.classWeights().values(), what + " weights");
        assertClose(c.get("loss").getAsDouble(), f.loss(), what + " loss");
        assertClose(c.get("crossEntropy").getAsDouble(), f.crossEntropy(), what + " cross-entropy");
        JsonArray perClass = c.getAsJsonArray("perClass");
        for (int k = 0; k < perClass.size(); k++) {
            JsonObject e = perClass.get(k).getAsJsonObject();
            assertEquals(e.get("pixels").getAsLong(), f.perClass().get(k).pixels());
            assertClose(e.get("meanLoss").getAsDouble(), f.perClass().get(k).meanLoss(), what + " class " + k + " mean");
            assertClose(e.get("share").getAsDouble(), f.perClass().get(k).share(), what + " class " + k + " share");
            assertClose(e.get("meanCrossEntropy").getAsDouble(), f.perClass().get(k).meanCrossEntropy(), what + " class " + k + " mean CE");
            assertClose(e.get("crossEntropyShare").getAsDouble(), f.perClass().get(k).crossEntropyShare(), what + " class " + k + " CE share");
        }
        JsonArray perImage = c.getAsJsonArray("perImage");
        assertEquals(perImage.size(), f.perImage().size());
        for (int i = 0; i < perImage.size(); i++) {
            JsonObject e = perImage.get(i).getAsJsonObject();
            DatasetFigures.ImageRow row = f.perImage().get(i);
            String image = what + " rank " + (i + 1);
            assertEquals(e.get("name").getAsString(), row.name(), image);
            assertEquals(i + 1, row.rank());
            assertEquals(e.get("pixels").getAsLong(), row.pixels(), image);
            assertEquals(e.get("ignored").getAsLong(), row.ignored(), image);
            assertClose(e.get("meanFocal").getAsDouble(), row.meanFocal(), image + " meanFocal");
            assertClose(e.get("crossEntropy").getAsDouble(), row.crossEntropy(), image + " crossEntropy");
            assertEquals(e.get("worstClass").getAsInt(), row.worstClass(), image + " worst class");
            assertClose(e.get("worstClassShare").getAsDouble(), row.worstClassShare(), image + " worst class's share");
        }
        JsonArray curve = c.getAsJsonArray("lossVsGamma");
        assertEquals(curve.size(), f.lossVsGamma().size());
        for (int i = 0; i < curve.size(); i++) {
            JsonObject e = curve.get(i).getAsJsonObject();
            double exact = e.get("loss").getAsDouble();
            assertEquals(e.get("gamma").getAsDouble(), f.lossVsGamma().get(i).gamma());
            // from the histograms of -log p_t, against PyTorch's full recompute at that γ
            assertEquals(exact, f.lossVsGamma().get(i).loss(), 1e-3 * exact, what + " loss at γ " + e.get("gamma"));
        }
        List<String> failedFiles = f.failed().stream().map(x -> Path.of(x.file()).getFileName().toString()).toList();
        assertEquals(strings(expected().getAsJsonArray("failed")), failedFiles);
    }

    static long[] longs(JsonArray a) {
        return a.asList().stream().mapToLong(JsonElement::getAsLong).toArray();
    }

    static List<String> strings(JsonArray a) {
        return a.asList().stream().map(JsonElement::getAsString).toList();
    }
}
