package io.focalscope.ui.dataset;

import static io.focalscope.GoldenAssertions.assertClose;
import static io.focalscope.GoldenAssertions.doubles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.focalscope.TestFiles;
import io.focalscope.dataset.DatasetFigures;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.WeightScheme;
import io.focalscope.ui.inspector.InspectorViewModel;
import io.focalscope.ui.map.MapViewModel;
import io.focalscope.ui.settings.WeightChoice;
import io.focalscope.ui.task.ImmediateTaskExecutor;
import io.focalscope.ui.task.ManualTaskExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Dataset tab's view model without a toolkit, against PyTorch's figures for the generated dataset. */
class DatasetViewModelTest {

    static final Path DATASET = Path.of("src/test/resources/dataset");
    static final Path IMAGES = DATASET.resolve("images");
    /** The reference case the inspector's tests open. */
    static final Path CASE = TestFiles.REFERENCE_CASES.resolve("cityscapes_like_enet");

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

    static JsonObject expected(String weights, double gamma, String reduction) {
        for (var c : TestFiles.json(DATASET.resolve("expected.json")).getAsJsonArray("scans")) {
            JsonObject o = c.getAsJsonObject();
            if (o.get("weights").getAsString().equals(weights) && o.get("gamma").getAsDouble() == gamma
                    && o.get("reduction").getAsString().equals(reduction)) {
                return o;
            }
        }
        throw new AssertionError("no such case");
    }

    @Test
    void aScanAtTheInspectorsSettingsGivesPyTorchsFiguresForTheDataset() {
        InspectorViewModel v = inspector();
        v.loss.weightChoice.set(WeightChoice.ENET);
        v.datasets.scan(IMAGES);
        DatasetFigures f = v.datasets.figuresProperty().get();
        JsonObject e = expected("enet", 2.0, "mean");
        assertClose(e.get("loss").getAsDouble(), f.loss(), "dataset loss");
        assertClose(doubles(e.getAsJsonArray("classWeights")), f.classWeights().values(), "dataset weights");
        JsonArray ranked = e.getAsJsonArray("perImage");
        for (int i = 0; i < ranked.size(); i++) {
            assertEquals(ranked.get(i).getAsJsonObject().get("name").getAsString(), f.perImage().get(i).name());
        }
        assertFalse(v.datasets.scanningProperty().get());
        assertEquals(1.0, v.datasets.progressProperty().get());
        assertTrue(v.datasets.messageProperty().get().startsWith(IMAGES + ": 5 images, 5 files skipped in "),
                v.datasets.messageProperty().get());
        assertEquals(List.of(), errors);
    }

    @Test
    void anImageOpensInTheInspectorWithTheDatasetsWeightsNotItsOwn() {
        InspectorViewModel v = inspector();
        v.loss.weightChoice.set(WeightChoice.ENET);
        v.loss.gamma.set(2.0);
        v.datasets.scan(IMAGES);
        DatasetFigures f = v.datasets.figuresProperty().get();
        v.loss.gamma.set(3.5); // moved since the scan: the image opens at the scan's γ
        DatasetFigures.ImageRow hardest = f.perImage().get(0);
        v.datasets.open(hardest);

        assertEquals(hardest.files().logits(), v.datasetProperty().get().batch().logitsSource());
        assertEquals(WeightChoice.FILE, v.loss.weightChoice.get());
        assertEquals(2.0, v.loss.gamma.get());
        LossResult r = v.evaluationProperty().get().result();
        assertArrayEquals(f.classWeights().values(), r.classWeights(), "the dataset's weights, not those of the image's own histogram");
        assertEquals("dataset " + IMAGES + ", enet(c=1.1)", r.weightScheme());
        // the image's mean focal loss under the dataset's weights, as PyTorch has it in the ranking
        JsonObject e = expected("enet", 2.0, "mean").getAsJsonArray("perImage").get(0).getAsJsonObject();
        assertEquals(e.get("name").getAsString(), hardest.name());
        assertClose(e.get("meanFocal").getAsDouble(), r.lossOnehot(), "the opened image's loss");
    }

    /** Issue 18: the demo's 19 classes in the inspector, a dataset of 5: its weights come with its image, not before it. */
    @Test
    void anImageOpensWithItsDatasetsWeightsWhereTheInspectorHoldsAnotherClassCount() {
        InspectorViewModel v = inspector();
        v.open(CASE.resolve("logits.npy").toString(), CASE.resolve("labels.npy").toString(),
                null, null);
        assertEquals(19, v.evaluationProperty().get().result().classes());
        v.loss.weightChoice.set(WeightChoice.ENET);
        v.datasets.scan(IMAGES);
        DatasetFigures f = v.datasets.figuresProperty().get();
        errors.clear();
        v.datasets.open(f.perImage().get(0));
        assertEquals(List.of(), errors, "no message on the first click");
        LossResult r = v.evaluationProperty().get().result();
        assertEquals(f.perImage().get(0).files().logits(), v.datasetProperty().get().batch().logitsSource());
        assertArrayEquals(f.classWeights().values(), r.classWeights(), "the dataset's weights, with its image");
        JsonObject e = expected("enet", 2.0, "mean").getAsJsonArray("perImage").get(0).getAsJsonObject();
        assertClose(e.get("meanFocal").getAsDouble(), r.lossOnehot(), "the opened image's loss");
    }

    /** Issue 18: open-dataset opens the hardest image in the inspector once the scan finishes; the weights choice names the dataset's. */
    @Test
    void theHardestImageOpensWhenTheScanFinishesWithItsDatasetsWeightsNamed() {
        InspectorViewModel v = inspector();
        v.openDemo();
        v.loss.weightChoice.set(WeightChoice.ENET);
        v.datasets.openHardestWhenScanned();
        v.datasets.scan(IMAGES);
        DatasetFigures f = v.datasets.figuresProperty().get();
        assertEquals(f.perImage().get(0).files().logits(), v.datasetProperty().get().batch().logitsSource(), "not the demo");
        assertEquals(List.of(), errors);
        assertEquals(WeightChoice.FILE, v.loss.weightChoice.get());
        assertEquals("dataset (enet c=1.1)", v.loss.choiceLabel(WeightChoice.FILE));
        assertEquals("enet", v.loss.choiceLabel(WeightChoice.ENET));
        // once: a rescan leaves the inspector on what it shows
        v.datasets.open(f.perImage().get(2));
        v.datasets.scan(IMAGES);
        assertTrue(v.datasetProperty().get().batch().logitsSource().startsWith(f.perImage().get(2).files().logits()));
    }

    @Test
    void cancelStopsTheScanAndTheFiguresShownStay() {
        ManualTaskExecutor manual = new ManualTaskExecutor();
        vm = new InspectorViewModel("cpu", new ImmediateTaskExecutor(), manual);
        vm.datasets.scan(IMAGES);
        manual.runAll();
        DatasetFigures first = vm.datasets.figuresProperty().get();

        vm.datasets.scan(IMAGES.resolve("list.csv"));
        assertTrue(vm.datasets.scanningProperty().get());
        vm.datasets.cancel();
        manual.runAll();
        assertFalse(vm.datasets.scanningProperty().get());
        assertEquals(first, vm.datasets.figuresProperty().get());
        assertEquals("Scan of " + IMAGES.resolve("list.csv") + " cancelled; the figures shown are of " + IMAGES,
                vm.datasets.messageProperty().get());
    }

    @Test
    void aFolderWithoutImagesIsNamedAndNothingElseChanges() {
        InspectorViewModel v = inspector();
        v.datasets.scan(DATASET);  // holds expected.json and the images folder: searched recursively, so it has images
        errors.clear();
        v.datasets.scan(Path.of("src/main/java/io/focalscope/ui/task"));
        assertEquals(List.of("src/main/java/io/focalscope/ui/task: no images found (looked for *.npz and pairs"
                + " NAME_logits.npy + NAME_labels.png|NAME_labels.npy)"), errors);
        assertEquals(DATASET.toString(), v.datasets.sourceProperty().get());
        assertEquals(5, v.datasets.figuresProperty().get().images());
    }

    @Test
    void withoutWeightsTheImageOpensWithoutWeights() {
        InspectorViewModel v = inspector();
        v.datasets.scan(IMAGES);
        DatasetFigures f = v.datasets.figuresProperty().get();
        v.datasets.open(f.perImage().get(2));
        assertEquals(WeightChoice.NONE, v.loss.weightChoice.get());
        assertEquals(new WeightScheme.None().describe(), v.evaluationProperty().get().result().weightScheme());
        JsonObject e = expected("none", 2.0, "mean").getAsJsonArray("perImage").get(2).getAsJsonObject();
        assertClose(e.get("meanFocal").getAsDouble(), v.evaluationProperty().get().result().lossOnehot(), "third image");
    }

    @Test
    void aScansSummaryIsShownAsItIsAndItsImagesOpenWhereTheirFilesAre(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path summary = dir.resolve("summary.json");
        java.io.StringWriter sink = new java.io.StringWriter();
        assertEquals(0, io.focalscope.cli.FocalscopeCli.run(new String[] {"scan", IMAGES.toString(), "--weights", "enet",
                "--json", summary.toString()}, new java.io.PrintWriter(sink), new java.io.PrintWriter(sink)));
        InspectorViewModel v = inspector();
        v.datasets.scan(summary);
        DatasetFigures f = v.datasets.figuresProperty().get();
        JsonObject e = expected("enet", 2.0, "mean");
        assertClose(e.get("loss").getAsDouble(), f.loss(), "the summary's loss");
        assertEquals(5, f.images());
        assertEquals(5, f.failed().size());
        assertTrue(v.datasets.messageProperty().get().startsWith(summary + ": 5 images, 5 files skipped, a scan's summary ("),
                v.datasets.messageProperty().get());

        // an image opens with the dataset's weights, as from a scan
        v.datasets.open(f.perImage().get(0));
        assertEquals(WeightChoice.FILE, v.loss.weightChoice.get());
        assertClose(e.getAsJsonArray("perImage").get(0).getAsJsonObject().get("meanFocal").getAsDouble(),
                v.evaluationProperty().get().result().lossOnehot(), "the opened image's loss");

        // a cluster's summary names files that are not here: its figures show, its images say why they do not open
        Path remote = dir.resolve("remote.json");
        java.nio.file.Files.writeString(remote, java.nio.file.Files.readString(summary)
                .replace("\"" + IMAGES, "\"hdfs://cluster/val"));
        v.datasets.scan(remote);
        errors.clear();
        DatasetFigures g = v.datasets.figuresProperty().get();
        v.datasets.open(g.perImage().get(0));
        assertEquals(List.of("echo: its files are not on this machine (hdfs://cluster/val/echo_logits.npy); only the figures"
                + " of the summary can be shown"), errors);
    }

    /** A scan is followed by the label-issue search over the same images: cleanlab's figures (LabelIssuesGoldenTest). */
    @Test
    void aScanAlsoFindsTheDatasetsLabelIssues() {
        InspectorViewModel v = inspector();
        Path plain = Path.of("src/test/resources/label-issues/plain");
        v.datasets.scan(plain);
        io.focalscope.labels.LabelIssueReport r = v.datasets.labelIssuesProperty().get();
        assertTrue(errors.isEmpty(), errors.toString());
        JsonObject expected = TestFiles.json(plain.resolve("expected.json"));
        assertEquals(expected.get("flaggedPixels").getAsLong(), r.flaggedPixels());
        for (var image : r.perImage()) {
            double q = expected.getAsJsonObject("quality").get(image.name()).getAsDouble();
            assertEquals(q, image.quality(), 1e-12 * q, image.name());
        }
        assertEquals(expected.getAsJsonArray("common").get(0).getAsJsonObject().get("pixels").getAsLong(), r.common().get(0).pixels());
    }

    /** The calibration test set: three images of 5 classes, the figures of a float64 reference (tools/make_calibration_reference.py). */
    static final Path CALIBRATION = Path.of("src/test/resources/calibration/dataset");

    @Test
    void aScanWithCalibrationGivesEachImagesEceAndTheDatasetsDiagram() {
        InspectorViewModel v = inspector();
        assertFalse(v.datasets.withCalibration.get(), "an option: it slows the scan");
        v.datasets.withCalibration.set(true);
        v.datasets.scan(CALIBRATION);
        DatasetFigures f = v.datasets.figuresProperty().get();
        assertEquals(List.of(), errors);
        JsonObject e = TestFiles.json(CALIBRATION.resolve("expected.json"));
        assertEquals(3, f.perImage().size());
        for (DatasetFigures.ImageRow row : f.perImage()) {
            double expected = e.getAsJsonObject("images").getAsJsonObject(row.name()).get("ece").getAsDouble();
            assertEquals(expected, row.ece(), 3e-4, row.name());
            // the table's ECE column is the row's figure
            assertEquals(row.ece(), DatasetViewModel.eceColumn(row), 0, row.name());
        }
        io.focalscope.calibration.Calibration shown = v.datasets.calibration.calibrationProperty().get();
        assertEquals(f.calibration(), shown, "the dataset's calibration is the one shown");
        JsonObject dataset = e.getAsJsonObject("dataset");
        assertEquals(dataset.get("pixels").getAsLong(), shown.pixels());
        assertEquals(dataset.get("ece").getAsDouble(), shown.ece(), 3e-4);
        assertEquals(dataset.get("mce").getAsDouble(), shown.mce(), 3e-4);
        assertEquals(dataset.get("adaptiveEce").getAsDouble(), shown.adaptiveEce(), 3e-4);
        assertEquals(dataset.get("classwiseEce").getAsDouble(), shown.classwiseEce(), 3e-4);
        // T = 1.64, beyond 5 % of 1: the tab reads the files again for the NLL at 19 temperatures
        double t = dataset.get("temperature").getAsDouble();
        assertEquals(t, shown.temperature(), 1e-3 * t);
        assertEquals(dataset.get("nllAfterTemperature").getAsDouble(), shown.nllAfterTemperature(), 1e-6);
        List<io.focalscope.calibration.Reliability.Bin> bins = v.datasets.calibration.shownBinsBinding().get();
        assertEquals(shown.reliability(), bins);
        JsonArray reference = dataset.getAsJsonArray("reliability");
        assertEquals(15, bins.size());
        for (int b = 0; b < 15; b++) {
            assertEquals(reference.get(b).getAsJsonObject().get("count").getAsDouble(), bins.get(b).count(), 0, "bin " + b);
        }
        assertTrue(v.datasets.calibration.figuresTextBinding().get().contains(String.format(java.util.Locale.ROOT, "ECE %.4f",
                shown.ece())), v.datasets.calibration.figuresTextBinding().get());

        // unticked, the next scan has none, and says why
        v.datasets.withCalibration.set(false);
        v.datasets.scan(CALIBRATION);
        assertTrue(Double.isNaN(v.datasets.figuresProperty().get().perImage().get(0).ece()));
        assertEquals(null, v.datasets.calibration.calibrationProperty().get());
        assertTrue(v.datasets.calibration.reasonProperty().get().contains("without calibration"),
                v.datasets.calibration.reasonProperty().get());
    }
}
