package io.focalscope.cli;

import static io.focalscope.GoldenAssertions.assertClose;
import static io.focalscope.GoldenAssertions.doubles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.focalscope.TestFiles;
import io.focalscope.io.WeightsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scan} and {@code weights} on the generated dataset: its keys, exit codes and messages. */
class ScanCommandTest {

    static final Path DATASET = Path.of("src/test/resources/dataset");
    static final Path IMAGES = DATASET.resolve("images");

    static JsonObject expectedScan(int i) {
        return TestFiles.json(DATASET.resolve("expected.json")).getAsJsonArray("scans").get(i).getAsJsonObject();
    }

    @Test
    void theJsonHasEveryKeyScriptsRelyOnWithPyTorchsValues() {
        CliRun r = CliRun.of("scan", IMAGES.toString(), "--weights", "enet", "--json", "-");
        assertEquals(0, r.exitCode(), r.err());
        JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
        for (String key : List.of("images", "failed", "classes", "pixels", "ignored", "counts", "classWeights", "loss",
                "crossEntropy", "perClass", "perImage", "lossVsGamma", "gamma", "ignoreIndex", "backend")) {
            assertTrue(json.has(key), key);
        }
        JsonObject e = expectedScan(0);
        assertEquals(5, json.get("images").getAsInt());
        assertClose(e.get("loss").getAsDouble(), json.get("loss").getAsDouble(), "loss");
        assertClose(doubles(e.getAsJsonArray("classWeights")), doubles(json.getAsJsonArray("classWeights")), "weights");
        JsonObject first = json.getAsJsonArray("perImage").get(0).getAsJsonObject();
        for (String key : List.of("name", "logits", "labels", "pixels", "ignored", "meanFocal", "crossEntropy", "worstClass")) {
            assertTrue(first.has(key), "perImage." + key);
        }
        assertEquals("echo", first.get("name").getAsString());
        assertEquals(21, json.getAsJsonArray("lossVsGamma").size());
        assertEquals(255, json.get("ignoreIndex").getAsInt());
        JsonArray failed = json.getAsJsonArray("failed");
        assertEquals(5, failed.size());
        // each skipped file is named in one line on stderr, and nothing else is there
        List<String> lines = r.err().lines().toList();
        assertEquals(5, lines.size(), r.err());
        assertTrue(lines.stream().allMatch(l -> l.startsWith("focalscope: skipped " + IMAGES)), r.err());
        assertTrue(lines.contains("focalscope: skipped " + IMAGES.resolve("hotel_labels.npy")
                + ": label 7 at (n=0, y=3, x=5) is outside the 5 classes 0..4 and is not the ignore index 255"), r.err());
    }

    @Test
    void strictFailsOnAnySkippedFileAndAFolderWithNothingReadableFails(@TempDir Path dir) throws Exception {
        assertEquals(1, CliRun.of("scan", IMAGES.toString(), "--strict").exitCode());
        assertEquals(0, CliRun.of("scan", "--list", IMAGES.resolve("list.csv").toString()).exitCode());

        Files.write(dir.resolve("x_logits.npy"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("x_labels.npy"), new byte[] {1, 2, 3});
        CliRun none = CliRun.of("scan", dir.toString());
        assertEquals(1, none.exitCode());
        assertEquals("", none.out());
        assertTrue(none.err().endsWith("focalscope: no image of " + dir + " could be read\n"), none.err());

        CliRun empty = CliRun.of("scan", dir.resolve("no-such").toString());
        assertEquals(1, empty.exitCode());
        assertEquals("focalscope: " + dir.resolve("no-such") + ": no such folder\n", empty.err());
        assertEquals("focalscope: scan: give a folder DIR, --list FILE.csv or --logits-dir D1 with --labels-dir D2\n",
                CliRun.of("scan").err());
    }

    /** Logits in one folder, labels in another: three pairs, a logits file and a labels file without a partner. */
    static void writeTwoFolders(Path d1, Path d2) throws Exception {
        Files.createDirectories(d1);
        Files.createDirectories(d2);
        Files.copy(IMAGES.resolve("sub/charlie_logits.npy"), d1.resolve("charlie.npy"));
        Files.copy(IMAGES.resolve("sub/charlie_labels.png"), d2.resolve("charlie.png"));
        for (String image : List.of("delta", "echo")) {
            Files.copy(IMAGES.resolve(image + "_logits.npy"), d1.resolve(image + ".npy"));
            Files.copy(IMAGES.resolve(image + "_labels.npy"), d2.resolve(image + ".npy"));
        }
        Files.copy(IMAGES.resolve("foxtrot_logits.npy"), d1.resolve("foxtrot.npy"));
        Files.copy(IMAGES.resolve("hotel_labels.npy"), d2.resolve("hotel.npy"));
    }

    @Test
    void logitsAndLabelsFoldersScanAsTheSamePairsInOneFolderAndListTheFilesWithoutAPartner(@TempDir Path dir) throws Exception {
        Path d1 = dir.resolve("D1");
        Path d2 = dir.resolve("D2");
        writeTwoFolders(d1, d2);
        Path together = Files.createDirectories(dir.resolve("together"));
        for (String image : List.of("charlie", "delta", "echo")) {
            Path logits = d1.resolve(image + ".npy");
            Path labels = Files.exists(d2.resolve(image + ".png")) ? d2.resolve(image + ".png") : d2.resolve(image + ".npy");
            Files.copy(logits, together.resolve(image + "_logits.npy"));
            Files.copy(labels, together.resolve(image + "_labels" + labels.toString().substring(labels.toString().lastIndexOf('.'))));
        }
        CliRun paired = CliRun.of("scan", "--logits-dir", d1.toString(), "--labels-dir", d2.toString(), "--weights", "enet",
                "--threads", "1", "--json", "-");
        CliRun folder = CliRun.of("scan", together.toString(), "--weights", "enet", "--threads", "1", "--json", "-");
        assertEquals(0, paired.exitCode(), paired.err());
        assertEquals(0, folder.exitCode(), folder.err());

        String noLabels = d1.resolve("foxtrot.npy") + ": no labels named foxtrot.* in " + d2;
        String noLogits = d2.resolve("hotel.npy") + ": no logits named hotel.* in " + d1;
        assertEquals(List.of("focalscope: skipped " + noLabels, "focalscope: skipped " + noLogits), paired.err().lines().toList());
        JsonObject pairedJson = JsonParser.parseString(paired.out()).getAsJsonObject();
        JsonObject folderJson = JsonParser.parseString(folder.out()).getAsJsonObject();
        JsonArray failed = pairedJson.getAsJsonArray("failed");
        assertEquals(2, failed.size());
        assertEquals(d1.resolve("foxtrot.npy").toString(), failed.get(0).getAsJsonObject().get("file").getAsString());
        assertEquals(noLabels, failed.get(0).getAsJsonObject().get("error").getAsString());
        assertEquals(d2.resolve("hotel.npy").toString(), failed.get(1).getAsJsonObject().get("file").getAsString());
        assertEquals(noLogits, failed.get(1).getAsJsonObject().get("error").getAsString());

        // the figures, keys and order are the folder scan's; only the files' paths and the failures differ
        assertEquals(0, folderJson.getAsJsonArray("failed").size());
        for (JsonObject json : List.of(pairedJson, folderJson)) {
            json.remove("failed");
            json.getAsJsonArray("perImage").forEach(row -> {
                row.getAsJsonObject().remove("logits");
                row.getAsJsonObject().remove("labels");
            });
        }
        assertEquals(3, pairedJson.get("images").getAsInt());
        assertEquals(List.of("charlie", "delta", "echo"), pairedJson.getAsJsonArray("perImage").asList().stream()
                .map(row -> row.getAsJsonObject().get("name").getAsString()).sorted().toList());
        assertSameFigures(folderJson, pairedJson, "");

        assertEquals(1, CliRun.of("scan", "--logits-dir", d1.toString(), "--labels-dir", d2.toString(), "--strict").exitCode());
    }

    /**
     * Equal JSON, numbers within what the kernel's results differ by before and after the JIT
     * compiles it (DatasetScanTest.JIT), everything else exactly.
     */
    static void assertSameFigures(com.google.gson.JsonElement expected, com.google.gson.JsonElement actual, String where) {
        if (expected.isJsonObject()) {
            assertEquals(List.copyOf(expected.getAsJsonObject().keySet()), List.copyOf(actual.getAsJsonObject().keySet()), where);
            for (String key : expected.getAsJsonObject().keySet()) {
                assertSameFigures(expected.getAsJsonObject().get(key), actual.getAsJsonObject().get(key), where + "." + key);
            }
        } else if (expected.isJsonArray()) {
            assertEquals(expected.getAsJsonArray().size(), actual.getAsJsonArray().size(), where);
            for (int i = 0; i < expected.getAsJsonArray().size(); i++) {
                assertSameFigures(expected.getAsJsonArray().get(i), actual.getAsJsonArray().get(i), where + "[" + i + "]");
            }
        } else if (expected.isJsonPrimitive() && expected.getAsJsonPrimitive().isNumber()) {
            double e = expected.getAsDouble();
            assertEquals(e, actual.getAsDouble(), 1e-8 * Math.abs(e), where);
        } else {
            assertEquals(expected, actual, where);
        }
    }

    @Test
    void theTwoFoldersComeTogetherAndAloneOrMixedEndInOneLine(@TempDir Path dir) throws Exception {
        Path d1 = dir.resolve("D1");
        Path d2 = dir.resolve("D2");
        writeTwoFolders(d1, d2);
        Files.copy(d2.resolve("echo.npy"), d2.resolve("echo.png"));
        CliRun twoLabels = CliRun.of("scan", "--logits-dir", d1.toString(), "--labels-dir", d2.toString(), "--json", "-");
        assertEquals(0, twoLabels.exitCode(), twoLabels.err());
        assertTrue(twoLabels.err().lines().toList().contains("focalscope: skipped " + d1.resolve("echo.npy") + ": 2 labels files"
                + " named echo.* in " + d2 + " (" + d2.resolve("echo.npy") + ", " + d2.resolve("echo.png") + "); keep one"), twoLabels.err());
        assertEquals(2, JsonParser.parseString(twoLabels.out()).getAsJsonObject().get("images").getAsInt());

        Map<List<String>, String> lines = new LinkedHashMap<>();
        lines.put(List.of("--logits-dir", d1.toString()),
                "scan: --logits-dir needs --labels-dir (logits and labels are paired by file stem)");
        lines.put(List.of("--labels-dir", d2.toString()),
                "scan: --labels-dir needs --logits-dir (logits and labels are paired by file stem)");
        String oneOf = "scan: give one of a folder DIR, --list FILE.csv or --logits-dir D1 with --labels-dir D2, not ";
        lines.put(List.of(IMAGES.toString(), "--logits-dir", d1.toString()), oneOf + "DIR and --logits-dir");
        lines.put(List.of("--list", IMAGES.resolve("list.csv").toString(), "--logits-dir", d1.toString(), "--labels-dir", d2.toString()),
                oneOf + "--list and --logits-dir");
        lines.put(List.of(IMAGES.toString(), "--list", IMAGES.resolve("list.csv").toString()), oneOf + "DIR and --list");
        lines.put(List.of("--logits-dir", d1.toString(), "--labels-dir", d2.toString(), "--labels-suffix", ".png"),
                "scan: --logits-suffix and --labels-suffix are for DIR; --logits-dir and --labels-dir pair files by stem");
        lines.put(List.of("--logits-dir", d1.toString(), "--labels-dir", d1.toString()),
                d1 + ": --logits-dir and --labels-dir are the same folder; scan DIR reads logits and labels from one folder");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        lines.put(List.of("--logits-dir", empty.toString(), "--labels-dir", dir.resolve("no-such").toString()),
                dir.resolve("no-such") + ": no such folder");
        Path empty2 = Files.createDirectories(dir.resolve("empty2"));
        lines.put(List.of("--logits-dir", empty.toString(), "--labels-dir", empty2.toString()), empty + " + " + empty2
                + ": no images found (looked for *.npy, *.npz in " + empty + " and *.png, *.npy in " + empty2 + ")");
        lines.forEach((args, line) -> {
            CliRun r = CliRun.of(java.util.stream.Stream.concat(java.util.stream.Stream.of("scan"), args.stream()).toArray(String[]::new));
            assertEquals(1, r.exitCode(), args.toString());
            assertEquals("", r.out(), args.toString());
            assertEquals("focalscope: " + line + "\n", r.err(), args.toString());
        });
    }

    @Test
    void csvListsTheImagesRankedAndTheTextNamesTheHardest(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("images.csv");
        CliRun r = CliRun.of("scan", IMAGES.toString(), "--weights", "enet", "--csv", csv.toString());
        assertEquals(0, r.exitCode());
        List<String> rows = Files.readAllLines(csv);
        assertEquals("rank,name,logits,labels,pixels,ignored,meanFocal,crossEntropy,worstClass,worstClassShare", rows.get(0));
        assertEquals(6, rows.size());
        assertTrue(rows.get(1).startsWith("1,echo," + IMAGES.resolve("echo_logits.npy") + "," + IMAGES.resolve("echo_labels.npy") + ",276,21,"),
                rows.get(1));
        assertTrue(r.out().contains("    1  echo "), r.out());
        assertTrue(r.out().startsWith(IMAGES + ": 5 images (5 files skipped), 5 classes, 2,323 labelled pixels (355 ignored)\n"), r.out());
    }

    @Test
    void weightsWritesTheFileThatWeightsFileReads(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("weights.txt");
        List<String> labels = List.of("alpha.npz", "bravo.npz", "delta_labels.npy", "echo_labels.npy", "sub/charlie_labels.png")
                .stream().map(f -> IMAGES.resolve(f).toString()).toList();
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("weights"), java.util.stream.Stream.concat(
                labels.stream(), java.util.stream.Stream.of("--scheme", "median", "--out", out.toString(), "--json", "-")))
                .toArray(String[]::new);
        CliRun r = CliRun.of(args);
        assertEquals(0, r.exitCode(), r.err());
        JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
        for (String key : List.of("images", "failed", "classes", "counts", "classWeights", "scheme")) {
            assertTrue(json.has(key), key);
        }
        JsonObject expected = TestFiles.json(DATASET.resolve("expected.json")).getAsJsonObject("labelWeights");
        double[] median = doubles(expected.getAsJsonObject("weights").getAsJsonArray("median"));
        assertClose(median, doubles(json.getAsJsonArray("classWeights")), "median weights");
        assertClose(median, WeightsFile.read(out), "the weights file read back");
        assertEquals("median", json.get("scheme").getAsString());

        // and a scan with those weights from the file gives the scan's own median weights
        CliRun scan = CliRun.of("scan", IMAGES.toString(), "--weights", out.toString(), "--json", "-");
        assertClose(median, doubles(JsonParser.parseString(scan.out()).getAsJsonObject().getAsJsonArray("classWeights")), "scan");
    }

    @Test
    void weightsTakesFoldersAndGlobsAndListsWhatItCannotRead() {
        CliRun r = CliRun.of("weights", IMAGES.resolve("*_labels.*").toString(), "--classes", "5", "--json", "-");
        assertEquals(0, r.exitCode(), r.err());
        JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(3, json.get("images").getAsInt()); // delta, echo, foxtrot; hotel and juliet hold labels out of range
        assertEquals(2, json.getAsJsonArray("failed").size());
        assertEquals("focalscope: skipped " + IMAGES.resolve("hotel_labels.npy")
                + ": label 7 at (n=0, y=3, x=5) is outside the 5 classes 0..4 and is not the ignore index 255", r.err().lines().findFirst().orElse(""));
        CliRun nothing = CliRun.of("weights", IMAGES.resolve("nothing*.png").toString());
        assertEquals(1, nothing.exitCode());
        assertEquals(List.of("focalscope: skipped " + IMAGES.resolve("nothing*.png") + ": no file matches",
                "focalscope: no label file could be read"), nothing.err().lines().toList());
        // a dataset folder: its label maps, not its logits
        CliRun folder = CliRun.of("weights", IMAGES.resolve("sub").toString(), "--json", "-");
        assertEquals("", folder.err());
        assertEquals(1, JsonParser.parseString(folder.out()).getAsJsonObject().get("images").getAsInt());
        assertEquals("focalscope: --scheme: 'none' is none of enet, inverse, median, effective\n",
                CliRun.of("weights", IMAGES.toString(), "--scheme", "none").err());
    }
}
