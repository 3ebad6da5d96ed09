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
import java.util.List;
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
        assertEquals("focalscope: scan: give a folder DIR or --list FILE.csv, not neither\n", CliRun.of("scan").err());
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
