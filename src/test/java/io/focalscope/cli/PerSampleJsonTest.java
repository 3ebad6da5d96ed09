package io.focalscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.focalscope.TestFiles;
import io.focalscope.io.NdArray;
import io.focalscope.io.NpyReader;
import io.focalscope.io.NpyWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code compute --json}'s {@code perSample} against focal loss worked out here in float64 from the logits. */
class PerSampleJsonTest {

    private static final Path CASE = TestFiles.REFERENCE_CASES.resolve("seed_example"); // logits (2, 6, 5, 5)
    private static final int IGNORE = 255;

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "--reduction {0} --weights {1} --engine {2}")
    @CsvSource({"mean,none,cpu", "mean,enet,nd4j", "sum,enet,cpu", "weighted-mean,enet,cpu", "weighted-mean,enet,nd4j",
            "mean-all,none,cpu"})
    void eachSampleIsReducedOnItsOwnAsTheBatchIs(String reduction, String weights, String engine) {
        NdArray logits = NpyReader.read(CASE.resolve("logits.npy"));
        int[] labels = NpyReader.read(CASE.resolve("labels.npy")).toInts();
        int[] s = logits.shape();
        int classes = s[1];
        int hw = s[2] * s[3];
        for (int p = hw; p < hw + 7; p++) {
            labels[p] = IGNORE; // sample 1 keeps 18 of its 25 pixels
        }
        Path labelsFile = tmp.resolve("labels.npy");
        NpyWriter.write(labelsFile, NdArray.ofInts("labels", new int[] {s[0], s[2], s[3]}, labels));

        CliRun run = CliRun.of("compute", "--logits", CASE.resolve("logits.npy").toString(), "--labels", labelsFile.toString(),
                "--gamma", "2", "--reduction", reduction, "--weights", weights, "--engine", engine, "--json", "-");
        assertEquals(0, run.exitCode(), run.err());
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        double[] w = new double[classes];
        JsonArray classWeights = json.getAsJsonArray("classWeights");
        for (int c = 0; c < classes; c++) {
            w[c] = classWeights.get(c).getAsDouble();
        }

        float[] z = logits.toFloats();
        JsonArray perSample = json.getAsJsonArray("perSample");
        assertEquals(s[0], perSample.size());
        double batchFocal = 0;
        for (int n = 0; n < s[0]; n++) {
            double focal = 0;
            double crossEntropy = 0;
            double weightSum = 0;
            long pixels = 0;
            for (int p = 0; p < hw; p++) {
                int y = labels[n * hw + p];
                if (y == IGNORE) {
                    continue;
                }
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    max = Math.max(max, z[(n * classes + c) * hw + p]);
                }
                double norm = 0;
                for (int c = 0; c < classes; c++) {
                    norm += Math.exp(z[(n * classes + c) * hw + p] - max);
                }
                double logPt = z[(n * classes + y) * hw + p] - max - Math.log(norm);
                double pt = Math.exp(logPt);
                focal += -w[y] * (1 - pt) * (1 - pt) * logPt;
                crossEntropy += -w[y] * logPt;
                weightSum += w[y];
                pixels++;
            }
            double denominator = switch (reduction) {
                case "mean" -> pixels;
                case "sum" -> 1;
                case "weighted-mean" -> weightSum;
                case "mean-all" -> hw;
                default -> throw new IllegalArgumentException(reduction);
            };
            JsonObject sample = perSample.get(n).getAsJsonObject();
            assertEquals(List.of("sample", "pixels", "loss", "crossEntropy"), List.copyOf(sample.keySet()));
            assertEquals(n, sample.get("sample").getAsInt());
            assertEquals(n == 0 ? 25 : 18, sample.get("pixels").getAsLong());
            assertEquals(pixels, sample.get("pixels").getAsLong());
            assertRelative(focal / denominator, sample.get("loss").getAsDouble(), "loss of sample " + n);
            assertRelative(crossEntropy / denominator, sample.get("crossEntropy").getAsDouble(), "cross-entropy of sample " + n);
            batchFocal += focal;
        }
        if (reduction.equals("sum")) {
            assertRelative(batchFocal, json.getAsJsonObject("loss").get("onehot").getAsDouble(), "the batch's sum");
        }
    }

    @ParameterizedTest(name = "--engine {0}")
    @CsvSource({"cpu", "nd4j"})
    void sigmoidSamplesAddUpToTheBatchUnderSum(String engine) {
        CliRun run = CliRun.of("compute", "--logits", CASE.resolve("logits.npy").toString(), "--labels",
                CASE.resolve("labels.npy").toString(), "--activation", "sigmoid", "--reduction", "sum", "--weights", "enet",
                "--engine", engine, "--json", "-");
        assertEquals(0, run.exitCode(), run.err());
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        double loss = 0;
        double crossEntropy = 0;
        for (var e : json.getAsJsonArray("perSample")) {
            assertEquals(25, e.getAsJsonObject().get("pixels").getAsLong());
            loss += e.getAsJsonObject().get("loss").getAsDouble();
            crossEntropy += e.getAsJsonObject().get("crossEntropy").getAsDouble();
        }
        assertRelative(json.getAsJsonObject("loss").get("sigmoid").getAsDouble(), loss, "the samples' sigmoid loss");
        assertRelative(json.get("crossEntropy").getAsDouble(), crossEntropy, "the samples' cross-entropy");
    }

    private static void assertRelative(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-5 * Math.abs(expected), what);
    }
}
