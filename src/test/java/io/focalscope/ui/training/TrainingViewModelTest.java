package io.focalscope.ui.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.focalscope.TestFiles;
import io.focalscope.dynamics.DataMaps;
import io.focalscope.dynamics.DynamicsFigures;
import io.focalscope.dynamics.EpochSource;
import io.focalscope.io.NpyReader;
import io.focalscope.render.MapLayer;
import io.focalscope.ui.inspector.InspectorViewModel;
import io.focalscope.ui.map.MapViewModel;
import io.focalscope.ui.task.ImmediateTaskExecutor;
import io.focalscope.ui.task.ManualTaskExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Training tab's view model without a toolkit, on the float64 reference run (tools' expected.json). */
class TrainingViewModelTest {

    static final Path DYNAMICS = Path.of("src/test/resources/dynamics");
    static final Path RUN = DYNAMICS.resolve("run");
    static final Path LABELS = RUN.resolve("labels");
    static final double TOLERANCE = 1e-6;

    final List<String> errors = new ArrayList<>();
    InspectorViewModel vm;

    @AfterEach
    void close() {
        if (vm != null) {
            vm.close();
        }
    }

    InspectorViewModel inspector() {
        vm = new InspectorViewModel("cpu", new ImmediateTaskExecutor());
        vm.setErrorHandler(errors::add);
        vm.map.paneSizes.set(new MapViewModel.PaneSizes(200, 100, 0, 0, 100));
        return vm;
    }

    static JsonObject expected() {
        return TestFiles.json(DYNAMICS.resolve("expected.json"));
    }

    @Test
    void theFiguresOfARunAreTheReferencesAtTheInspectorsSettings() {
        InspectorViewModel v = inspector();
        assertEquals(RUN.resolve("labels"), TrainingViewModel.suggestedLabels(RUN));
        v.training.open(RUN, LABELS);
        DynamicsFigures f = v.training.figuresProperty().get();
        JsonObject e = expected();
        assertEquals(List.of("epoch_1", "epoch_2", "epoch_3", "epoch_4", "epoch_5", "epoch_6", "epoch_7", "epoch_8", "epoch_9",
                "epoch_10", "epoch_11"), v.training.epochNames());
        assertEquals(3, f.perImage().size());
        for (DynamicsFigures.ImageRow r : f.perImage()) {
            assertFigures(e.getAsJsonObject("images").getAsJsonObject(r.name()), r.figures(), r.name());
        }
        assertFigures(e.getAsJsonObject("dataset"), f.dataset(), "dataset");
        assertEquals(10, v.training.epoch.get(), "the last epoch first");
        assertFalse(v.training.runningProperty().get());
        assertEquals(1.0, v.training.progressProperty().get());
        assertTrue(v.training.messageProperty().get().startsWith(RUN + ": 3 images over 11 epochs in "),
                v.training.messageProperty().get());
        assertEquals(List.of(), errors);
    }

    private static void assertFigures(JsonObject e, DynamicsFigures.Figures f, String what) {
        assertEquals(e.get("labelled").getAsLong(), f.pixels(), what + " labelled");
        assertEquals(e.get("confidence").getAsDouble(), f.confidence(), TOLERANCE, what + " confidence");
        assertEquals(e.get("variability").getAsDouble(), f.variability(), TOLERANCE, what + " variability");
        assertEquals(e.get("correctness").getAsDouble(), f.correctness(), TOLERANCE, what + " correctness");
        assertEquals(e.get("forgetting").getAsDouble(), f.forgetting(), TOLERANCE, what + " forgetting");
        assertEquals(e.get("hardPixels").getAsLong(), f.hardPixels(), what + " hard pixels");
        JsonArray loss = e.getAsJsonObject("lossByEpoch").getAsJsonArray("none");
        for (int i = 0; i < loss.size(); i++) {
            assertEquals(loss.get(i).getAsDouble(), f.lossByEpoch()[i], TOLERANCE, what + " loss at epoch " + (i + 1));
        }
    }

    @Test
    void theScatterHasAnImageAtItsVariabilityAndConfidenceInItsCorrectnessBand() {
        InspectorViewModel v = inspector();
        v.training.open(RUN, LABELS);
        Map<String, Cartography.Point> points = v.training.points().stream()
                .collect(Collectors.toMap(Cartography.Point::name, p -> p));
        assertEquals(List.of("blurry", "car", "street"), points.keySet().stream().sorted().toList());
        JsonObject images = expected().getAsJsonObject("images");
        for (Cartography.Point p : points.values()) {
            JsonObject e = images.getAsJsonObject(p.name());
            assertEquals(e.get("variability").getAsDouble(), p.variability(), TOLERANCE, p.name());
            assertEquals(e.get("confidence").getAsDouble(), p.confidence(), TOLERANCE, p.name());
            assertEquals((int) Math.floor(e.get("correctness").getAsDouble() * 5), p.band(), p.name());
        }
        assertEquals("car", v.training.points().get(0).name(), "lowest confidence first");
        assertEquals("correctness 0–0.2", Cartography.bandName(0));
        assertEquals("correctness 0.8–1", Cartography.bandName(4));
        assertEquals(4, new Cartography.Point("x", 0, 0, 1.0).band(), "always right is the top band");
    }

    @Test
    void selectingAnImageOpensItAtTheSelectedEpochAndTheSliderOpensEachEpochKeepingSettingsAndLayer() {
        InspectorViewModel v = inspector();
        v.training.open(RUN, LABELS);
        v.training.select("car");
        assertEquals(RUN.resolve("epoch_11/car.npy").toString(), v.datasetProperty().get().batch().logitsSource());
        assertTrue(v.map.dataMapsAvailable.get());
        v.map.layer.set(MapLayer.DATA_CONFIDENCE);
        v.loss.gamma.set(3.0);
        v.training.epoch.set(0);
        assertEquals(RUN.resolve("epoch_1/car.npy").toString(), v.datasetProperty().get().batch().logitsSource());
        assertEquals(0, v.training.epochOf(v.datasetProperty().get().batch().logitsSource()));
        assertEquals(3.0, v.loss.gamma.get(), "the inspector's γ stays");
        assertEquals(3.0, v.evaluationProperty().get().result().gamma());
        assertEquals(MapLayer.DATA_CONFIDENCE, v.map.layer.get(), "the layer stays");
        assertNotNull(v.map.dataProperty().get().dataMaps(), "the map has the image's data maps at every epoch");
        v.training.epoch.set(4);
        assertEquals(RUN.resolve("epoch_5/car.npy").toString(), v.datasetProperty().get().batch().logitsSource());
        assertEquals(List.of(), errors);
    }

    /** A slider dragged over the epochs while a file opens: the inspector opens the newest epoch next, not each one passed. */
    @Test
    void epochsPassedWhileAFileOpensAreSkippedForTheNewest() {
        ManualTaskExecutor inspectorWorker = new ManualTaskExecutor();
        vm = new InspectorViewModel("cpu", inspectorWorker, new ImmediateTaskExecutor(), new ImmediateTaskExecutor());
        vm.setErrorHandler(errors::add);
        vm.map.paneSizes.set(new MapViewModel.PaneSizes(200, 100, 0, 0, 100));
        vm.training.open(RUN, LABELS);
        List<String> opened = new ArrayList<>();
        vm.datasetProperty().addListener((o, was, now) -> opened.add(now.batch().logitsSource()));
        vm.training.select("car");
        for (int e = 0; e <= 3; e++) {
            vm.training.epoch.set(e);
        }
        inspectorWorker.runAll();
        assertEquals(List.of(RUN.resolve("epoch_11/car.npy").toString(), RUN.resolve("epoch_4/car.npy").toString()), opened);
        assertEquals(List.of(), errors);
    }

    /**
     * An image selected while another file opens waits with the run's settings (its γ, its class
     * weights); the slider moved before it opens replaces the epoch that waits, and keeps those settings:
     * the slider's own request carries none, and the controls' would show the car without the run's weights.
     */
    @Test
    void anEpochQueuedAfterASelectionKeepsTheRunsSettings() {
        ManualTaskExecutor inspectorWorker = new ManualTaskExecutor();
        vm = new InspectorViewModel("cpu", inspectorWorker, new ImmediateTaskExecutor(), new ImmediateTaskExecutor());
        vm.setErrorHandler(errors::add);
        vm.map.paneSizes.set(new MapViewModel.PaneSizes(200, 100, 0, 0, 100));
        vm.loss.gamma.set(3.0);
        vm.loss.weightChoice.set(io.focalscope.ui.settings.WeightChoice.ENET);
        vm.training.open(RUN, LABELS); // followed at γ 3 with ENet weights from the whole run's labels
        DynamicsFigures f = vm.training.figuresProperty().get();
        vm.loss.gamma.set(1.0);
        vm.loss.weightChoice.set(io.focalscope.ui.settings.WeightChoice.NONE);
        vm.openDemo(); // a file being opened: what the Training tab asks now waits
        vm.training.select("car"); // waits, with the run's settings
        vm.training.epoch.set(3); // replaces it, with no settings of its own
        inspectorWorker.runAll();
        assertEquals(RUN.resolve("epoch_4/car.npy").toString(), vm.datasetProperty().get().batch().logitsSource());
        io.focalscope.loss.LossSettings shown = vm.evaluationProperty().get().settings();
        assertEquals(3.0, shown.term().gamma(), "the run's γ, not the controls' 1");
        assertTrue(shown.weights() instanceof io.focalscope.loss.WeightScheme.Explicit, "the run's weights: " + shown.weights());
        assertEquals(java.util.Arrays.toString(f.classWeights().values()),
                java.util.Arrays.toString(((io.focalscope.loss.WeightScheme.Explicit) shown.weights()).values()));
        assertEquals(3.0, vm.loss.gamma.get(), "the controls show the run's γ");
        assertEquals(List.of(), errors);
    }

    @Test
    void theCarsDataMapsHaveExactlyThePlantedPatchHardAndStable() {
        InspectorViewModel v = inspector();
        v.training.open(RUN, LABELS);
        v.training.select("car");
        DataMaps m = v.training.mapsProperty().get();
        assertEquals(List.of(1, 16, 24), List.of(m.shape()[0], m.shape()[1], m.shape()[2]));
        List<String> hard = new ArrayList<>();
        for (int p = 0; p < 16 * 24; p++) {
            if (m.hard(p)) {
                hard.add((p / 24) + "," + (p % 24));
            }
        }
        List<String> patch = new ArrayList<>();
        for (int y = 2; y <= 5; y++) {
            for (int x = 3; x <= 7; x++) {
                patch.add(y + "," + x);
            }
        }
        assertEquals(patch, hard, "the 20 pixels of the planted wrong label, and no other");
        assertEquals(m, v.map.dataProperty().get().dataMaps(), "the inspector's map draws them");
        v.training.select("street");
        assertTrue(v.training.mapsProperty().get() != m);
        v.training.select("car");
        assertTrue(v.training.mapsProperty().get() == m, "worked out once per image");
        // the per-pixel maps are the reference's (float32 of its float64)
        float[][] reference = {NpyReader.read(DYNAMICS.resolve("expected/car_confidence.npy")).toFloats(),
                NpyReader.read(DYNAMICS.resolve("expected/car_variability.npy")).toFloats()};
        for (int p = 0; p < 16 * 24; p++) {
            if (!Float.isNaN(m.confidence()[p])) {
                assertEquals(reference[0][p], m.confidence()[p], 1e-6, "confidence at " + p);
                assertEquals(reference[1][p], m.variability()[p], 1e-6, "variability at " + p);
            }
        }
    }

    /** The link to label issues: the planted patch is flagged, and all of its region stayed hard and stable. */
    @Test
    void theCarsFlaggedRegionIsAllHardAndStable() {
        InspectorViewModel v = inspector();
        v.training.open(RUN, LABELS);
        v.training.select("car");
        v.labelIssuesShown.set(true);
        io.focalscope.labels.LabelIssueReport report = v.labelIssuesProperty().get();
        assertNotNull(report);
        List<io.focalscope.labels.Region> regions = report.perImage().get(0).regions();
        io.focalscope.labels.Region patch = regions.stream().filter(r -> java.util.Arrays.equals(new int[] {2, 3, 5, 7}, r.box()))
                .findFirst().orElseThrow(() -> new AssertionError("no region at the planted patch: " + regions));
        assertEquals(20, patch.pixels());
        assertEquals(1.0, RegionHardShare.of(v.map.dataProperty().get(), patch));
        RegionHardShare kept = new RegionHardShare();
        assertEquals(1.0, kept.shareOf(v.map.dataProperty().get(), patch));
        io.focalscope.render.MapData before = v.map.dataProperty().get();
        v.training.epoch.set(0); // the car at its first epoch: a search of its own, the same data maps
        assertTrue(RegionHardShare.changed(before, v.map.dataProperty().get()));
        assertEquals(before.dataMaps(), v.map.dataProperty().get().dataMaps());
        for (io.focalscope.labels.Region r : regions) {
            if (r != patch) {
                assertEquals(0.0, RegionHardShare.of(v.map.dataProperty().get(), r), "no other hard pixel: " + r);
            }
        }
        v.openDemo();
        assertNull(RegionHardShare.of(v.map.dataProperty().get(), patch), "no share without data maps");
    }

    @Test
    void theLossPerClassOfAnImageAddsUpToItsLossAtEachEpoch() {
        InspectorViewModel v = inspector();
        v.training.open(RUN, LABELS);
        DynamicsFigures f = v.training.figuresProperty().get();
        DynamicsFigures.ImageRow street = f.perImage().stream().filter(r -> r.name().equals("street")).findFirst().orElseThrow();
        v.training.select(street);
        double[][] perClass = v.training.classLossProperty().get();
        long[] counts = street.trajectory().counts();
        JsonArray loss = expected().getAsJsonObject("images").getAsJsonObject("street").getAsJsonObject("lossByEpoch")
                .getAsJsonArray("none");
        for (int e = 0; e < 11; e++) {
            double sum = 0;
            for (int c = 0; c < counts.length; c++) {
                sum += counts[c] == 0 ? 0 : perClass[c][e] * counts[c];
            }
            assertEquals(loss.get(e).getAsDouble(), sum / street.figures().pixels(), TOLERANCE, "epoch " + (e + 1));
        }
    }

    @Test
    void aFileOfNoRunLeavesTheDataMapLayersForTheLoss() {
        InspectorViewModel v = inspector();
        v.training.open(RUN, LABELS);
        v.training.select("car");
        v.map.layer.set(MapLayer.HARD_STABLE);
        v.openDemo();
        assertFalse(v.map.dataMapsAvailable.get());
        assertEquals(MapLayer.FOCAL, v.map.layer.get());
        assertNull(v.map.dataProperty().get().dataMaps());
        assertEquals("the open file is not of the training run", v.map.dataMapsReason.get());
        v.map.layer.set(MapLayer.PT);
        v.map.layer.set(MapLayer.DATA_VARIABILITY); // as the keyboard may pick a greyed-out layer
        assertEquals(MapLayer.PT, v.map.layer.get(), "the layer stays");
    }

    /** The images not followed, in the command's words: the missing epochs as it says them, each file's problem once. */
    @Test
    void theImagesNotFollowedAreSaidAsTheCommandSaysThem(@org.junit.jupiter.api.io.TempDir Path tmp) {
        Path run = io.focalscope.dynamics.TroubledRun.write(tmp.resolve("troubled"));
        InspectorViewModel v = inspector();
        v.training.open(run, run.resolve("labels"));
        assertEquals(List.of("late is missing from epochs epoch_1, epoch_2, epoch_3, epoch_4",
                run.resolve("epoch_1/extra.npy") + ": no labels named extra.* in " + run.resolve("labels") + "; its logits are in all 11 epochs",
                run.resolve("epoch_1/street.npy") + ": has 6 classes where 2 of the 3 images followed have 5"), v.training.notFollowed());
        assertTrue(v.training.messageProperty().get().startsWith(run + ": 2 images over 11 epochs, 3 not followed in "),
                v.training.messageProperty().get());
        assertEquals(List.of(), errors);
    }

    /** A CSV list goes the folder's way (an EpochSource): the same figures, the list shown as the run's source. */
    @Test
    void aListIsFollowedAsTheFolderIs() {
        InspectorViewModel v = inspector();
        Path list = DYNAMICS.resolve("run.csv");
        v.training.open(new EpochSource.CsvList(list));
        DynamicsFigures f = v.training.figuresProperty().get();
        JsonObject e = expected();
        assertEquals(3, f.perImage().size());
        for (DynamicsFigures.ImageRow r : f.perImage()) {
            assertFigures(e.getAsJsonObject("images").getAsJsonObject(r.name()), r.figures(), r.name());
        }
        assertEquals(list.toString(), v.training.sourceProperty().get());
        assertEquals(new EpochSource.CsvList(list), v.training.runProperty().get());
        assertTrue(v.training.messageProperty().get().startsWith(list + ": 3 images over 11 epochs in "),
                v.training.messageProperty().get());
        v.training.select("car");
        assertEquals(RUN.resolve("epoch_11/car.npy").toAbsolutePath().toString(), v.datasetProperty().get().batch().logitsSource());
        assertTrue(v.map.dataMapsAvailable.get(), "the list's files are the run's");
        assertEquals(20, hardPixels(v.training.mapsProperty().get()));
        assertEquals(List.of(), errors);
    }

    /**
     * Following the same run again (Follow, at new thresholds) keeps the open image at its epoch, so
     * the slider, the image's charts and the inspector stay on what is shown; another run starts at
     * its last epoch with no image open.
     */
    @Test
    void followingTheSameRunAgainKeepsTheOpenImageAtItsEpoch() {
        InspectorViewModel v = inspector();
        v.training.open(RUN, LABELS);
        v.training.select("car");
        v.training.epoch.set(0);
        assertEquals(RUN.resolve("epoch_1/car.npy").toString(), v.datasetProperty().get().batch().logitsSource());
        v.training.open(RUN, LABELS);
        assertEquals("car", v.training.selectedProperty().get().name());
        assertEquals(0, v.training.epoch.get());
        assertEquals(RUN.resolve("epoch_1/car.npy").toString(), v.datasetProperty().get().batch().logitsSource());
        assertNotNull(v.training.classLossProperty().get(), "the image's loss by epoch, again");
        v.training.open(new EpochSource.CsvList(DYNAMICS.resolve("run.csv")));
        assertEquals(null, v.training.selectedProperty().get(), "another run: no image open");
        assertEquals(10, v.training.epoch.get());
        assertEquals(List.of(), errors);
    }

    /** A bad list ends in one message naming it and its problem; the run shown stays. */
    @Test
    void aBadListIsNamedInOneMessageAndTheRunShownStays(@org.junit.jupiter.api.io.TempDir Path tmp) throws java.io.IOException {
        InspectorViewModel v = inspector();
        v.training.open(RUN, LABELS);
        DynamicsFigures shown = v.training.figuresProperty().get();
        Path noHeader = java.nio.file.Files.writeString(tmp.resolve("no-header.csv"), "epoch_1,a.npy,b.npy\n");
        Path badRows = java.nio.file.Files.writeString(tmp.resolve("bad-rows.csv"), "epoch,logits,labels\nepoch_1,a.npy\nepoch_2\n");
        Path missing = java.nio.file.Files.writeString(tmp.resolve("missing.csv"), "epoch,logits,labels\nepoch_1,a.npy,b.npy\n");
        Path none = tmp.resolve("none.csv");
        for (Path list : List.of(noHeader, badRows, missing, none)) {
            errors.clear();
            v.training.open(new EpochSource.CsvList(list));
            assertEquals(1, errors.size(), list + ": " + errors);
            assertTrue(errors.get(0).startsWith(list + ": "), errors.get(0));
            assertFalse(errors.get(0).contains("\n"), errors.get(0));
            assertEquals(errors.get(0), v.training.messageProperty().get());
            assertTrue(v.training.figuresProperty().get() == shown, "the run shown stays");
            assertEquals(RUN.toString(), v.training.sourceProperty().get());
            assertEquals(new EpochSource.Folder(RUN, LABELS), v.training.runProperty().get());
        }
        v.training.open(new EpochSource.CsvList(noHeader));
        assertEquals(noHeader + ": line 1: expected the header 'epoch,logits,labels', found 'epoch_1,a.npy,b.npy'", errors.get(errors.size() - 1));
        v.training.open(new EpochSource.CsvList(badRows));
        assertEquals(badRows + ": line 2: expected 'epoch,logits,labels', found 'epoch_1,a.npy' (and 1 more row like it)",
                errors.get(errors.size() - 1));
        v.training.open(new EpochSource.CsvList(missing));
        // a row whose logits are not there is said as such, not as an image missing from the other epochs
        assertEquals(missing + ": line 2: no such file " + tmp.resolve("a.npy"), errors.get(errors.size() - 1));
        v.training.open(new EpochSource.CsvList(none));
        assertEquals(none + ": no such file", errors.get(errors.size() - 1));
    }

    /** The reference car's pixels below both thresholds, none of them within 1e-5 of either (float32 maps against float64). */
    private static int referenceHard(double confidence, double variability) {
        float[] c = NpyReader.read(DYNAMICS.resolve("expected/car_confidence.npy")).toFloats();
        float[] s = NpyReader.read(DYNAMICS.resolve("expected/car_variability.npy")).toFloats();
        int n = 0;
        for (int p = 0; p < c.length; p++) {
            if (!Float.isNaN(c[p])) {
                assertTrue(Math.abs(c[p] - confidence) > 1e-5 && Math.abs(s[p] - variability) > 1e-5, "pixel " + p + " on a threshold");
                n += c[p] < confidence && s[p] < variability ? 1 : 0;
            }
        }
        return n;
    }

    /**
     * New thresholds move the Hard and stable layer, the data map's hard pixels and the hard % of the
     * label issues at once, from the same per-pixel maps: nothing is followed again, only the pixel
     * sample is made again, on the worker. The run's counts stay those it was followed at.
     */
    @Test
    void newThresholdsShowTheSameMapsHardAtThemWithoutFollowingAgain() {
        ManualTaskExecutor training = new ManualTaskExecutor();
        vm = new InspectorViewModel("cpu", new ImmediateTaskExecutor(), new ImmediateTaskExecutor(), training);
        vm.setErrorHandler(errors::add);
        vm.map.paneSizes.set(new MapViewModel.PaneSizes(200, 100, 0, 0, 100));
        vm.training.open(RUN, LABELS);
        training.runAll();
        DynamicsFigures f = vm.training.figuresProperty().get();
        vm.training.select("car");
        training.runAll();
        vm.labelIssuesShown.set(true);
        DataMaps before = vm.training.mapsProperty().get();
        assertEquals(20, hardPixels(before));
        io.focalscope.labels.Region patch = vm.labelIssuesProperty().get().perImage().get(0).regions().stream()
                .filter(r -> java.util.Arrays.equals(new int[] {2, 3, 5, 7}, r.box())).findFirst().orElseThrow();
        assertEquals(1.0, RegionHardShare.of(vm.map.dataProperty().get(), patch));

        int expected = referenceHard(0.0069, 0.1);
        assertEquals(12, expected, "12 of the patch's 20 pixels have a confidence below 0.0069");
        assertTrue(vm.training.setHardThresholds(0.0069, 0.1));
        DataMaps after = vm.training.mapsProperty().get();
        assertEquals(new io.focalscope.dynamics.HardThresholds(0.0069, 0.1), after.thresholds());
        assertTrue(after.confidence() == before.confidence() && after.variability() == before.variability(),
                "the same per-pixel maps: nothing followed again");
        assertEquals(expected, hardPixels(after), "the Hard and stable layer's pixels");
        assertTrue(vm.map.dataProperty().get().dataMaps() == after, "the inspector's map draws them");
        assertEquals(12 / 20.0, RegionHardShare.of(vm.map.dataProperty().get(), patch), 1e-12, "the patch's hard %");
        assertEquals(1, training.waiting(), "the pixel sample, made again on the worker, and nothing else");
        assertEquals(20, vm.training.pixelsProperty().get().hard(), "the old sample until then");
        training.runAll();
        Cartography.PixelSample sample = vm.training.pixelsProperty().get();
        assertEquals(expected, sample.hard());
        assertEquals(expected, sample.points().stream().filter(Cartography.PixelPoint::hard).count(), "every hard pixel drawn dark");
        assertEquals(377, sample.points().size());
        assertTrue(vm.training.figuresProperty().get() == f, "the run's figures stay, counted at the thresholds it was followed at");
        assertEquals(20, f.perImage().stream().filter(r -> r.name().equals("car")).findFirst().orElseThrow().figures().hardPixels());

        // wider: more than the patch; and a run followed now counts at them
        assertTrue(vm.training.setHardVariability("0.3"));
        assertTrue(vm.training.setHardConfidence("0.6"));
        training.runAll();
        assertEquals(referenceHard(0.6, 0.3), vm.training.pixelsProperty().get().hard());
        assertEquals(221, vm.training.pixelsProperty().get().hard());
        vm.training.open(RUN, LABELS);
        training.runAll();
        DynamicsFigures again = vm.training.figuresProperty().get();
        assertEquals(new io.focalscope.dynamics.HardThresholds(0.6, 0.3), again.thresholds());
        assertEquals(221, again.perImage().stream().filter(r -> r.name().equals("car")).findFirst().orElseThrow().figures().hardPixels());
        assertEquals(List.of(), errors);
    }

    @Test
    void outOfRangeThresholdsAreRefusedWithAMessageAndTheOnesInUseStay() {
        InspectorViewModel v = inspector();
        v.training.open(RUN, LABELS);
        v.training.select("car");
        DataMaps m = v.training.mapsProperty().get();
        assertFalse(v.training.setHardThresholds(1.5, 0.1));
        assertFalse(v.training.setHardVariability("0.7"));
        assertFalse(v.training.setHardConfidence("abc"));
        assertFalse(v.training.setHardConfidence("-0.1"));
        assertEquals(List.of("The hard-and-stable confidence must be between 0 and 1 (a mean probability), got 1.5",
                "The hard-and-stable variability must be between 0 and 0.5 (the largest standard deviation of a probability), got 0.7",
                "The hard-and-stable confidence must be a number, got 'abc'",
                "The hard-and-stable confidence must be between 0 and 1 (a mean probability), got -0.1"), errors);
        assertEquals(0.25, v.training.hardConfidenceProperty().get());
        assertEquals(0.1, v.training.hardVariabilityProperty().get());
        assertTrue(v.training.mapsProperty().get() == m, "the maps shown stay");
    }

    @Test
    void cancelStopsTheRunAndTheFiguresShownStay() {
        ManualTaskExecutor manual = new ManualTaskExecutor();
        vm = new InspectorViewModel("cpu", new ImmediateTaskExecutor(), new ImmediateTaskExecutor(), manual);
        vm.setErrorHandler(errors::add);
        vm.training.open(RUN, LABELS);
        manual.runAll();
        DynamicsFigures first = vm.training.figuresProperty().get();
        assertNotNull(first);

        vm.training.open(RUN, LABELS);
        assertTrue(vm.training.runningProperty().get());
        assertEquals(1, manual.waiting(), "the run waits for the worker: nothing heavy on the UI thread");
        vm.training.cancel();
        manual.runAll();
        assertFalse(vm.training.runningProperty().get());
        assertEquals(first, vm.training.figuresProperty().get());
        assertEquals("Run " + RUN + " cancelled; the figures shown are of " + RUN, vm.training.messageProperty().get());
        assertEquals(List.of(), errors);
    }

    @Test
    void aFolderWithoutEpochsIsNamedInOneLineAndTheRunShownStays() {
        InspectorViewModel v = inspector();
        v.training.open(RUN, LABELS);
        errors.clear();
        v.training.open(LABELS, null);
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).startsWith(LABELS + ": "), errors.get(0));
        assertFalse(errors.get(0).contains("\n"));
        assertEquals(RUN.toString(), v.training.sourceProperty().get());
        assertEquals(3, v.training.figuresProperty().get().perImage().size());
    }

    /** Clicking through images queues one computation of maps each, once; those clicked past are skipped, not worked out. */
    @Test
    void mapsClickedPastAreSkippedAndAnImageIsQueuedOnce() {
        ManualTaskExecutor training = new ManualTaskExecutor();
        vm = new InspectorViewModel("cpu", new ImmediateTaskExecutor(), new ImmediateTaskExecutor(), training);
        vm.setErrorHandler(errors::add);
        vm.training.open(RUN, LABELS);
        training.runAll();
        vm.training.select("car");
        vm.training.select("street");
        vm.training.select("car");
        vm.training.select("blurry");
        assertEquals(3, training.waiting(), "car, street, blurry: car's second click queues nothing");
        training.runAll();
        assertNotNull(vm.training.mapsProperty().get());
        assertEquals(0, hardPixels(vm.training.mapsProperty().get()), "blurry's maps");
        vm.training.select("car");
        assertEquals(1, training.waiting(), "car was skipped, not kept: it is worked out now");
        training.runAll();
        assertEquals(20, hardPixels(vm.training.mapsProperty().get()), "car's maps");
        vm.training.select("blurry");
        assertEquals(0, training.waiting(), "blurry's maps were kept");
        assertTrue(errors.isEmpty(), errors.toString());
    }

    private static int hardPixels(io.focalscope.dynamics.DataMaps m) {
        int n = 0;
        for (int p = 0; p < m.confidence().length; p++) {
            n += m.hard(p) ? 1 : 0;
        }
        return n;
    }
}
