package io.focalscope.labels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.focalscope.TestFiles;
import io.focalscope.dataset.ImageDiscovery;
import io.focalscope.dataset.ImageList;
import io.focalscope.io.NpyReader;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Against cleanlab 2.9's own functions run on the same files (tools/make_label_issues_reference.py):
 * every pixel labelled, where its segmentation functions apply as they are; and with ignored pixels,
 * where its general functions run on the labelled pixels only.
 */
class LabelIssuesGoldenTest {

    static final Path CASES = Path.of("src/test/resources/label-issues");

    /**
     * With inMemoryBytes 0 every image's figures wait on disk between the passes; 1 GB keeps them all
     * in memory; 30,000 bytes (an image of these takes 24,576) one in memory and the others on disk.
     */
    @ParameterizedTest
    @CsvSource({"plain, 1, 1073741824", "plain, 2, 1073741824", "ignored, 2, 1073741824", "plain, 2, 0", "ignored, 1, 0",
        "plain, 1, 30000", "ignored, 2, 30000"})
    void thresholdsQualitiesFlagsAndConfusionsAreCleanlabs(String name, int threads, long inMemoryBytes) throws Exception {
        Path folder = CASES.resolve(name);
        JsonObject expected = TestFiles.json(folder.resolve("expected.json"));
        Map<String, boolean[]> masks = new ConcurrentHashMap<>();
        LabelIssueReport r = LabelIssueSearch.run(images(folder), options(threads), (pass, done, all) -> { },
                (image, shape, flagged) -> masks.put(image.name(), flagged.clone()), inMemoryBytes);

        assertTrue(r.failed().isEmpty(), r.failed().toString());
        assertEquals(3, r.images());
        JsonArray thresholds = expected.getAsJsonArray("thresholds");
        for (int c = 0; c < thresholds.size(); c++) {
            double t = thresholds.get(c).getAsDouble();
            assertEquals(t, r.thresholds()[c], 1e-12 * t, "threshold of class " + c);
        }
        assertEquals(expected.get("flaggedPixels").getAsLong(), r.flaggedPixels());
        JsonObject quality = expected.getAsJsonObject("quality");
        for (LabelIssueReport.ImageIssues image : r.perImage()) {
            double q = quality.get(image.name()).getAsDouble();
            assertEquals(q, image.quality(), 1e-12 * q, image.name() + " quality");
            boolean[] want = toFlags(NpyReader.read(folder.resolve(image.name() + "_expected_issues.npy")).toInts());
            assertArrayEquals(want, masks.get(image.name()), image.name() + " flags");
            assertEquals(count(want), image.flaggedPixels(), image.name() + " flagged pixels");
        }
        List<LabelIssueReport.Confusion> common = r.common();
        JsonArray rows = expected.getAsJsonArray("common");
        assertEquals(rows.size(), common.size(), common.toString());
        for (int i = 0; i < rows.size(); i++) {
            JsonObject row = rows.get(i).getAsJsonObject();
            LabelIssueReport.Confusion c = common.get(i);
            // rows with equal counts come in either order
            assertEquals(row.get("pixels").getAsLong(), c.pixels(), "common[" + i + "]");
            assertTrue(contains(rows, c), c + " is one of cleanlab's rows");
        }
    }

    /**
     * A file holding two images beside a file of one: each sample's quality is cleanlab's score of
     * that image (it scores each image of the stacked arrays), its flags cleanlab's, and the file's
     * own quality the softmin over both samples' pixels.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2})
    void aBatchFilesSamplesAreScoredAsCleanlabScoresImages(int threads) throws Exception {
        Path folder = CASES.resolve("batch");
        JsonObject expected = TestFiles.json(folder.resolve("expected.json"));
        Map<String, boolean[]> masks = new ConcurrentHashMap<>();
        LabelIssueReport r = LabelIssueSearch.run(images(folder), options(threads), (pass, done, all) -> { },
                (image, shape, flagged) -> masks.put(image.name(), flagged.clone()));
        assertEquals(expected.get("flaggedPixels").getAsLong(), r.flaggedPixels());
        LabelIssueReport.ImageIssues ab = r.perImage().stream().filter(i -> i.name().equals("ab")).findFirst().orElseThrow();
        JsonArray samples = expected.getAsJsonObject("samples").getAsJsonArray("ab");
        assertEquals(2, ab.sampleFigures().size());
        for (int s = 0; s < 2; s++) {
            JsonObject want = samples.get(s).getAsJsonObject();
            LabelIssueReport.Sample got = ab.sampleFigures().get(s);
            assertEquals(s, got.sample());
            double q = want.get("quality").getAsDouble();
            assertEquals(q, got.quality(), 1e-12 * q, "sample " + s + " quality");
            assertEquals(want.get("flaggedPixels").getAsLong(), got.flaggedPixels(), "sample " + s + " flagged pixels");
        }
        double a = ab.sampleFigures().get(0).quality();
        double b = ab.sampleFigures().get(1).quality();
        // the file's softmin over both samples' pixels is their softmins weighed by their sums of weights
        assertTrue(ab.quality() >= Math.min(a, b) - 1e-12 && ab.quality() <= Math.max(a, b) + 1e-12, ab.quality() + " between " + a
                + " and " + b);
        LabelIssueReport.ImageIssues c = r.perImage().stream().filter(i -> i.name().equals("c")).findFirst().orElseThrow();
        double q = expected.getAsJsonObject("quality").get("c").getAsDouble();
        assertEquals(q, c.quality(), 1e-12 * q);
        assertEquals(List.of(), c.sampleFigures(), "one image: no samples");
        for (String name : List.of("ab", "c")) {
            boolean[] want = toFlags(NpyReader.read(folder.resolve(name + "_expected_issues.npy")).toInts());
            assertArrayEquals(want, masks.get(name), name + " flags");
        }
    }

    static ImageList images(Path folder) {
        return ImageDiscovery.inFolder(folder, "_logits.npy", List.of("_labels.npy"));
    }

    static LabelIssueSearch.Options options(int threads) {
        return new LabelIssueSearch.Options(new LossSettings(2, new WeightScheme.None(), 255, Reduction.MEAN, false), 0.1, threads);
    }

    /**
     * With cleanlab's downsample 2, on labels constant over 2 x 2 blocks (where its averaged labels
     * are the majority's): the flags pixel by pixel, the count and the qualities (pixel by pixel).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2})
    void downsampledFlagsAreCleanlabs(int threads) throws Exception {
        Path folder = CASES.resolve("downsample2");
        JsonObject expected = TestFiles.json(folder.resolve("expected.json"));
        Map<String, boolean[]> masks = new ConcurrentHashMap<>();
        LabelIssueSearch.Options o = new LabelIssueSearch.Options(new LossSettings(2, new WeightScheme.None(), 255, Reduction.MEAN, false),
                0.1, threads, 50, expected.get("downsample").getAsInt());
        LabelIssueReport r = LabelIssueSearch.run(images(folder), o, (pass, done, all) -> { },
                (image, shape, flagged) -> masks.put(image.name(), flagged.clone()));
        assertTrue(r.failed().isEmpty(), r.failed().toString());
        assertEquals(expected.get("flaggedPixels").getAsLong(), r.flaggedPixels());
        assertEquals(3L * 24 * 32, r.pixels(), "pixels counted pixel by pixel, not by block");
        for (LabelIssueReport.ImageIssues image : r.perImage()) {
            double q = expected.getAsJsonObject("quality").get(image.name()).getAsDouble();
            assertEquals(q, image.quality(), 1e-12 * q, image.name() + " quality");
            boolean[] want = toFlags(NpyReader.read(folder.resolve(image.name() + "_expected_issues.npy")).toInts());
            assertArrayEquals(want, masks.get(image.name()), image.name() + " flags");
        }
    }

    static boolean[] toFlags(int[] mask) {
        boolean[] out = new boolean[mask.length];
        for (int p = 0; p < mask.length; p++) {
            out[p] = mask[p] == 1;
        }
        return out;
    }

    static long count(boolean[] flags) {
        long n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return n;
    }

    private static boolean contains(JsonArray rows, LabelIssueReport.Confusion c) {
        for (JsonElement e : rows) {
            JsonObject o = e.getAsJsonObject();
            if (o.get("given").getAsInt() == c.given() && o.get("predicted").getAsInt() == c.predicted()
                    && o.get("pixels").getAsLong() == c.pixels()) {
                return true;
            }
        }
        return false;
    }
}
