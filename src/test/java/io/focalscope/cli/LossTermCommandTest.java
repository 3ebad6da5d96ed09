package io.focalscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.focalscope.TermCases;
import io.focalscope.io.NdArray;
import io.focalscope.io.NpyReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --loss} and the gradient on the command line: each term's options, the JSON {@code lossTerm}
 * and {@code gradient}, {@code --gradient-map} against PyTorch's autograd, and each bad option's one line.
 */
class LossTermCommandTest {

    static final Path TERMS = TermCases.DIR;

    @TempDir
    Path tmp;

    static JsonObject setting(String name, String id) {
        return TermCases.setting(name, id);
    }

    static CliRun compute(String name, String... options) {
        Path dir = TERMS.resolve(name);
        String[] args = new String[6 + options.length];
        System.arraycopy(new String[] {"compute", "--logits", dir.resolve("logits.npy").toString(), "--labels",
                dir.resolve("labels.npy").toString(), "--json"}, 0, args, 0, 6);
        System.arraycopy(options, 0, args, 6, options.length);
        return CliRun.of(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "nd4j"})
    void aslOnMultiLabelMasksGivesPyTorchsLossAndGradientMap(String engine) {
        Path map = tmp.resolve("gradient.npy");
        CliRun run = compute("multi_label", "-", "--activation", "sigmoid", "--loss", "asl", "--engine", engine,
                "--gradient-map", map.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        JsonObject expected = setting("multi_label", "asl");
        assertEquals(expected.get("mean").getAsDouble(), json.getAsJsonObject("loss").get("sigmoid").getAsDouble(), 1e-5);
        assertEquals("asl", json.getAsJsonObject("lossTerm").get("name").getAsString());
        assertEquals("{\"gammaPos\":1.0,\"gammaNeg\":4.0,\"clip\":0.05,\"eps\":1.0E-8}",
                json.getAsJsonObject("lossTerm").getAsJsonObject("parameters").toString());
        assertEquals(4.0, json.get("gamma").getAsDouble(), "ASL's varied γ is γ-");
        assertTrue(json.get("alpha").isJsonNull(), "ASL takes no α");
        assertEquals(expected.get("gradientMeanNorm").getAsDouble(), json.getAsJsonObject("gradient").get("meanNorm").getAsDouble(),
                1e-5);
        assertEquals(expected.get("crossEntropyGradientMeanNorm").getAsDouble(),
                json.getAsJsonObject("gradient").get("crossEntropyMeanNorm").getAsDouble(), 1e-5);
        assertTrue(json.get("backend").getAsString().startsWith(engine), json.get("backend").getAsString());
        NdArray written = NpyReader.read(map);
        assertEquals(List.of(1, 8, 8), java.util.Arrays.stream(written.shape()).boxed().toList());
        assertEquals("float32", written.dtype().toString().toLowerCase(java.util.Locale.ROOT));
        float[] want = NpyReader.read(TERMS.resolve("multi_label").resolve("asl_gradient.npy")).toFloats();
        float[] got = written.toFloats();
        for (int p = 0; p < want.length; p++) {
            assertEquals(want[p], got[p], 2e-5 * Math.max(1, want[p]), "pixel " + p);
        }
    }

    @Test
    void poly1AndFlsd53ReportTheirTermAndTheirLoss() {
        CliRun poly = compute("softmax", "-", "--loss", "poly1", "--gamma", "2", "--epsilon", "-1");
        assertEquals(0, poly.exitCode(), poly.err());
        JsonObject json = JsonParser.parseString(poly.out()).getAsJsonObject();
        assertEquals(setting("softmax", "poly1_g2_em1").get("mean").getAsDouble(),
                json.getAsJsonObject("loss").get("onehot").getAsDouble(), 1e-4);
        assertEquals("{\"name\":\"poly1\",\"parameters\":{\"gamma\":2.0,\"epsilon\":-1.0}}", json.get("lossTerm").toString());
        assertTrue(json.get("asWritten").isJsonNull(), "the post's code is focal loss");

        CliRun flsd = compute("softmax", "-", "--loss", "flsd53");
        JsonObject f = JsonParser.parseString(flsd.out()).getAsJsonObject();
        assertEquals(setting("softmax", "flsd53").get("mean").getAsDouble(), f.getAsJsonObject("loss").get("nll").getAsDouble(),
                1e-4);
        assertTrue(f.get("gamma").isJsonNull(), "FLSD-53 has no one γ");
    }

    @Test
    void theSummaryNamesTheTermAndTheGradient() {
        CliRun run = compute("softmax", tmp.resolve("out.json").toString(), "--loss", "poly1");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("settings poly1 gamma 2, epsilon 1, weights none"), run.out());
        assertTrue(run.out().contains("Poly-1 loss (mean)   nll "), run.out());
        assertTrue(run.out().contains("gradient |dl/dz|, mean over labelled pixels   "), run.out());
    }

    @Test
    void badTermOptionsEndInOneLine() {
        assertBadInput("focalscope: epsilon (ε) of Poly-1 must be a finite number >= -1, got -2", "--loss", "poly1", "--epsilon", "-2");
        assertBadInput("focalscope: ASL is a loss of sigmoid (multi-label) targets: use it with --activation sigmoid", "--loss", "asl");
        assertBadInput("focalscope: clip of ASL must be a number in [0, 1), got 1.5", "--loss", "asl", "--activation", "sigmoid",
                "--clip", "1.5");
        assertBadInput("focalscope: --loss: 'dice' is none of focal, poly1, flsd53, asl", "--loss", "dice");
        assertBadInput("focalscope: --epsilon applies to --loss poly1, not --loss focal", "--epsilon", "1");
        assertBadInput("focalscope: --clip applies to --loss asl, not --loss poly1", "--loss", "poly1", "--clip", "0.1");
        assertBadInput("focalscope: --loss asl takes --gamma-pos and --gamma-neg, not --gamma", "--loss", "asl", "--activation",
                "sigmoid", "--gamma", "2");
        assertBadInput("focalscope: --loss flsd53 picks γ per pixel (5 where p_t < 0.2, else 3) and takes no --gamma",
                "--loss", "flsd53", "--gamma", "3");
        assertBadInput("focalscope: --alpha does not apply to --loss asl, whose positives and negatives differ by --gamma-pos,"
                + " --gamma-neg and --clip", "--loss", "asl", "--activation", "sigmoid", "--alpha", "0.25");
        assertBadInput("focalscope: gamma- (γ-) of ASL must be a number from 0 to 1000, got -1", "--loss", "asl", "--activation",
                "sigmoid", "--gamma-neg", "-1");
        assertBadInput("focalscope: --peers compares the libraries' focal loss: it takes --loss focal", "--loss", "poly1", "--peers");
    }

    /** Options are checked before any file is read: the files named here do not exist. */
    private static void assertBadInput(String expectedLine, String... options) {
        String[] args = new String[5 + options.length];
        System.arraycopy(new String[] {"compute", "--logits", "missing.npy", "--labels", "missing.npy"}, 0, args, 0, 5);
        System.arraycopy(options, 0, args, 5, options.length);
        CliRun run = CliRun.of(args);
        assertEquals(FocalscopeCli.EXIT_BAD_INPUT, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertEquals(expectedLine + "\n", run.err());
    }
}
