package io.focalscope.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.focalscope.TermCases;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.LossTerm;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.engines.Engines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A scan with every loss term against PyTorch's figures (src/test/resources/terms): the dataset's
 * loss from per-class sums with the weights applied to the whole dataset (Poly-1's added part
 * unweighted), every reduction, and the loss against the term's γ from the histograms.
 */
class TermScanTest {

    static Stream<Arguments> settings() {
        return TermCases.onBothEngines().filter(a -> ((String) a.get()[2]).equals("cpu") || ((String) a.get()[1]).endsWith("_w"))
                .map(a -> Arguments.of(a.get()[0], a.get()[1], a.get()[2], a.get()[3]));
    }

    /** The same image twice: the dataset's mean is the image's, its sum twice the image's. */
    static DatasetFigures scanTwice(Path dir, String name, JsonObject e, String engine, Reduction r) throws Exception {
        Path cases = TermCases.DIR.resolve(name).toAbsolutePath();
        String line = cases.resolve("logits.npy") + "," + cases.resolve("labels.npy") + "\n";
        Path list = Files.writeString(dir.resolve(name + ".csv"), "logits,labels\n" + line + line);
        LossSettings s = TermCases.settings(e, r).withGradient(false);
        ScanTotals t = DatasetScan.run(ImageDiscovery.fromList(list), Engines.choose(engine), s, 2, (d, n) -> { }, () -> false);
        return DatasetFigures.of(t, s, "test");
    }

    @ParameterizedTest(name = "{0} {1} on {2}")
    @MethodSource("settings")
    void theDatasetsFiguresArePyTorchs(String name, String id, String engine, JsonObject e, @TempDir Path dir) throws Exception {
        String what = name + " " + id + " on " + engine + ": ";
        DatasetFigures mean = scanTwice(dir, name, e, engine, Reduction.MEAN);
        close(e.get("mean").getAsDouble(), mean.loss(), what + "mean");
        close(e.get("mean").getAsDouble(), mean.perImage().get(0).meanFocal(), what + "the image's mean");
        close(e.get("crossEntropyMean").getAsDouble(), mean.crossEntropy(), what + "cross-entropy");
        close(2 * e.get("sum").getAsDouble(), scanTwice(dir, name, e, engine, Reduction.SUM).loss(), what + "sum");
        close(e.get("weightedMean").getAsDouble(), scanTwice(dir, name, e, engine, Reduction.WEIGHTED_MEAN).loss(),
                what + "weighted-mean");
        close(e.get("meanAll").getAsDouble(), scanTwice(dir, name, e, engine, Reduction.MEAN_ALL).loss(), what + "mean-all");
        LossTerm term = TermCases.settings(e, Reduction.MEAN).term();
        if (term.variesGamma()) {
            // the curve's point at the term's own γ, from the histograms
            DatasetFigures.GammaPoint p = mean.lossVsGamma().stream().filter(g -> g.gamma() == term.gamma()).findFirst().orElseThrow();
            assertEquals(e.get("mean").getAsDouble(), p.loss(), 1e-3 * e.get("mean").getAsDouble(), what + "the curve at its γ");
            assertEquals(21, mean.lossVsGamma().size());
        } else {
            assertEquals(1, mean.lossVsGamma().size(), what + "FLSD-53's curve is its one point");
            assertTrue(Double.isNaN(mean.lossVsGamma().get(0).gamma()));
            close(e.get("mean").getAsDouble(), mean.lossVsGamma().get(0).loss(), what + "the curve's one point");
        }
    }

    static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, 2e-5 * Math.max(1e-3, Math.abs(expected)), what);
    }
}
