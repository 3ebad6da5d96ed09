package io.focalscope.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.focalscope.TestFiles;
import io.focalscope.loss.Activation;
import io.focalscope.loss.engines.Engines;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scan with the sigmoid loss against torchvision's figures for the same images. */
class SigmoidScanTest {

    static final Path CASE = Path.of("src/test/resources/sigmoid/one_vs_rest").toAbsolutePath();

    static JsonObject expected(double gamma) {
        for (JsonElement e : TestFiles.json(CASE.resolve("expected.json")).getAsJsonArray("settings")) {
            JsonObject o = e.getAsJsonObject();
            if (!o.get("alpha").isJsonNull() && o.get("gamma").getAsDouble() == gamma) {
                return o;
            }
        }
        throw new AssertionError();
    }

    DatasetFigures scanTwice(Path dir, Reduction r) throws Exception {
        // the same image twice: the dataset's mean is the image's, its sum twice the image's
        Path list = Files.writeString(dir.resolve("list.csv"), "logits,labels\n"
                + CASE.resolve("logits.npy") + "," + CASE.resolve("labels.npy") + "\n"
                + CASE.resolve("logits.npy") + "," + CASE.resolve("labels.npy") + "\n");
        LossSettings s = new LossSettings(2, new WeightScheme.None(), 255, r, false, Activation.SIGMOID, 0.25);
        ScanTotals t = DatasetScan.run(ImageDiscovery.fromList(list), Engines.choose("cpu"), s, 2, (d, n) -> { }, () -> false);
        return DatasetFigures.of(t, s, "test");
    }

    @Test
    void theDatasetsSigmoidLossAndItsCurveAreTorchvisions(@TempDir Path dir) throws Exception {
        DatasetFigures mean = scanTwice(dir, Reduction.MEAN);
        JsonObject at2 = expected(2.0);
        assertEquals(at2.get("mean").getAsDouble(), mean.loss(), 1e-4 * at2.get("mean").getAsDouble());
        assertEquals(at2.get("mean").getAsDouble(), mean.perImage().get(0).meanFocal(), 1e-4 * at2.get("mean").getAsDouble());
        assertArrayEquals(at2.getAsJsonArray("positives").asList().stream().mapToLong(e -> 2 * e.getAsLong()).toArray(), mean.counts());
        for (double g : new double[] {0, 2, 5}) {
            double want = expected(g).get("mean").getAsDouble();
            double got = mean.lossVsGamma().get((int) (g * 4)).loss();
            assertEquals(want, got, 1e-3 * want, "the histograms' loss at γ " + g);
        }
        DatasetFigures sum = scanTwice(dir, Reduction.SUM);
        assertEquals(2 * at2.get("sum").getAsDouble(), sum.loss(), 2e-4 * at2.get("sum").getAsDouble());
        DatasetFigures weighted = scanTwice(dir, Reduction.WEIGHTED_MEAN);
        assertEquals(at2.get("weightedMean").getAsDouble(), weighted.loss(), 1e-4 * at2.get("weightedMean").getAsDouble());
        DatasetFigures all = scanTwice(dir, Reduction.MEAN_ALL);
        assertEquals(at2.get("meanAll").getAsDouble(), all.loss(), 1e-4 * at2.get("meanAll").getAsDouble());
        assertEquals(List.of(), mean.failed());
    }

    /** `scan --calibration` with sigmoid: the dataset's calibration is each image's, merged (the same image twice: the same figures). */
    @Test
    void theDatasetsSigmoidCalibrationIsTheImagesOwn(@TempDir Path dir) throws Exception {
        Path list = Files.writeString(dir.resolve("list.csv"), "logits,labels\n"
                + CASE.resolve("logits.npy") + "," + CASE.resolve("labels.npy") + "\n"
                + CASE.resolve("logits.npy") + "," + CASE.resolve("labels.npy") + "\n");
        LossSettings s = new LossSettings(2, new WeightScheme.None(), 255, Reduction.MEAN, false, Activation.SIGMOID, 0.25);
        ScanTotals t = DatasetScan.run(ImageDiscovery.fromList(list), Engines.choose("cpu"), s, 1, 15, (d, n) -> { }, () -> false);
        io.focalscope.io.SegmentationBatch b = io.focalscope.io.BatchLoader.load(CASE.resolve("logits.npy").toString(),
                CASE.resolve("labels.npy").toString());
        io.focalscope.calibration.Calibration image = io.focalscope.calibration.CalibrationSums.of(b, s, 15).figures();
        io.focalscope.calibration.Calibration dataset = t.calibration().figures();
        assertEquals(2 * image.pixels(), dataset.pixels());
        assertEquals(image.ece(), dataset.ece(), 1e-12);
        assertEquals(image.nll(), dataset.nll(), 1e-12);
    }
}
