package io.focalscope.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.io.InputException;
import io.focalscope.loss.engines.Engines;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.io.TempDir;

/** How a scan finds, reads, merges and reports, apart from the figures (see {@link DatasetScanGoldenTest}). */
class DatasetScanTest {

    /** What the kernel's float results may differ by before and after the JIT compiles it, relative. */
    static final double JIT = 1e-8;

    static final LossSettings ENET = new LossSettings(2, new WeightScheme.Enet(1.10), 255, Reduction.MEAN, false);
    final FocalLossEngine cpu = Engines.choose("cpu");

    ImageList folder() {
        return ImageDiscovery.inFolder(DatasetScanGoldenTest.IMAGES, ImageDiscovery.LOGITS_SUFFIX, ImageDiscovery.LABELS_SUFFIXES);
    }

    @Test
    void aFolderIsSearchedRecursivelyForArchivesAndSuffixPairs() {
        ImageList list = folder();
        assertEquals(List.of("alpha", "bravo", "delta", "echo", "foxtrot", "golf", "hotel", "juliet", "sub/charlie"),
                list.images().stream().map(ImageFiles::name).toList());
        ImageFiles charlie = list.images().get(8);
        assertTrue(charlie.labels().endsWith("sub/charlie_labels.png"), charlie.labels());
        assertEquals(1, list.failed().size());
        assertTrue(list.failed().get(0).error().endsWith(
                "india_logits.npy: no labels file beside it (looked for india_labels.png, india_labels.npy)"), list.failed().toString());
    }

    /** A folder whose logits are saved channels-last (as Keras saves them) scans to the channels-first folder's figures. */
    @Test
    void channelsLastLogitsScanAsTheChannelsFirstOnes(@TempDir Path dir) throws Exception {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path last = Files.createDirectories(dir.resolve("last"));
        for (String name : List.of("delta", "echo")) {
            Files.copy(DatasetScanGoldenTest.IMAGES.resolve(name + "_logits.npy"), first.resolve(name + "_logits.npy"));
            io.focalscope.TestFiles.writeChannelsLast(DatasetScanGoldenTest.IMAGES.resolve(name + "_logits.npy"),
                    last.resolve(name + "_logits.npy"));
            for (Path d : List.of(first, last)) {
                Files.copy(DatasetScanGoldenTest.IMAGES.resolve(name + "_labels.npy"), d.resolve(name + "_labels.npy"));
            }
        }
        DatasetFigures[] figures = new DatasetFigures[2];
        for (int i = 0; i < 2; i++) {
            ImageList list = ImageDiscovery.inFolder(i == 0 ? first : last, ImageDiscovery.LOGITS_SUFFIX, ImageDiscovery.LABELS_SUFFIXES);
            ScanTotals t = DatasetScan.run(list, cpu, ENET, 1, (d, n) -> { }, () -> false);
            assertEquals(List.of(), t.failed());
            figures[i] = DatasetFigures.of(t, ENET, "test");
        }
        assertEquals(figures[0].loss(), figures[1].loss(), JIT * figures[0].loss());
        assertArrayEquals(figures[0].counts(), figures[1].counts());
    }

    @Test
    void theFiguresDoNotDependOnTheThreadsOrTheirTiming() {
        List<Double> losses = new ArrayList<>();
        List<double[]> images = new ArrayList<>();
        for (int threads : new int[] {1, 2, 5}) {
            ScanTotals t = DatasetScan.run(folder(), cpu, ENET, threads, (d, n) -> { }, () -> false);
            DatasetFigures f = DatasetFigures.of(t, ENET, "test");
            losses.add(f.loss());
            images.add(f.perImage().stream().mapToDouble(DatasetFigures.ImageRow::meanFocal).toArray());
        }
        // equal but for the last float digits of the kernel's first calls: until the JIT compiles it, the Vector
        // API computes in Java (EXP through Math.exp), within an ulp of the compiled code (2e-9 of a sum, measured)
        assertEquals(losses.get(0), losses.get(1), JIT * losses.get(0));
        assertEquals(losses.get(0), losses.get(2), JIT * losses.get(0));
        assertArrayEquals(images.get(0), images.get(2), JIT * images.get(0)[0]);
    }

    @Test
    void totalsOfPartsMergeIntoTheTotalsOfTheWhole() {
        ImageList all = folder();
        ScanTotals whole = DatasetScan.run(all, cpu, ENET, 2, (d, n) -> { }, () -> false);
        List<ImageFiles> images = all.images();
        // scanned in three parts, merged in another grouping: (c + (a + b))
        ScanTotals a = part(images, 0, 3, all.failed());
        ScanTotals b = part(images, 3, 6, List.of());
        ScanTotals c = part(images, 6, images.size(), List.of());
        ScanTotals merged = c.merge(a.merge(b));
        DatasetFigures expected = DatasetFigures.of(whole, ENET, "test");
        DatasetFigures actual = DatasetFigures.of(merged, ENET, "test");
        assertEquals(expected.loss(), actual.loss(), JIT * expected.loss());
        assertArrayEquals(expected.counts(), actual.counts());
        assertEquals(expected.perImage().stream().map(DatasetFigures.ImageRow::name).toList(),
                actual.perImage().stream().map(DatasetFigures.ImageRow::name).toList());
        assertEquals(expected.failed(), actual.failed());
        for (int i = 0; i < expected.lossVsGamma().size(); i++) {
            assertEquals(expected.lossVsGamma().get(i).loss(), actual.lossVsGamma().get(i).loss(), JIT);
        }
    }

    private ScanTotals part(List<ImageFiles> images, int from, int to, List<ScanFailure> failed) {
        ScanTotals t = new ScanTotals(ENET.term());
        failed.forEach(t::fail);
        for (int i = from; i < to; i++) {
            try {
                t.add(ImageScan.of(i, images.get(i), cpu, ENET));
            } catch (InputException e) {
                t.fail(ScanFailure.of(images.get(i), e.getMessage()));
            }
        }
        return t;
    }

    @Test
    void progressCountsEveryImageAndCancelStopsTheScan() {
        AtomicInteger calls = new AtomicInteger();
        List<Integer> totals = new ArrayList<>();
        DatasetScan.run(folder(), cpu, ENET, 2, (done, total) -> {
            calls.incrementAndGet();
            totals.add(total);
        }, () -> false);
        assertEquals(9, calls.get());
        assertTrue(totals.stream().allMatch(t -> t == 9));

        AtomicInteger asked = new AtomicInteger();
        assertThrows(CancellationException.class,
                () -> DatasetScan.run(folder(), cpu, ENET, 2, (d, t) -> { }, () -> asked.incrementAndGet() > 2));
    }

    @Test
    void aListNamesImagesRelativeToItself() {
        ImageList list = ImageDiscovery.fromList(DatasetScanGoldenTest.IMAGES.resolve("list.csv"));
        assertEquals(List.of("sub/charlie", "alpha", "foxtrot"), list.images().stream().map(ImageFiles::name).toList());
        assertEquals(DatasetScanGoldenTest.IMAGES.resolve("alpha.npz").toAbsolutePath().normalize().toString(),
                list.images().get(1).logits());
    }

    @Test
    void aListWithoutItsHeaderIsRefusedAndABadRowIsListed(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("l.csv"), "a.npy,b.png\n");
        InputException e = assertThrows(InputException.class, () -> ImageDiscovery.fromList(bad));
        assertEquals(bad + ": line 1: expected the header 'logits,labels', found 'a.npy,b.png'", e.getMessage());

        Path rows = Files.writeString(dir.resolve("r.csv"), "logits,labels\nonly-one-path\n");
        ImageList list = ImageDiscovery.fromList(rows);
        assertEquals(List.of(new ScanFailure(rows.toString(), rows + ": line 2: expected two paths 'logits,labels', found 'only-one-path'")),
                list.failed());
    }

    @Test
    void twoFoldersPairByStemAndListEveryFileWithoutOnePartner(@TempDir Path dir) throws Exception {
        Path logits = Files.createDirectories(dir.resolve("D1/sub"));
        Path labels = Files.createDirectories(dir.resolve("D2/sub"));
        for (String f : List.of("D1/a.npy", "D1/sub/b.npz", "D1/c.npy", "D1/notes.txt", "D1/d.npy",
                "D2/a.png", "D2/sub/b.npy", "D2/e.png", "D2/d.png", "D2/d.npy", "D2/c.json")) {
            Files.write(dir.resolve(f), new byte[0]);
        }
        Path d1 = logits.getParent();
        Path d2 = labels.getParent();
        ImageList list = StemPairing.inFolders(d1, d2);
        assertEquals(d1 + " + " + d2, list.source());
        assertEquals(List.of(new ImageFiles("a", d1 + "/a.npy", d2 + "/a.png"),
                new ImageFiles("sub/b", d1 + "/sub/b.npz", d2 + "/sub/b.npy")), list.images());
        assertEquals(List.of(
                new ScanFailure(d1 + "/c.npy", d1 + "/c.npy: no labels named c.* in " + d2),
                new ScanFailure(d1 + "/d.npy", d1 + "/d.npy: 2 labels files named d.* in " + d2 + " (" + d2 + "/d.npy, " + d2
                        + "/d.png); keep one"),
                new ScanFailure(d2 + "/e.png", d2 + "/e.png: no logits named e.* in " + d1)), list.failed());

        Files.write(dir.resolve("D1/a.npz"), new byte[0]);
        assertEquals(new ScanFailure(d1 + "/a.npy", d1 + "/a.npy: 2 logits files named a.* in " + d1 + " (" + d1 + "/a.npy, "
                + d1 + "/a.npz); keep one"), StemPairing.inFolders(d1, d2).failed().get(0));
        InputException same = assertThrows(InputException.class, () -> StemPairing.inFolders(d1, d1));
        assertEquals(d1 + ": --logits-dir and --labels-dir are the same folder; scan DIR reads logits and labels from one folder",
                same.getMessage());
        assertEquals(dir.resolve("D3") + ": no such folder",
                assertThrows(InputException.class, () -> StemPairing.inFolders(d1, dir.resolve("D3"))).getMessage());
    }

    @Test
    void aMissingFolderIsNamed() {
        InputException e = assertThrows(InputException.class,
                () -> ImageDiscovery.inFolder(Path.of("no/such/dir"), "_logits.npy", List.of("_labels.png")));
        assertEquals("no/such/dir: no such folder", e.getMessage());
    }

    @Test
    void weightsFromTheLabelFilesAloneAreTheScansWeights() {
        List<String> files = List.of("alpha.npz", "bravo.npz", "delta_labels.npy", "echo_labels.npy", "sub/charlie_labels.png")
                .stream().map(f -> DatasetScanGoldenTest.IMAGES.resolve(f).toString()).toList();
        LabelCounts counts = LabelCounts.count(LabelFiles.expand(files), null, 255, 2, (d, t) -> { }, () -> false);
        DatasetFigures scanned = DatasetFigures.of(DatasetScan.run(folder(), cpu, ENET, 2, (d, t) -> { }, () -> false), ENET, "t");
        assertArrayEquals(scanned.counts(), counts.classCounts().total());
        assertArrayEquals(DatasetScanGoldenTest.longs(DatasetScanGoldenTest.expected().getAsJsonObject("labelWeights").getAsJsonArray("counts")),
                counts.classCounts().total());
        assertEquals(5, counts.classes());
    }

    @Test
    void aLabelOutsideTheClassesIsAFailureThatNamesTheFile() {
        String hotel = DatasetScanGoldenTest.IMAGES.resolve("hotel_labels.npy").toString();
        LabelCounts counts = LabelCounts.count(LabelFiles.expand(List.of(hotel)), 5, 255, 1, (d, t) -> { }, () -> false);
        assertEquals(List.of(new ScanFailure(hotel, hotel
                + ": label 7 at (n=0, y=3, x=5) is outside the 5 classes 0..4 and is not the ignore index 255")), counts.failed());
    }
    /**
     * A dataset whose least NLL lies within 5 % of T = 1 takes no second pass: its images' derivatives
     * at T = 1, merged, fit it. The golden dataset's logits scaled by T / 1.6417 (its fitted T) put
     * the least at T, its NLL there unchanged: the float64 reference's, within 1e-7.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.96, 0.99, 1.02, 1.045})
    void aDatasetNearlyCalibratedIsFittedFromItsFirstPass(double temperature, @TempDir Path dir) throws Exception {
        Path calibration = Path.of("src/test/resources/calibration/dataset");
        com.google.gson.JsonObject want = io.focalscope.TestFiles.json(calibration.resolve("expected.json")).getAsJsonObject("dataset");
        double scale = temperature / want.get("temperature").getAsDouble();
        for (String name : List.of("im0", "im1", "im2")) {
            io.focalscope.io.NdArray logits = io.focalscope.io.NpyReader.read(calibration.resolve(name + "_logits.npy"));
            float[] z = logits.toFloats();
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) (z[i] * scale);
            }
            io.focalscope.io.NpyWriter.writeFloat32(dir.resolve(name + "_logits.npy"), logits.shape(), z);
            Files.copy(calibration.resolve(name + "_labels.npy"), dir.resolve(name + "_labels.npy"));
        }
        ImageList list = ImageDiscovery.inFolder(dir, ImageDiscovery.LOGITS_SUFFIX, ImageDiscovery.LABELS_SUFFIXES);
        LossSettings s = new LossSettings(2.0, new WeightScheme.None(), 255, Reduction.MEAN);
        ScanTotals totals = DatasetScan.run(list, Engines.choose("cpu"), s, 2, 15, (d, t) -> { }, () -> false);
        assertFalse(totals.calibration().needsProfile(), "no second pass");
        io.focalscope.calibration.Calibration c = totals.calibration().figures();
        assertEquals(temperature, c.temperature(), 1e-5 * temperature);
        assertEquals(want.get("nllAfterTemperature").getAsDouble(), c.nllAfterTemperature(), 1e-7);
        assertEquals(null, c.temperatureNote());
    }

    /**
     * The calibration's pass runs beside the loss's: an image the loss refuses is named by the loss's
     * message (the count of non-finite pixels, not the calibration's first place), and the next image,
     * read into the same array, gets its own figures.
     */
    @Test
    void anImageRefusedWhileItsCalibrationRunsLeavesTheNextOneWhole(@TempDir Path dir) throws Exception {
        Path calibration = Path.of("src/test/resources/calibration/dataset");
        io.focalscope.io.NdArray logits = io.focalscope.io.NpyReader.read(calibration.resolve("im0_logits.npy"));
        float[] z = logits.toFloats();
        z[7] = Float.NaN;
        io.focalscope.io.NpyWriter.writeFloat32(dir.resolve("a_logits.npy"), logits.shape(), z);
        Files.copy(calibration.resolve("im0_labels.npy"), dir.resolve("a_labels.npy"));
        Files.copy(calibration.resolve("im1_logits.npy"), dir.resolve("b_logits.npy"));
        Files.copy(calibration.resolve("im1_labels.npy"), dir.resolve("b_labels.npy"));
        LossSettings s = new LossSettings(2.0, new WeightScheme.None(), 255, Reduction.MEAN);
        ImageList list = ImageDiscovery.inFolder(dir, ImageDiscovery.LOGITS_SUFFIX, ImageDiscovery.LABELS_SUFFIXES);
        ScanTotals totals = DatasetScan.run(list, Engines.choose("cpu"), s, 1, 15, (d, t) -> { }, () -> false);
        assertEquals(List.of(dir.resolve("a_logits.npy") + ": 1 pixel has non-finite logits (NaN or infinity)"),
                totals.failed().stream().map(ScanFailure::error).toList());
        io.focalscope.calibration.Calibration alone = io.focalscope.calibration.CalibrationSums.of(
                io.focalscope.io.BatchLoader.load(dir.resolve("b_logits.npy").toString(), dir.resolve("b_labels.npy").toString()), 255, 15)
                .figures();
        io.focalscope.calibration.Calibration scanned = totals.calibration().figures();
        assertEquals(alone.ece(), scanned.ece(), 0.0);
        assertEquals(alone.pixels(), scanned.pixels());
        assertEquals(alone.nll(), scanned.nll(), 0.0);
    }

    /**
     * An image the first pass read and the second cannot (its file changed between them) ends the
     * second pass, named; of several, the first in the list, whatever the threads' timing.
     */
    @Test
    void theSecondPassNamesTheFirstImageThatChangedSinceTheFirst(@TempDir Path dir) throws Exception {
        Path calibration = Path.of("src/test/resources/calibration/dataset");
        for (String name : List.of("im0", "im1", "im2")) {
            Files.copy(calibration.resolve(name + "_logits.npy"), dir.resolve(name + "_logits.npy"));
            Files.copy(calibration.resolve(name + "_labels.npy"), dir.resolve(name + "_labels.npy"));
        }
        ImageList list = ImageDiscovery.inFolder(dir, ImageDiscovery.LOGITS_SUFFIX, ImageDiscovery.LABELS_SUFFIXES);
        LossSettings s = new LossSettings(2.0, new WeightScheme.None(), 255, Reduction.MEAN);
        ScanTotals totals = DatasetScan.run(list, Engines.choose("cpu"), s, 2, 15, (d, t) -> { }, () -> false);
        ScanTotals unsettled = DatasetScan.run(list, Engines.choose("cpu"), s, 2, 15, (d, t) -> { }, () -> false);
        assertEquals(3, totals.images().size());
        assertTrue(totals.calibration().needsProfile(), "the golden dataset's least lies beyond 5 % of T = 1: the profile's pass");
        DatasetScan.settleTemperature(totals, s, 2, (d, t) -> { }, () -> false);
        assertTrue(DatasetScan.binsAtTemperature(totals, s, 2, (d, t) -> { }, () -> false).pixels() > 0);
        Files.writeString(dir.resolve("im1_logits.npy"), "not an array any more");
        Files.writeString(dir.resolve("im2_logits.npy"), "nor this");
        InputException e = assertThrows(InputException.class,
                () -> DatasetScan.binsAtTemperature(totals, s, 2, (d, t) -> { }, () -> false));
        assertTrue(e.getMessage().startsWith("the pass at the fitted temperature: " + dir.resolve("im1_logits.npy") + ": "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" (the first pass read it: did the file change?)"), e.getMessage());
        e = assertThrows(InputException.class, () -> DatasetScan.settleTemperature(unsettled, s, 2, (d, t) -> { }, () -> false));
        assertTrue(e.getMessage().startsWith("the pass for the NLL at 19 temperatures: " + dir.resolve("im1_logits.npy") + ": "),
                e.getMessage());
    }
}
