package io.focalscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.focalscope.io.DType;
import io.focalscope.io.NdArray;
import io.focalscope.io.NpyReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code focalscope label-issues}: its JSON keys, masks, the demo's planted error found first, and refusals. */
class LabelIssuesCommandTest {

    static final Path PLAIN = Path.of("src/test/resources/label-issues/plain");

    @Test
    void theJsonHasTheDocumentedKeysAndTheMasksAreCleanlabsFlags(@TempDir Path dir) {
        CliRun r = CliRun.of("label-issues", PLAIN.toString(), "--weights", "enet", "--json", "-", "--masks", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(List.of("images", "failed", "classes", "pixels", "ignored", "thresholds", "flaggedPixels", "perImage", "common",
                "temperature", "ignoreIndex"), List.copyOf(json.keySet()));
        assertEquals(77, json.get("flaggedPixels").getAsLong(), "cleanlab's count (expected.json)");
        JsonObject worst = json.getAsJsonArray("perImage").get(0).getAsJsonObject();
        assertEquals("c", worst.get("name").getAsString(), "the lowest quality first");
        JsonObject region = worst.getAsJsonArray("regions").get(0).getAsJsonObject();
        assertEquals(List.of("sample", "given", "predicted", "pixels", "box", "meanSelfConfidence", "loss"), List.copyOf(region.keySet()));
        for (String name : List.of("a", "b", "c")) {
            NdArray mask = NpyReader.read(dir.resolve(name + "_issues.npy"));
            assertEquals(DType.UINT8, mask.dtype());
            assertArrayEquals(new int[] {24, 32}, mask.shape(), "[H, W] for one image");
            assertArrayEquals(NpyReader.read(PLAIN.resolve(name + "_expected_issues.npy")).toInts(), mask.toInts(), name);
        }
    }

    /** One pair given by --logits and --labels is named as a folder names it: a_logits.npy is image a, its mask a_issues.npy. */
    @Test
    void aPairGivenAloneIsNamedAsInAFolder(@TempDir Path dir) {
        CliRun r = CliRun.of("label-issues", "--logits", PLAIN.resolve("a_logits.npy").toString(), "--labels",
                PLAIN.resolve("a_labels.npy").toString(), "--json", "-", "--masks", dir.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonObject image = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("perImage").get(0).getAsJsonObject();
        assertEquals("a", image.get("name").getAsString());
        assertTrue(Files.exists(dir.resolve("a_issues.npy")));
    }

    /** A batch file's entry has its samples, each as cleanlab scores an image; a file of one image has none. */
    @Test
    void aBatchFilesEntryListsItsSamples() {
        Path batch = Path.of("src/test/resources/label-issues/batch");
        CliRun r = CliRun.of("label-issues", batch.toString(), "--json", "-");
        assertEquals(0, r.exitCode(), r.err());
        JsonObject want = io.focalscope.TestFiles.json(batch.resolve("expected.json")).getAsJsonObject("samples");
        List<String> names = new java.util.ArrayList<>();
        for (var e : JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("perImage")) {
            JsonObject image = e.getAsJsonObject();
            names.add(image.get("name").getAsString());
            if (image.get("name").getAsString().equals("ab")) {
                JsonArray samples = image.getAsJsonArray("samples");
                assertEquals(2, samples.size());
                assertEquals(List.of("sample", "quality", "flaggedPixels"), List.copyOf(samples.get(0).getAsJsonObject().keySet()));
                for (int s = 0; s < 2; s++) {
                    JsonObject wanted = want.getAsJsonArray("ab").get(s).getAsJsonObject();
                    JsonObject got = samples.get(s).getAsJsonObject();
                    assertEquals(s, got.get("sample").getAsInt());
                    double q = wanted.get("quality").getAsDouble();
                    assertEquals(q, got.get("quality").getAsDouble(), 1e-12 * q);
                    assertEquals(wanted.get("flaggedPixels").getAsLong(), got.get("flaggedPixels").getAsLong());
                }
            } else {
                assertFalse(image.has("samples"), image.toString());
            }
        }
        assertEquals(java.util.Set.of("ab", "c"), java.util.Set.copyOf(names));
    }

    /** The CSV holds the JSON's images in its order, each with its costliest region's loss. */
    @Test
    void theCsvIsTheJsonsImagesInItsOrder(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("issues.csv");
        CliRun r = CliRun.of("label-issues", PLAIN.toString(), "--weights", "enet", "--json", "-", "--csv", csv.toString());
        assertEquals(0, r.exitCode(), r.err());
        List<String> rows = java.nio.file.Files.readAllLines(csv);
        assertEquals("rank,name,logits,labels,quality,flaggedPixels,regions,topRegionLoss", rows.get(0));
        JsonArray images = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("perImage");
        assertEquals(images.size() + 1, rows.size());
        for (int i = 0; i < images.size(); i++) {
            JsonObject image = images.get(i).getAsJsonObject();
            JsonArray regions = image.getAsJsonArray("regions");
            assertEquals(String.join(",", String.valueOf(i + 1), image.get("name").getAsString(), image.get("logits").getAsString(),
                    image.get("labels").getAsString(), String.valueOf(image.get("quality").getAsDouble()),
                    String.valueOf(image.get("flaggedPixels").getAsLong()), String.valueOf(regions.size()),
                    regions.isEmpty() ? "" : String.valueOf(regions.get(0).getAsJsonObject().get("loss").getAsDouble())), rows.get(i + 1));
        }
    }

    @Test
    void onTheDemoTheCostliestRegionIsTheMislabelledPatchOnTheRedCar(@TempDir Path dir) throws Exception {
        assertEquals(0, CliRun.of("make-demo", "--out", dir.toString()).exitCode());
        String npz = dir.resolve("demo.npz").toString();
        CliRun r = CliRun.of("label-issues", "--logits", npz, "--labels", npz, "--weights", "enet", "--json", "-");
        assertEquals(0, r.exitCode(), r.err());
        JsonObject region = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("perImage").get(0).getAsJsonObject()
                .getAsJsonArray("regions").get(0).getAsJsonObject();
        JsonArray box = region.getAsJsonArray("box");
        // DemoSceneGenerator: the patch at (396, 188), 18 x 8, road (0) where the network says car (13)
        int x0 = 396;
        int y0 = 188;
        assertEquals(List.of(y0, x0, y0 + 7, x0 + 17), List.of(box.get(0).getAsInt(), box.get(1).getAsInt(), box.get(2).getAsInt(),
                box.get(3).getAsInt()), "the 18 x 8 patch");
        assertEquals(0, region.get("given").getAsInt());
        assertEquals(13, region.get("predicted").getAsInt());
        assertEquals(144, region.get("pixels").getAsLong());
    }

    @Test
    void badOptionsEndInOneLine() {
        assertEquals("focalscope: label-issues: --temperature must be a positive number, got 0.0",
                CliRun.of("label-issues", PLAIN.toString(), "--temperature", "0").err().strip());
        assertEquals("focalscope: label-issues: the method reads softmax probabilities; --activation sigmoid is not supported",
                CliRun.of("label-issues", PLAIN.toString(), "--activation", "sigmoid").err().strip());
        assertEquals("focalscope: label-issues: --logits and --labels go together, instead of DIR, --list or --logits-dir",
                CliRun.of("label-issues", "--logits", PLAIN.resolve("a_logits.npy").toString()).err().strip());
    }

    @Test
    void anUnreadableImageIsListedAndTheOthersAreSearched(@TempDir Path dir) throws Exception {
        for (String name : List.of("a", "b")) {
            Files.copy(PLAIN.resolve(name + "_logits.npy"), dir.resolve(name + "_logits.npy"));
            Files.copy(PLAIN.resolve(name + "_labels.npy"), dir.resolve(name + "_labels.npy"));
        }
        Files.writeString(dir.resolve("broken_logits.npy"), "not an array");
        Files.copy(PLAIN.resolve("c_labels.npy"), dir.resolve("broken_labels.npy"));
        CliRun r = CliRun.of("label-issues", dir.toString(), "--json", "-", "--strict");
        assertEquals(1, r.exitCode(), "--strict: a file failed");
        JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(2, json.get("images").getAsInt());
        JsonObject failed = json.getAsJsonArray("failed").get(0).getAsJsonObject();
        assertTrue(failed.get("error").getAsString().startsWith(dir.resolve("broken_logits.npy") + ": not a .npy, .npz or PNG file"),
                failed.toString());
    }

    @Test
    void maxRegionsKeepsTheCostliestAndCountsThemAll() {
        JsonObject all = JsonParser.parseString(CliRun.of("label-issues", PLAIN.toString(), "--json", "-").out()).getAsJsonObject();
        JsonObject one = JsonParser.parseString(CliRun.of("label-issues", PLAIN.toString(), "--json", "-", "--max-regions", "1").out())
                .getAsJsonObject();
        for (int i = 0; i < 3; i++) {
            JsonObject a = all.getAsJsonArray("perImage").get(i).getAsJsonObject();
            JsonObject b = one.getAsJsonArray("perImage").get(i).getAsJsonObject();
            assertEquals(a.getAsJsonArray("regions").size(), a.get("regionCount").getAsInt(), "under 50 regions: all listed");
            assertEquals(a.get("regionCount"), b.get("regionCount"));
            assertEquals(1, b.getAsJsonArray("regions").size());
            assertEquals(a.getAsJsonArray("regions").get(0), b.getAsJsonArray("regions").get(0), "the costliest");
        }
        assertEquals("focalscope: label-issues: --max-regions must be at least 0, got -1",
                CliRun.of("label-issues", PLAIN.toString(), "--max-regions", "-1").err().strip());
    }

    /** p of the label underflows to 0 at a logit gap of 800: the region's loss is still the finite 800 a pixel. */
    @Test
    void aLabelWhoseProbabilityUnderflowsCarriesAFiniteLoss(@TempDir Path dir) {
        int h = 4;
        int w = 4;
        int classes = 3;
        float[] z = new float[classes * h * w];
        int[] labels = new int[h * w];
        for (int p = 0; p < h * w; p++) {
            labels[p] = p % classes;
            z[labels[p] * h * w + p] = 5; // right and confident
        }
        for (int p : new int[] {0, 1}) { // labelled 0, the network says 1 by 800
            labels[p] = 0;
            for (int c = 0; c < classes; c++) {
                z[c * h * w + p] = c == 1 ? 800 : 0;
            }
        }
        io.focalscope.io.NpyWriter.writeFloat32(dir.resolve("x_logits.npy"), new int[] {1, classes, h, w}, z);
        io.focalscope.io.NpyWriter.write(dir.resolve("x_labels.npy"), NdArray.ofBytes("labels", new int[] {1, h, w}, labels));
        CliRun r = CliRun.of("label-issues", dir.toString(), "--json", "-");
        assertEquals(0, r.exitCode(), r.err());
        JsonObject region = JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonArray("perImage").get(0).getAsJsonObject()
                .getAsJsonArray("regions").get(0).getAsJsonObject();
        assertEquals(2, region.get("pixels").getAsLong());
        assertEquals(1600, region.get("loss").getAsDouble(), 1e-3, "-(1 - p)^2 log p = 800 at each of the two pixels");
    }

    /**
     * A mask that cannot be written (a folder has its name) is refused before the search, in one
     * line: no mask and no report is written.
     */
    @Test
    void aMaskThatCannotBeWrittenIsRefusedBeforeTheSearch(@TempDir Path dir) throws Exception {
        Path masks = Files.createDirectories(dir.resolve("masks"));
        Files.createDirectories(masks.resolve("b_issues.npy")); // a folder where b's mask would go
        Path json = dir.resolve("report.json");
        CliRun r = CliRun.of("label-issues", PLAIN.toString(), "--masks", masks.toString(), "--json", json.toString());
        assertEquals(1, r.exitCode());
        assertEquals("focalscope: " + masks.resolve("b_issues.npy") + ": --masks would write one of the masks here, and a folder has"
                + " this name", r.err().strip());
        assertFalse(Files.exists(masks.resolve("a_issues.npy")), "refused before the search: no mask written");
        assertFalse(Files.exists(json), "nor the report");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertEquals("focalscope: " + file + ": --masks names a folder for the masks, and this is a file",
                CliRun.of("label-issues", PLAIN.toString(), "--masks", file.toString()).err().strip());
    }

    /** {@code --csv -} writes the CSV to stdout in place of the summary; with {@code --json -} too it is refused. */
    @Test
    void theCsvGoesToStdoutWithADash() {
        CliRun r = CliRun.of("label-issues", PLAIN.toString(), "--csv", "-");
        assertEquals(0, r.exitCode(), r.err());
        List<String> rows = r.out().lines().toList();
        assertEquals("rank,name,logits,labels,quality,flaggedPixels,regions,topRegionLoss", rows.get(0));
        assertEquals(4, rows.size(), "the header and the three images, no summary: " + r.out());
        assertTrue(rows.get(1).startsWith("1,c,"), "the worst first: " + rows.get(1));
        CliRun both = CliRun.of("label-issues", PLAIN.toString(), "--csv", "-", "--json", "-");
        assertEquals(1, both.exitCode());
        assertEquals("focalscope: --json - and --csv - would both write to standard output; give one of them a file name", both.err().strip());
        assertEquals("", both.out());
    }

    /** One named pair that cannot be read: its problem in one line, as compute gives it, not as a folder's skipped image. */
    @Test
    void aNamedPairThatCannotBeReadIsOneLine(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(PLAIN.resolve("a_logits.npy"));
        Path truncated = Files.write(dir.resolve("a_logits.npy"), java.util.Arrays.copyOf(whole, whole.length - 100));
        CliRun r = CliRun.of("label-issues", "--logits", truncated.toString(), "--labels", PLAIN.resolve("a_labels.npy").toString());
        assertEquals(1, r.exitCode());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("focalscope: " + truncated + ": "), r.err());
    }

    /**
     * Masks of a list's rows: a row's name keeps its folders under --masks, an absolute one its last
     * part; two rows that would write one mask are refused before the search.
     */
    @Test
    void masksOfAListKeepTheirFoldersAndNeverOverwriteEachOther(@TempDir Path dir) throws Exception {
        Path sub = Files.createDirectories(dir.resolve("city/x"));
        Files.copy(PLAIN.resolve("a_logits.npy"), sub.resolve("a_logits.npy"));
        Files.copy(PLAIN.resolve("a_labels.npy"), sub.resolve("a_labels.npy"));
        Path other = Files.createDirectories(dir.resolve("elsewhere"));
        Files.copy(PLAIN.resolve("b_logits.npy"), other.resolve("a_logits.npy"));
        Files.copy(PLAIN.resolve("b_labels.npy"), other.resolve("a_labels.npy"));
        Path list = Files.writeString(dir.resolve("list.csv"), "logits,labels\ncity/x/a_logits.npy,city/x/a_labels.npy\n"
                + other.resolve("a_logits.npy") + "," + other.resolve("a_labels.npy") + "\n");
        Path masks = dir.resolve("masks");
        CliRun r = CliRun.of("label-issues", "--list", list.toString(), "--masks", masks.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.isRegularFile(masks.resolve("city/x/a_issues.npy")), "a relative row keeps its folders");
        assertTrue(Files.isRegularFile(masks.resolve("a_issues.npy")), "an absolute row its last part");

        Path clash = Files.writeString(dir.resolve("clash.csv"), "logits,labels\n" + sub.resolve("a_logits.npy") + ","
                + sub.resolve("a_labels.npy") + "\n" + other.resolve("a_logits.npy") + "," + other.resolve("a_labels.npy") + "\n");
        CliRun refused = CliRun.of("label-issues", "--list", clash.toString(), "--masks", dir.resolve("masks2").toString());
        assertEquals(1, refused.exitCode());
        assertEquals("focalscope: --masks: " + sub.resolve("a_logits.npy") + " and " + other.resolve("a_logits.npy")
                + " would both write a_issues.npy; give them distinct names (a list's rows relative to it keep their folders)",
                refused.err().strip());
        assertTrue(!Files.exists(dir.resolve("masks2")), "refused before the folder is made");
        Path csvGivenAsFolder = Files.writeString(dir.resolve("images.csv"), "logits,labels\n");
        assertEquals("focalscope: " + csvGivenAsFolder + ": not a folder: give a CSV list of images with --list",
                CliRun.of("label-issues", csvGivenAsFolder.toString()).err().strip());
    }

    /** Each bad image is listed with the file, the count and the first pixel, as compute words it, and the others are searched. */
    @Test
    void badImagesAreListedWithTheirFileAndPixel(@TempDir Path dir) throws Exception {
        Files.copy(PLAIN.resolve("a_logits.npy"), dir.resolve("a_logits.npy"));
        Files.copy(PLAIN.resolve("a_labels.npy"), dir.resolve("a_labels.npy"));
        float[] z = new float[2 * 2 * 3];
        z[1 * 6 + 4] = Float.NaN; // class 1 at (y 1, x 1)
        z[5] = Float.POSITIVE_INFINITY; // class 0 at (y 1, x 2)
        io.focalscope.io.NpyWriter.writeFloat32(dir.resolve("nan_logits.npy"), new int[] {1, 2, 2, 3}, z);
        io.focalscope.io.NpyWriter.write(dir.resolve("nan_labels.npy"), NdArray.ofBytes("l", new int[] {1, 2, 3}, new int[6]));
        io.focalscope.io.NpyWriter.writeFloat32(dir.resolve("out_logits.npy"), new int[] {1, 2, 2, 3}, new float[12]);
        io.focalscope.io.NpyWriter.write(dir.resolve("out_labels.npy"), NdArray.ofBytes("l", new int[] {1, 2, 3}, new int[] {0, 0, 0, 0, 0, 7}));
        CliRun r = CliRun.of("label-issues", dir.toString(), "--json", "-");
        assertEquals(0, r.exitCode(), r.err());
        JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(1, json.get("images").getAsInt());
        List<String> errors = json.getAsJsonArray("failed").asList().stream().map(e -> e.getAsJsonObject().get("error").getAsString()).sorted().toList();
        assertEquals(List.of(dir.resolve("nan_logits.npy") + ": 2 pixels have non-finite logits (NaN or infinity), the first at (n=0, y=1, x=1)",
                dir.resolve("out_labels.npy") + ": label 7 at (n=0, y=1, x=2) is outside the 2 classes 0..1 and is not the ignore index 255"),
                errors);
    }
}
