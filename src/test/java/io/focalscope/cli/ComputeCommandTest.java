package io.focalscope.cli;

import static io.focalscope.TestFiles.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static io.focalscope.GoldenAssertions.RELATIVE;
import static io.focalscope.GoldenAssertions.assertClose;
import static io.focalscope.GoldenAssertions.doubles;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.focalscope.TestFiles;
import io.focalscope.io.NdArray;
import io.focalscope.io.NpyReader;
import io.focalscope.io.NpyWriter;
import io.focalscope.loss.engines.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ComputeCommandTest {

    @TempDir
    Path tmp;

    static List<Path> cases() {
        return TestFiles.referenceCases();
    }

    /** Every reference case with each engine. */
    static Stream<Arguments> casesAndEngines() {
        return cases().stream().flatMap(dir -> Engines.NAMES.stream().filter(e -> !e.equals("auto"))
                .map(engine -> Arguments.of(dir, engine)));
    }

    /** Every golden case through the command line: JSON figures and the written loss map. */
    @ParameterizedTest(name = "{0} --engine {1}")
    @MethodSource("casesAndEngines")
    void goldenCasesThroughTheCli(Path dir, String engine) {
        JsonObject expected = TestFiles.json(dir.resolve("expected.json"));
        Path lossMap = tmp.resolve("loss.npy");
        CliRun run = CliRun.of("compute", "--logits", dir.resolve("logits.npy").toString(),
                "--labels", dir.resolve("labels.npy").toString(),
                "--gamma", expected.get("gamma").getAsString(), "--weights", expected.get("weights").getAsString(),
                "--enet-c", expected.get("enetC").getAsString(), "--json", "-", "--loss-map", lossMap.toString(),
                "--engine", engine);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        for (String key : List.of("gamma", "ignoreIndex", "classes", "pixels", "ignored")) {
            assertEquals(expected.get(key).getAsDouble(), json.get(key).getAsDouble(), key);
        }
        for (String key : List.of("sum", "crossEntropy")) {
            assertClose(expected.get(key).getAsDouble(), json.get(key).getAsDouble(), key);
        }
        for (String form : List.of("nll", "onehot")) {
            assertClose(expected.getAsJsonObject("loss").get(form).getAsDouble(), json.getAsJsonObject("loss").get(form).getAsDouble(), form);
        }
        assertArrayEquals(doubles(expected.getAsJsonArray("counts")), doubles(json.getAsJsonArray("counts")), "counts");
        double[] weights = doubles(expected.getAsJsonArray("classWeights"));
        double[] actualWeights = doubles(json.getAsJsonArray("classWeights"));
        for (int k = 0; k < weights.length; k++) {
            assertClose(weights[k], actualWeights[k], "classWeights[" + k + "]");
        }
        JsonArray perClass = json.getAsJsonArray("perClass");
        for (int k = 0; k < perClass.size(); k++) {
            JsonObject e = expected.getAsJsonArray("perClass").get(k).getAsJsonObject();
            JsonObject a = perClass.get(k).getAsJsonObject();
            assertEquals(k, a.get("class").getAsInt());
            assertEquals(e.get("pixels").getAsLong(), a.get("pixels").getAsLong());
            assertClose(e.get("meanLoss").getAsDouble(), a.get("meanLoss").getAsDouble(), "meanLoss " + k);
            assertClose(e.get("share").getAsDouble(), a.get("share").getAsDouble(), "share " + k);
        }
        assertEquals(Engines.choose(engine).describe(), json.get("backend").getAsString());
        String scheme = expected.get("weights").getAsString().equals("enet")
                ? "enet(c=" + expected.get("enetC").getAsDouble() + ")" : "none";
        assertTrue(run.out().contains("\"weights\": \"" + scheme + "\""), "plain, not HTML-escaped: " + run.out());
        assertTrue(json.get("maxAbsDiff").getAsDouble() < 1e-4, "maxAbsDiff");
        // the reference cases' logits are moderate: the post's own code gives a finite loss, close to ours
        JsonObject asWritten = json.getAsJsonObject("asWritten");
        assertEquals(0, asWritten.get("nonFinitePixels").getAsLong());
        assertEquals(json.getAsJsonObject("loss").get("onehot").getAsDouble(), asWritten.get("loss").getAsDouble(),
                1e-5 * json.getAsJsonObject("loss").get("onehot").getAsDouble());

        float[] written = NpyReader.read(lossMap).toFloats();
        float[] golden = NpyReader.read(dir.resolve("lossmap.npy")).toFloats();
        assertArrayEquals(NpyReader.read(dir.resolve("lossmap.npy")).shape(), NpyReader.read(lossMap).shape());
        for (int p = 0; p < golden.length; p++) {
            assertEquals(golden[p], written[p], RELATIVE * Math.max(1, Math.abs(golden[p])), "loss map pixel " + p);
        }
    }

    @Test
    void jsonHasExactlyTheDocumentedKeysFirst() {
        Path dir = TestFiles.REFERENCE_CASES.resolve("seed_example");
        CliRun run = CliRun.of("compute", "--logits", dir.resolve("logits.npy").toString(), "--labels",
                dir.resolve("labels.npy").toString(), "--json", "-");
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        assertEquals(List.of("gamma", "ignoreIndex", "classes", "pixels", "ignored", "counts", "classWeights", "loss",
                "maxAbsDiff", "sum", "crossEntropy", "perClass", "backend", "reduction", "weights", "nonFinite", "warnings",
                "asWritten", "activation", "lossTerm", "gradient", "perSample"), new ArrayList<>(json.keySet()));
        assertEquals("softmax", json.get("activation").getAsString());
        assertEquals(List.of("loss", "nonFinitePixels", "maxRelError"), new ArrayList<>(json.getAsJsonObject("asWritten").keySet()));

        assertEquals(List.of("class", "pixels", "meanLoss", "share"),
                new ArrayList<>(json.getAsJsonArray("perClass").get(0).getAsJsonObject().keySet()));
    }

    @Test
    void sigmoidJsonHasItsKeysAndTorchvisionsLoss() {
        Path dir = Path.of("src/test/resources/sigmoid/one_vs_rest");
        CliRun run = CliRun.of("compute", "--logits", dir.resolve("logits.npy").toString(), "--labels",
                dir.resolve("labels.npy").toString(), "--activation", "sigmoid", "--json", "-");
        assertEquals(0, run.exitCode(), run.err());
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        assertEquals(List.of("gamma", "ignoreIndex", "classes", "pixels", "elements", "ignored", "counts", "classWeights", "loss",
                "sum", "crossEntropy", "perClass", "backend", "reduction", "weights", "nonFinite", "warnings", "activation",
                "alpha", "lossTerm", "gradient", "perSample"), new ArrayList<>(json.keySet()));
        assertEquals(List.of("sigmoid"), new ArrayList<>(json.getAsJsonObject("loss").keySet()));
        assertEquals(0.25, json.get("alpha").getAsDouble());
        JsonObject expected = TestFiles.json(dir.resolve("expected.json")).getAsJsonArray("settings").get(1).getAsJsonObject();
        double want = expected.get("mean").getAsDouble();
        assertEquals(want, json.getAsJsonObject("loss").get("sigmoid").getAsDouble(), 1e-4 * want);

        CliRun none = CliRun.of("compute", "--logits", dir.resolve("logits.npy").toString(), "--labels",
                dir.resolve("labels.npy").toString(), "--activation", "sigmoid", "--alpha", "none", "--json", "-");
        assertTrue(JsonParser.parseString(none.out()).getAsJsonObject().get("alpha").isJsonNull());
        CliRun softmaxAlpha = CliRun.of("compute", "--logits", dir.resolve("logits.npy").toString(), "--labels",
                dir.resolve("labels.npy").toString(), "--alpha", "0.5");
        assertEquals(1, softmaxAlpha.exitCode());
        assertEquals("focalscope: --alpha applies to --activation sigmoid; with softmax, --weights are the α of each class\n",
                softmaxAlpha.err());
        assertEquals("focalscope: --activation: unknown activation 'tanh': expected one of [softmax, sigmoid]\n",
                CliRun.of("compute", "--logits", "x", "--labels", "y", "--activation", "tanh").err());
    }

    @Test
    void peersAddEachLibrarysValueCallAndDifference() {
        Path dir = Path.of("src/test/resources/sigmoid/one_vs_rest");
        CliRun run = CliRun.of("compute", "--logits", dir.resolve("logits.npy").toString(), "--labels",
                dir.resolve("labels.npy").toString(), "--peers", "--json", "-");
        assertEquals(0, run.exitCode(), run.err());
        JsonObject peers = JsonParser.parseString(run.out()).getAsJsonObject().getAsJsonObject("peers");
        assertEquals(List.of("kornia", "monai", "monaiSoftmax", "smp", "mmseg", "torchvision", "keras"), new ArrayList<>(peers.keySet()));
        JsonObject expected = TestFiles.json(Path.of("src/test/resources/peers/expected.json")).getAsJsonObject("cases")
                .getAsJsonObject("src/test/resources/sigmoid/one_vs_rest").getAsJsonObject("2.0");
        for (String key : peers.keySet()) {
            JsonObject p = peers.getAsJsonObject(key);
            assertEquals(List.of("value", "call", "differs"), new ArrayList<>(p.keySet()));
            double want = expected.get(key).getAsDouble();
            assertEquals(want, p.get("value").getAsDouble(), 1e-4 * want, key);
        }
        assertEquals("kornia.losses.focal_loss(pred, target, alpha=None, gamma=2.0, reduction='mean', ignore_index=255)",
                peers.getAsJsonObject("kornia").get("call").getAsString());
    }

    @Test
    void summaryNamesTheFiguresAndJsonFileIsWritten() throws IOException {
        Path dir = TestFiles.REFERENCE_CASES.resolve("seed_example");
        Path out = tmp.resolve("figures.json");
        CliRun run = CliRun.of("compute", "--logits", dir.resolve("logits.npy").toString(), "--labels",
                dir.resolve("labels.npy").toString(), "--json", out.toString());
        assertEquals(0, run.exitCode());
        // PyTorch: 1.2918673695857235 for both forms, 1.8266652993621322 cross-entropy (seed_example/expected.json)
        java.util.regex.Matcher focal = java.util.regex.Pattern.compile(
                "focal loss \\(mean\\)   nll (\\S+)   onehot (\\S+)   max \\|nll - onehot\\| per pixel \\S+\n").matcher(run.out());
        assertTrue(focal.find(), run.out());
        assertEquals(1.2918673695857235, Double.parseDouble(focal.group(1)), 2e-7);
        assertEquals(1.2918673695857235, Double.parseDouble(focal.group(2)), 2e-7);
        assertTrue(run.out().contains("cross-entropy       1.8266653\n"), run.out());
        assertTrue(run.out().contains("as the post wrote it 1.29186"), run.out());
        assertEquals(1.2918673695857235, JsonParser.parseString(Files.readString(out)).getAsJsonObject()
                .getAsJsonObject("loss").get("onehot").getAsDouble(), 1e-6);
    }

    @Test
    void ignoreIndexNoneAndOtherReductions() {
        String logits = fixture("pair_logits.npy").toString();
        String labels = fixture("pair_labels.npy").toString();
        CliRun none = CliRun.of("compute", "--logits", logits, "--labels", labels, "--ignore-index", "none");
        assertEquals(1, none.exitCode());
        assertEquals("focalscope: " + labels + ": label 255 at (n=0, y=0, x=3) is outside the 3 classes 0..2"
                + " (no ignore index is set)\n", none.err());
        CliRun sum = CliRun.of("compute", "--logits", logits, "--labels", labels, "--reduction", "sum", "--json", "-");
        CliRun meanAll = CliRun.of("compute", "--logits", logits, "--labels", labels, "--reduction", "mean-all", "--json", "-");
        JsonObject s = JsonParser.parseString(sum.out()).getAsJsonObject();
        JsonObject m = JsonParser.parseString(meanAll.out()).getAsJsonObject();
        assertEquals(s.get("sum").getAsDouble(), s.getAsJsonObject("loss").get("onehot").getAsDouble(), 0.0);
        assertEquals(s.get("sum").getAsDouble() / 8, m.getAsJsonObject("loss").get("onehot").getAsDouble(), 1e-12);
        assertEquals(7, m.get("pixels").getAsInt());
    }

    @Test
    void weightsFromAFile() throws IOException {
        Path w = Files.writeString(tmp.resolve("w.txt"), "# per class\n1.0, 2.0\n0.5\n");
        String logits = fixture("pair_logits.npy").toString();
        String labels = fixture("pair_labels.npy").toString();
        CliRun run = CliRun.of("compute", "--logits", logits, "--labels", labels, "--weights", w.toString(), "--json", "-");
        assertEquals(0, run.exitCode(), run.err());
        assertArrayEquals(new double[] {1.0, 2.0, 0.5},
                doubles(JsonParser.parseString(run.out()).getAsJsonObject().getAsJsonArray("classWeights")));
    }

    // Bad input: exit 1, one line on stderr naming the file and the problem, nothing on stdout.

    @Test
    void missingFile() {
        assertBadInput("focalscope: missing.npy: no such file",
                "compute", "--logits", "missing.npy", "--labels", fixture("pair_labels.npy").toString());
    }

    @Test
    void negativeGamma() {
        assertBadInput("focalscope: gamma (γ) must be a number from 0 to 1000, got -1",
                "compute", "--logits", "missing.npy", "--labels", "missing.npy", "--gamma", "-1");
    }

    @Test
    void unknownEngine() {
        assertBadInput("focalscope: engine: 'gpu' is none of auto, cpu, nd4j",
                "compute", "--logits", "missing.npy", "--labels", "missing.npy", "--engine", "gpu");
    }

    /**
     * Logit gaps of 120 and 200: p_t underflows in float32, so the post's log(softmax) is -inf there
     * and its loss not finite, while ours is the gap itself (log p_t = -gap, the factor 1).
     */
    @ParameterizedTest
    @ValueSource(strings = {"cpu", "nd4j"})
    void asWrittenShowsWhereThePostsCodeBreaks(String engine) throws IOException {
        float[] logits = {0, 120, 0, 1,    // class 0 of pixels 0..3
                          200, 0, 1, 0};   // class 1
        Path l = tmp.resolve("gap.npy");
        io.focalscope.io.NpyWriter.writeFloat32(l, new int[] {1, 2, 1, 4}, logits);
        Path y = tmp.resolve("labels.npy");
        io.focalscope.io.NpyWriter.write(y, io.focalscope.io.NdArray.ofBytes("labels", new int[] {1, 1, 4}, new int[] {0, 1, 0, 1}));
        CliRun run = CliRun.of("compute", "--logits", l.toString(), "--labels", y.toString(), "--json", "-",
                "--reduction", "sum", "--engine", engine);
        assertEquals(0, run.exitCode(), run.err());
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        JsonObject asWritten = json.getAsJsonObject("asWritten");
        assertTrue(asWritten.get("loss").isJsonNull(), "the post's loss is not finite");
        assertEquals(2, asWritten.get("nonFinitePixels").getAsLong());
        // ours: pixels 0 and 1 contribute their gaps; pixels 2 and 3 (gap 1 against the label) -(1 - p)^2 log p, p = 1/(1 + e)
        double p = 1 / (1 + Math.E);
        double expected = 200 + 120 + 2 * -Math.pow(1 - p, 2) * Math.log(p);
        assertEquals(expected, json.getAsJsonObject("loss").get("onehot").getAsDouble(), 1e-4);
        assertEquals(expected, json.getAsJsonObject("loss").get("nll").getAsDouble(), 1e-4);
        assertTrue(asWritten.get("maxRelError").getAsDouble() < 1e-5, "where the post's loss is finite it is close to ours");
    }

    @Test
    void nonFiniteLogits() throws IOException {
        float[] logits = NpyReader.read(fixture("pair_logits.npy")).toFloats();
        logits[2 * 8 + 5] = Float.NaN;     // class 2, pixel (0, 1, 1)
        logits[6] = Float.NEGATIVE_INFINITY; // class 0, pixel (0, 1, 2)
        Path f = tmp.resolve("nan.npy");
        io.focalscope.io.NpyWriter.writeFloat32(f, new int[] {1, 3, 2, 4}, logits);
        assertBadInput("focalscope: " + f + ": 2 pixels have non-finite logits (NaN or infinity), the first at (n=0, y=1, x=1)",
                "compute", "--logits", f.toString(), "--labels", fixture("pair_labels.npy").toString());
    }

    @Test
    void truncatedFile() throws IOException {
        byte[] bytes = Files.readAllBytes(fixture("pair_logits.npy"));
        Path f = Files.write(tmp.resolve("cut.npy"), java.util.Arrays.copyOf(bytes, bytes.length - 1));
        assertBadInput("focalscope: " + f + ": truncated: the header announces 96 bytes of data ((1, 3, 2, 4) float32)"
                + " but only 95 follow", "compute", "--logits", f.toString(), "--labels", fixture("pair_labels.npy").toString());
    }

    @Test
    void unknownWeightScheme() {
        assertBadInput("focalscope: --weights: 'balanced' is none of none, enet, inverse, median, effective, and no such file exists",
                "compute", "--logits", "a.npy", "--labels", "b.npy", "--weights", "balanced");
    }

    @Test
    void unparsableOptionIsAUsageError() {
        CliRun run = CliRun.of("compute", "--logits", "a.npy", "--labels", "b.npy", "--gamma", "two");
        assertEquals(FocalscopeCli.EXIT_USAGE, run.exitCode());
        assertEquals("", run.out());
        assertEquals("compute: Invalid value for option '--gamma': 'two' is not a double (see 'focalscope compute --help')\n", run.err());
    }

    @Test
    void debugShowsTheStackTrace() {
        CliRun run = CliRun.of("compute", "--debug", "--logits", "missing.npy", "--labels", "missing.npy");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("focalscope: missing.npy: no such file\nio.focalscope.io.InputException"), run.err());
    }

    @Test
    void channelsLastLogitsGiveTheFiguresOfTheChannelsFirstFile() {
        Path dir = TestFiles.REFERENCE_CASES.resolve("seed_example");
        String labels = dir.resolve("labels.npy").toString();
        Path nhwc = tmp.resolve("nhwc.npy");
        TestFiles.writeChannelsLast(dir.resolve("logits.npy"), nhwc);
        CliRun first = CliRun.of("compute", "--logits", dir.resolve("logits.npy").toString(), "--labels", labels, "--json", "-");
        // only channels-last fits these shapes: read so without the flag, and with it alike
        for (String[] flag : new String[][] {{}, {"--channels-last"}}) {
            List<String> args = new java.util.ArrayList<>(List.of("compute", "--logits", nhwc.toString(), "--labels", labels,
                    "--json", "-"));
            args.addAll(List.of(flag));
            CliRun last = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, last.exitCode(), last.err());
            assertEquals("", last.err());
            assertEquals(first.out(), last.out());
        }
    }

    @Test
    void binaryLogitsWithTheDefaultSoftmaxAskForTheSigmoid() {
        Path logits = tmp.resolve("binary_logits.npy");
        Path labels = tmp.resolve("binary_labels.npy");
        NpyWriter.writeFloat32(logits, new int[] {1, 1, 2, 3}, new float[] {2, -1, 0, 3, -2, 1});
        NpyWriter.write(labels, NdArray.ofBytes("labels", new int[] {1, 2, 3}, new int[] {1, 0, 0, 1, 0, 1}));
        assertBadInput("focalscope: " + logits + ": binary (one-channel) logits need the sigmoid activation: pass"
                + " --activation sigmoid (with softmax one channel is the only class, and " + labels
                + " has label 1 at (n=0, y=0, x=0))", "compute", "--logits", logits.toString(), "--labels", labels.toString());
        CliRun sigmoid = CliRun.of("compute", "--logits", logits.toString(), "--labels", labels.toString(), "--activation",
                "sigmoid", "--json", "-");
        assertEquals(0, sigmoid.exitCode(), sigmoid.err());
    }

    private static void assertBadInput(String expectedLine, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(FocalscopeCli.EXIT_BAD_INPUT, run.exitCode(), run.err());
        assertEquals("", run.out(), "nothing on stdout");
        assertEquals(expectedLine + "\n", run.err());
    }
}
