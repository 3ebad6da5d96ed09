package io.focalscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.focalscope.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compute --calibration} and {@code scan --calibration}: the key and its figures against the
 * float64 reference (tools/make_calibration_reference.py), the scan's per-image ece and CSV column,
 * and the refusals, each in one line.
 */
class CalibrationCommandTest {

    static final Path CASES = Path.of("src/test/resources/calibration");

    @Test
    void computeAddsTheCalibrationKeyWithTheReferenceFigures() throws Exception {
        String logits = CASES.resolve("under_logits.npy").toString();
        String labels = CASES.resolve("under_labels.npy").toString();
        CliRun r = CliRun.of("compute", "--logits", logits, "--labels", labels, "--calibration", "--json", "-");
        assertEquals(0, r.exitCode(), r.err());
        JsonObject c = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonObject("calibration");
        assertEquals(List.of("meaning", "bins", "pixels", "accuracy", "meanConfidence", "ece", "mce", "adaptiveEce", "classwiseEce",
                "perClassEce", "reliability", "temperature", "nll", "nllAfterTemperature", "eceAfterTemperature",
                "reliabilityAfterTemperature", "afterTemperature", "temperatureNote"), List.copyOf(c.keySet()));
        JsonObject want = TestFiles.json(CASES.resolve("expected.json")).getAsJsonObject("images").getAsJsonObject("under");
        for (String key : List.of("ece", "mce", "adaptiveEce", "classwiseEce", "nll", "nllAfterTemperature", "eceAfterTemperature")) {
            assertEquals(want.get(key).getAsDouble(), c.get(key).getAsDouble(), 2e-5, key);
        }
        double t = want.get("temperature").getAsDouble();
        assertEquals(t, c.get("temperature").getAsDouble(), 1e-4 * t);
        assertEquals("exact", c.get("afterTemperature").getAsString());
        assertEquals(15, c.getAsJsonArray("reliability").size());
        assertEquals(6, c.getAsJsonArray("perClassEce").size());
    }

    @Test
    void theBinsOptionChangesTheBinsAndImpliesCalibration() {
        String logits = CASES.resolve("over_logits.npy").toString();
        String labels = CASES.resolve("over_labels.npy").toString();
        CliRun r = CliRun.of("compute", "--logits", logits, "--labels", labels, "--calibration-bins", "10", "--json", "-");
        assertEquals(0, r.exitCode(), r.err());
        JsonObject c = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonObject("calibration");
        assertEquals(10, c.get("bins").getAsInt());
        assertEquals(10, c.getAsJsonArray("reliability").size());
        assertEquals(0.9, c.getAsJsonArray("reliability").get(9).getAsJsonObject().get("lo").getAsDouble(), 1e-15);
    }

    @Test
    void theTextReportGivesTheFiguresAndTheBins() {
        CliRun r = CliRun.of("compute", "--logits", CASES.resolve("over_logits.npy").toString(), "--labels",
                CASES.resolve("over_labels.npy").toString(), "--calibration");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("ECE 0.1631   MCE 0.2647"), r.out());
        assertTrue(r.out().contains("temperature 2.5473: NLL 1.3550 -> 0.9394"), r.out());
        assertTrue(r.out().contains("[0.933,1.000]"), r.out());
    }

    @Test
    void scanGivesTheDatasetsFiguresAndEachImagesEce(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("images.csv");
        CliRun r = CliRun.of("scan", CASES.resolve("dataset").toString(), "--calibration", "--json", "-", "--csv", csv.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
        JsonObject want = TestFiles.json(CASES.resolve("dataset/expected.json"));
        JsonObject c = json.getAsJsonObject("calibration");
        JsonObject whole = want.getAsJsonObject("dataset");
        for (String key : List.of("ece", "mce", "adaptiveEce", "classwiseEce", "nll", "nllAfterTemperature")) {
            assertEquals(whole.get(key).getAsDouble(), c.get(key).getAsDouble(), 1e-5, key);
        }
        double t = whole.get("temperature").getAsDouble();
        assertEquals(t, c.get("temperature").getAsDouble(), 1e-4 * t);
        // the bins at T would need a second pass over the files: none, and why
        assertTrue(c.get("eceAfterTemperature").isJsonNull());
        assertTrue(c.get("reliabilityAfterTemperature").isJsonNull());
        assertEquals("nll only", c.get("afterTemperature").getAsString());
        assertEquals(io.focalscope.calibration.Calibration.AFTER_NEEDS_PASS, c.get("afterTemperatureNote").getAsString());
        JsonObject images = want.getAsJsonObject("images");
        json.getAsJsonArray("perImage").forEach(e -> {
            JsonObject row = e.getAsJsonObject();
            String name = row.get("name").getAsString();
            assertEquals(images.getAsJsonObject(name).get("ece").getAsDouble(), row.get("ece").getAsDouble(), 1e-6, name);
        });
        List<String> lines = Files.readAllLines(csv);
        assertTrue(lines.get(0).endsWith(",worstClassShare,ece"), lines.get(0));
        assertEquals(4, lines.size());
    }

    /** --after-temperature: the second pass gives the dataset's ECE and bins at T, against the float64 reference. */
    @Test
    void scanAfterTemperatureGivesTheDatasetsEceAtTheFittedTemperature() {
        CliRun r = CliRun.of("scan", CASES.resolve("dataset").toString(), "--after-temperature", "--json", "-");
        assertEquals(0, r.exitCode(), r.err());
        JsonObject c = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonObject("calibration");
        JsonObject whole = TestFiles.json(CASES.resolve("dataset/expected.json")).getAsJsonObject("dataset");
        assertEquals(whole.get("eceAfterTemperature").getAsDouble(), c.get("eceAfterTemperature").getAsDouble(), 1e-5);
        assertEquals(whole.get("nllAfterTemperature").getAsDouble(), c.get("nllAfterTemperature").getAsDouble(), 1e-5);
        assertEquals("exact", c.get("afterTemperature").getAsString());
        assertTrue(c.get("afterTemperatureNote") == null || c.get("afterTemperatureNote").isJsonNull(), c.toString());
        long counted = 0;
        for (var bin : c.getAsJsonArray("reliabilityAfterTemperature")) {
            counted += bin.getAsJsonObject().get("count").getAsLong();
        }
        assertEquals(whole.get("pixels").getAsLong(), counted, "every labelled pixel in a bin at T");
    }

    /** One image and one bin are said in the singular (a new user found "1 images" and "1 bins"). */
    @Test
    void aScanOfOneImageSaysOneImageAndOneBin(@TempDir Path dir) throws Exception {
        Files.copy(CASES.resolve("dataset/im0_logits.npy"), dir.resolve("im0_logits.npy"));
        Files.copy(CASES.resolve("dataset/im0_labels.npy"), dir.resolve("im0_labels.npy"));
        CliRun r = CliRun.of("scan", dir.toString(), "--calibration-bins", "1");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains(dir + ": 1 image, 5 classes,"), r.out());
        assertTrue(r.out().contains(", 1 bin)"), r.out());
    }

    @Test
    void aScansSummaryReadBackKeepsItsCalibration() {
        CliRun r = CliRun.of("scan", CASES.resolve("dataset").toString(), "--calibration", "--json", "-");
        assertEquals(0, r.exitCode(), r.err());
        var figures = io.focalscope.report.ScanSummaryReader.read("summary.json", r.out());
        JsonObject written = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonObject("calibration");
        JsonObject again = JsonParser.parseString(io.focalscope.report.ScanJson.format(figures)).getAsJsonObject().getAsJsonObject("calibration");
        assertEquals(written, again, "the window's Dataset tab shows a summary's calibration as the scan wrote it");
        assertEquals(written.get("ece").getAsDouble(), figures.calibration().ece());
        assertEquals(written.get("ece").getAsDouble(), JsonParser.parseString(r.out()).getAsJsonObject().get("calibration")
                .getAsJsonObject().get("ece").getAsDouble());
        assertTrue(Double.isFinite(figures.perImage().get(0).ece()));
    }

    @Test
    void withoutTheOptionThereIsNoKeyAndNoColumn(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("images.csv");
        CliRun r = CliRun.of("scan", CASES.resolve("dataset").toString(), "--json", "-", "--csv", csv.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
        assertTrue(!json.has("calibration"));
        assertTrue(!json.getAsJsonArray("perImage").get(0).getAsJsonObject().has("ece"));
        assertTrue(Files.readAllLines(csv).get(0).endsWith(",worstClassShare"));
    }

    @Test
    void badBinsEndInOneLine() {
        String logits = CASES.resolve("over_logits.npy").toString();
        String labels = CASES.resolve("over_labels.npy").toString();
        CliRun zero = CliRun.of("compute", "--logits", logits, "--labels", labels, "--calibration-bins", "0");
        assertEquals(1, zero.exitCode());
        assertEquals("focalscope: --calibration-bins must be from 1 to 1000, got 0\n", zero.err());
        CliRun many = CliRun.of("scan", CASES.resolve("dataset").toString(), "--calibration-bins", "1001");
        assertEquals(1, many.exitCode());
        assertEquals("focalscope: --calibration-bins must be from 1 to 1000, got 1001\n", many.err());
    }

    @Test
    void withSigmoidTheFiguresAreTheBinaryMeaningsAndSaySo() throws Exception {
        String logits = CASES.resolve("sigmoid_binary_logits.npy").toString();
        String labels = CASES.resolve("sigmoid_binary_labels.npy").toString();
        CliRun r = CliRun.of("compute", "--logits", logits, "--labels", labels, "--activation", "sigmoid", "--calibration", "--json", "-");
        assertEquals(0, r.exitCode(), r.err());
        JsonObject c = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonObject("calibration");
        assertTrue(c.get("meaning").getAsString().startsWith("sigmoid: P(y = 1) against the target"), c.get("meaning").getAsString());
        JsonObject want = TestFiles.json(CASES.resolve("expected.json")).getAsJsonObject("sigmoid").getAsJsonObject("sigmoid_binary");
        for (String key : List.of("ece", "mce", "adaptiveEce", "classwiseEce", "nll", "nllAfterTemperature", "eceAfterTemperature")) {
            assertEquals(want.get(key).getAsDouble(), c.get(key).getAsDouble(), 2e-5, key);
        }
        assertEquals(want.get("pixels").getAsLong(), c.get("pixels").getAsLong(), "kept elements");
    }
}
