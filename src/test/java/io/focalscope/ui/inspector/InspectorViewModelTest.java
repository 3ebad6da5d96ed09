package io.focalscope.ui.inspector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.focalscope.TestFiles;
import io.focalscope.loss.LossResult;
import io.focalscope.ui.charts.ChartData;
import io.focalscope.ui.evaluation.Evaluation;
import io.focalscope.ui.map.MapViewModel;
import io.focalscope.ui.settings.WeightChoice;
import io.focalscope.ui.task.ImmediateTaskExecutor;
import io.focalscope.ui.task.ManualTaskExecutor;
import io.focalscope.ui.task.TaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inspector's view models without a toolkit: what the controls compute, where the work runs, what the user is told. */
class InspectorViewModelTest {

    /** What the status bar says while logits wait for their labels, and the other way round. */
    static final String LABELS_WAITED_FOR = "Now open the labels for pair_logits.npy (File ▸ Open, or drop the file on the window)";
    static final String LOGITS_WAITED_FOR = "Now open the logits for pair_labels.npy (File ▸ Open, or drop the file on the window)";

    static final Path CASE = TestFiles.REFERENCE_CASES.resolve("cityscapes_like_enet");
    static final Path GAMMA5 = TestFiles.REFERENCE_CASES.resolve("cityscapes_like_gamma5"); // the same inputs at γ = 5
    static final double REL = 1e-5;

    final List<String> errors = new ArrayList<>();
    final List<String> notices = new ArrayList<>();
    InspectorViewModel vm;

    @TempDir
    Path tmp;

    InspectorViewModel open(TaskExecutor executor) {
        vm = new InspectorViewModel("cpu", executor);
        vm.setErrorHandler(errors::add);
        vm.setNoticeHandler(notices::add);
        vm.map.paneSizes.set(new MapViewModel.PaneSizes(176, 96, 0, 0, 96)); // the 88 x 48 case at zoom 2
        vm.open(CASE.resolve("logits.npy").toString(), CASE.resolve("labels.npy").toString(), null, null);
        return vm;
    }

    @AfterEach
    void close() {
        if (vm != null) {
            vm.close();
        }
    }

    /** The start's files go to the recent files once they open, as files opened in the window do; a refused one does not. */
    @Test
    void theStartsFilesAreRememberedOnceTheyOpen() {
        InspectorViewModel v = new InspectorViewModel("cpu", new ImmediateTaskExecutor());
        vm = v;
        v.setErrorHandler(errors::add);
        List<List<String>> opened = new ArrayList<>();
        v.setOpenedFilesHandler(opened::add);
        String logits = CASE.resolve("logits.npy").toString();
        String labels = CASE.resolve("labels.npy").toString();
        v.openAtStart("missing.npy", () -> io.focalscope.session.DatasetLoader.load("missing.npy", labels, null, null),
                List.of("missing.npy", labels));
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(List.of(), opened, "a start whose file was refused remembers nothing");
        v.openAtStart(logits, () -> io.focalscope.session.DatasetLoader.load(logits, labels, null, null), List.of(logits, labels));
        assertEquals(logits, v.evaluationProperty().get().dataset().batch().logitsSource());
        assertEquals(List.of(List.of(logits, labels)), opened);
        v.openAtStart("the demo", io.focalscope.session.DatasetLoader::demo);
        assertEquals(1, opened.size(), "the demo is not a recent file");
    }

    /**
     * A start whose file is refused is told by the window's exit status too, until a file opens; a
     * file refused later in the window is not the start's.
     */
    @Test
    void aRefusedStartIsKeptUntilAFileOpens() {
        InspectorViewModel v = new InspectorViewModel("cpu", new ImmediateTaskExecutor());
        vm = v;
        v.setErrorHandler(errors::add);
        String logits = CASE.resolve("logits.npy").toString();
        String labels = CASE.resolve("labels.npy").toString();
        assertEquals(null, v.startRefusalProperty().get());
        v.openAtStart("missing.npy", () -> io.focalscope.session.DatasetLoader.load("missing.npy", labels, null, null));
        assertEquals(List.of(v.startRefusalProperty().get()), errors, "the message shown is the one kept");
        assertTrue(errors.get(0).startsWith("missing.npy: "), errors.get(0));
        v.openFiles(List.of(Path.of(logits), Path.of(labels)));
        assertEquals(null, v.startRefusalProperty().get(), "a file opened since");
        v.openFiles(List.of(Path.of("missing_logits.npy"), Path.of(labels)));
        assertEquals(2, errors.size(), errors.toString());
        assertEquals(null, v.startRefusalProperty().get(), "a later file's refusal is not the start's");
    }

    /**
     * Logits picked alone wait for their labels; labels that do not fit them are refused by name and
     * the logits still wait, as the status bar keeps saying, so that the right labels open the pair.
     */
    @Test
    void aRefusedPairLeavesTheHalfThatWaitedWaiting() throws Exception {
        InspectorViewModel v = open(new ImmediateTaskExecutor());
        Path logits = Path.of("src/test/resources/fixtures/pair_logits.npy");
        Path wrong = tmp.resolve("wrong_labels.npy");
        io.focalscope.io.NpyWriter.write(wrong, io.focalscope.io.NdArray.ofBytes("wrong", new int[] {1, 5, 6}, new int[30]));
        List<List<String>> opened = new ArrayList<>();
        v.setOpenedFilesHandler(opened::add);
        v.openFiles(List.of(logits));
        assertEquals(LABELS_WAITED_FOR, notices.get(notices.size() - 1));
        v.openFiles(List.of(wrong));
        assertEquals(List.of(), opened, "a refused pair is not remembered as recent");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("wrong_labels.npy"), errors.get(0));
        assertEquals(LABELS_WAITED_FOR, notices.get(notices.size() - 1), "the logits still wait");
        v.openFiles(List.of(Path.of("src/test/resources/fixtures/pair_labels.npy")));
        assertEquals(logits.toString(), v.evaluationProperty().get().dataset().batch().logitsSource(), "the pair opens");
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("Opened pair_logits.npy with pair_labels.npy", notices.get(notices.size() - 1), "no longer asking for labels");
        assertEquals(List.of(List.of(logits.toString(), "src/test/resources/fixtures/pair_labels.npy")), opened,
                "the pair is remembered together: it reopens in one step");
    }

    /** Logits of the wrong rank are refused as they are picked, and wait for nothing: the labels picked next wait for theirs. */
    @Test
    void logitsOfTheWrongShapeAreRefusedBeforeTheirLabels() throws Exception {
        InspectorViewModel v = open(new ImmediateTaskExecutor());
        Path flat = tmp.resolve("logits_2d.npy");
        io.focalscope.io.NpyWriter.write(flat, new io.focalscope.io.NdArray("flat", new int[] {4, 6}, new float[24]));
        v.openFiles(List.of(flat));
        assertEquals(List.of(flat + ": logits must be [N,C,H,W] or [C,H,W], found shape (4, 6)"), errors);
        v.openFiles(List.of(Path.of("src/test/resources/fixtures/pair_labels.npy")));
        assertEquals(LOGITS_WAITED_FOR, notices.get(notices.size() - 1), "the labels wait, not the refused logits");
        assertEquals(1, errors.size(), errors.toString());
    }

    @Test
    void theControlsSettingsReachTheEngineAsPyTorchComputedThem() {
        open(new ImmediateTaskExecutor());
        vm.loss.weightChoice.set(WeightChoice.ENET);
        JsonObject enet = TestFiles.json(CASE.resolve("expected.json"));
        LossResult r = vm.evaluationProperty().get().result();
        assertEquals(enet.getAsJsonObject("loss").get("onehot").getAsDouble(), r.lossOnehot(), REL * r.lossOnehot());
        assertEquals(enet.getAsJsonObject("loss").get("nll").getAsDouble(), r.lossNll(), REL * r.lossNll());
        // the charts' shares are the reference's, in percent
        JsonArray perClass = enet.getAsJsonArray("perClass");
        ChartData charts = vm.charts.dataProperty().get();
        for (int c = 0; c < 19; c++) {
            assertEquals(100 * perClass.get(c).getAsJsonObject().get("share").getAsDouble(), charts.bars().get(c).share(), 1e-4,
                    "class " + c);
        }
        vm.loss.weightChoice.set(WeightChoice.NONE);
        vm.loss.gamma.set(5);
        JsonObject five = TestFiles.json(GAMMA5.resolve("expected.json"));
        r = vm.evaluationProperty().get().result();
        assertEquals(5.0, r.gamma());
        assertEquals(five.getAsJsonObject("loss").get("onehot").getAsDouble(), r.lossOnehot(), REL * r.lossOnehot());
        assertEquals(five.get("crossEntropy").getAsDouble(), r.crossEntropy(), REL * r.crossEntropy());
        assertEquals(List.of(), errors);
    }

    /** A γ step does nothing on the UI thread but ask; the worker's one task brings figures, charts and frames together. */
    @Test
    void aGammaStepIsWorkedOutInTheBackgroundAndShownInOneGo() {
        ManualTaskExecutor executor = new ManualTaskExecutor();
        open(executor);
        executor.runAll();
        Evaluation before = vm.evaluationProperty().get();
        assertNotNull(before);
        vm.loss.gamma.set(3.0);
        assertSame(before, vm.evaluationProperty().get(), "nothing is computed on the UI thread");
        assertEquals(2.0, vm.map.framesProperty().get().primary().data().result().gamma(), "the map still shows γ = 2");
        assertEquals(2.0, vm.charts.dataProperty().get().gamma());
        assertEquals(1, executor.waiting(), "one task for the worker");
        int ran = executor.ran();
        executor.runAll();
        assertEquals(ran + 1, executor.ran(), "figures, charts and frames came from that one task");
        LossResult now = vm.evaluationProperty().get().result();
        assertEquals(3.0, now.gamma());
        assertSame(now, vm.map.framesProperty().get().primary().data().result(), "the map shows the new evaluation");
        assertEquals(3.0, vm.charts.dataProperty().get().gamma(), "and the charts");
    }

    /**
     * A file opens with one evaluation: its classes, picture and layer, put in place as it opens, each
     * asked for one (two evaluations here, where each task runs as it is given, and on the window's worker).
     */
    @Test
    void aFileOpensWithOneEvaluation() {
        vm = new InspectorViewModel("cpu", new ImmediateTaskExecutor());
        vm.setErrorHandler(errors::add);
        List<Evaluation> shown = new ArrayList<>();
        vm.evaluationProperty().addListener((o, was, now) -> shown.add(now));
        vm.open(CASE.resolve("logits.npy").toString(), CASE.resolve("labels.npy").toString(), null, null);
        assertEquals(List.of(), errors);
        assertEquals(1, shown.size(), "evaluations shown as the file opened");
        assertEquals(2.0, shown.get(0).result().gamma());
    }

    /**
     * While the slider moves a step is a preview (figures from histograms, the map from a ramp, no pass
     * over the pixels), drawn in the held colour range; let go, the exact figures come.
     */
    @Test
    void whileGammaMovesStepsArePreviewsAndLetGoTheExactFiguresCome() {
        open(new ImmediateTaskExecutor());
        vm.loss.weightChoice.set(WeightChoice.NONE); // as the γ = 5 case was computed
        LossResult atTwo = vm.evaluationProperty().get().result();
        io.focalscope.render.Range held = vm.map.framesProperty().get().primary().range();
        vm.loss.gammaChanging.set(true);
        vm.loss.gamma.set(5.0);
        LossResult moving = vm.evaluationProperty().get().result();
        assertNotNull(moving.maps().ramp(), "a preview");
        assertTrue(moving.backend().endsWith(io.focalscope.loss.AbstractPreparedBatch.PREVIEW_NOTE), moving.backend());
        assertSame(moving, vm.map.framesProperty().get().primary().data().result(), "the map shows it");
        assertEquals(held, vm.map.framesProperty().get().primary().range(), "in the range held while γ moves");
        JsonObject gamma5 = TestFiles.json(GAMMA5.resolve("expected.json"));
        double expected = gamma5.getAsJsonObject("loss").get("onehot").getAsDouble();
        assertEquals(expected, moving.lossOnehot(), 1e-3 * expected, "the histograms' figure");
        // exported while γ moves: the exact figures, not the preview's
        Path json = tmp.resolve("moving.json");
        vm.exports.exportSummary(json);
        JsonObject written = TestFiles.json(json);
        assertEquals(expected, written.getAsJsonObject("loss").get("onehot").getAsDouble(), REL * expected);
        assertTrue(written.get("maxAbsDiff").getAsDouble() >= 0, written.toString());
        assertEquals(List.of(), errors);
        // a layer the preview does not draw asks for an evaluation
        vm.map.layer.set(io.focalscope.render.MapLayer.MODULATION);
        assertNull(vm.evaluationProperty().get().result().maps().ramp(), "the modulation layer from an evaluation");
        vm.map.layer.set(io.focalscope.render.MapLayer.FOCAL);
        vm.loss.gammaChanging.set(false);
        LossResult exact = vm.evaluationProperty().get().result();
        assertNull(exact.maps().ramp(), "let go: the exact evaluation");
        assertEquals(expected, exact.lossOnehot(), REL * expected);
        assertTrue(atTwo.lossOnehot() > exact.lossOnehot());
    }

    /** Steps asked for while the worker is busy replace each other: only the last is computed. */
    @Test
    void gammaStepsThatQueueUpAreComputedOnlyForTheLast() {
        ManualTaskExecutor executor = new ManualTaskExecutor();
        open(executor);
        executor.runAll();
        for (int i = 1; i <= 10; i++) {
            vm.loss.gamma.set(i * 0.3);
        }
        assertEquals(1, executor.waiting());
        executor.runAll();
        assertEquals(3.0, vm.evaluationProperty().get().result().gamma(), 1e-12);
    }

    @Test
    void withoutAClassFileTheClassesAreNumberedAndTheNoticeNamesThePresetOfAsMany() {
        open(new ImmediateTaskExecutor());
        assertEquals("0", vm.map.classes.get().name(0));
        assertEquals("18", vm.map.classes.get().name(18));
        assertEquals(List.of("19 numbered classes; File ▸ Class presets ▸ Cityscapes names them if these are Cityscapes classes"),
                notices);
    }

    /**
     * A dataset's image comes without a class list and keeps the names in use: the notice that its
     * classes are numbered, which it gave while they were shown named, is not given then.
     */
    @Test
    void anImageThatKeepsTheNamesInUseIsNotCalledNumbered() throws Exception {
        open(new ImmediateTaskExecutor());
        Path names = tmp.resolve("names.json");
        StringBuilder list = new StringBuilder("[");
        for (int c = 0; c < 19; c++) {
            list.append(c == 0 ? "" : ", ").append("\"class ").append((char) ('a' + c)).append('"');
        }
        Files.writeString(names, list.append(']').toString());
        vm.openClasses(names);
        notices.clear();
        vm.opening.open(CASE.resolve("logits.npy").toString(), CASE.resolve("labels.npy").toString(), vm.loss.settings(false));
        assertEquals("class c", vm.map.classes.get().name(2), "the names in use stay");
        assertEquals(List.of(), notices);
        assertEquals(List.of(), errors);
    }

    /** Logits saved (N, H, W, C) open as {@code open --channels-last} passes them, to the channels-first file's figures. */
    @Test
    void channelsLastLogitsOpenWithTheirLayout() {
        open(new ImmediateTaskExecutor());
        double channelsFirst = vm.evaluationProperty().get().result().lossOnehot();
        io.focalscope.io.NdArray chw = io.focalscope.io.NpyReader.read(CASE.resolve("logits.npy"));
        int[] s = chw.shape(); // (N, C, H, W)
        float[] z = chw.toFloats();
        float[] hwc = new float[z.length];
        int hw = s[2] * s[3];
        for (int c = 0; c < s[1]; c++) {
            for (int p = 0; p < hw; p++) {
                hwc[p * s[1] + c] = z[c * hw + p];
            }
        }
        Path last = tmp.resolve("nhwc.npy");
        io.focalscope.io.NpyWriter.writeFloat32(last, new int[] {s[0], s[2], s[3], s[1]}, hwc);
        vm.open(last.toString(), CASE.resolve("labels.npy").toString(), io.focalscope.io.LogitsLayout.CHANNELS_LAST, null, null);
        assertEquals(last.toString(), vm.datasetProperty().get().batch().logitsSource());
        assertEquals(channelsFirst, vm.evaluationProperty().get().result().lossOnehot(), 0.0);
        assertEquals(List.of(), errors);
    }

    /** A class file naming fewer classes than the logits have: the rest are numbered, and the user is told so. */
    @Test
    void aClassFileWithFewerNamesNumbersTheRestAndSaysSo() throws Exception {
        open(new ImmediateTaskExecutor());
        Path three = tmp.resolve("three.json");
        Files.writeString(three, "[\"road\", \"sidewalk\", \"building\"]");
        vm.openClasses(three);
        assertEquals(three + ": names 3 classes, the logits have 19: classes 3..18 are numbered", notices.get(notices.size() - 1));
        assertEquals("building", vm.map.classes.get().name(2));
        assertEquals(19, vm.map.classes.get().size());
    }

    @Test
    void anIgnoreIndexTheLabelsRefuseLeavesTheFiguresAndTheFieldOnTheOneInUse() {
        open(new ImmediateTaskExecutor());
        Evaluation shown = vm.evaluationProperty().get();
        vm.loss.ignoreIndex.set("none");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith(CASE.resolve("labels.npy") + ": label 255 at "), errors.get(0));
        assertEquals("255", vm.loss.ignoreIndex.get());
        assertEquals(255, vm.evaluationProperty().get().result().ignoreIndex());
        assertEquals(shown.result().lossOnehot(), vm.evaluationProperty().get().result().lossOnehot());
    }

    /**
     * Issue 18: softmax refused on binary [1,1,H,W] logits puts the activation back to sigmoid (the
     * figures' own), and later γ steps compute without a message.
     */
    @Test
    void aRefusedActivationGoesBackAndLaterGammaStepsCompute() {
        Path binary = Path.of("src/test/resources/sigmoid/binary");
        vm = new InspectorViewModel("cpu", new ImmediateTaskExecutor());
        vm.setErrorHandler(errors::add);
        vm.map.paneSizes.set(new MapViewModel.PaneSizes(100, 100, 0, 0, 100));
        vm.loss.activation.set(io.focalscope.loss.Activation.SIGMOID);
        vm.open(binary.resolve("logits.npy").toString(), binary.resolve("labels.npy").toString(), null, null);
        assertEquals(io.focalscope.loss.Activation.SIGMOID, vm.evaluationProperty().get().result().activation());
        assertEquals(List.of(), errors);
        vm.loss.activation.set(io.focalscope.loss.Activation.SOFTMAX);
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(binary.resolve("logits.npy") + ": binary (one-channel) logits need the sigmoid activation: pass"
                + " --activation sigmoid (with softmax one channel is the only class, and " + binary.resolve("labels.npy")
                + " has label 1 at (n=0, y=0, x=0))", errors.get(0));
        assertEquals(io.focalscope.loss.Activation.SIGMOID, vm.loss.activation.get(), "the control goes back");
        errors.clear();
        vm.loss.gamma.set(3.0);
        vm.loss.gamma.set(3.5);
        assertEquals(List.of(), errors, "γ steps compute without a message");
        LossResult r = vm.evaluationProperty().get().result();
        assertEquals(3.5, r.gamma());
        assertEquals(io.focalscope.loss.Activation.SIGMOID, r.activation());
    }

    @Test
    void weightsFromAFileAreReadOnceInTheBackgroundAndABadFileLeavesTheWeights() throws Exception {
        ManualTaskExecutor executor = new ManualTaskExecutor();
        open(executor);
        executor.runAll();
        StringBuilder text = new StringBuilder();
        double[] weights = new double[19];
        for (int c = 0; c < 19; c++) {
            weights[c] = 1 + c * 0.5;
            text.append(weights[c]).append('\n');
        }
        Path file = Files.writeString(tmp.resolve("w.txt"), text);
        vm.loss.readWeightsFile(file);
        assertEquals(WeightChoice.NONE, vm.loss.weightChoice.get(), "not read on the UI thread");
        executor.runAll();
        assertEquals(WeightChoice.FILE, vm.loss.weightChoice.get());
        assertArrayEquals(weights, vm.evaluationProperty().get().result().classWeights(), 1e-12);
        Path bad = Files.writeString(tmp.resolve("bad.txt"), "1 2 x");
        vm.loss.readWeightsFile(bad);
        executor.runAll();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith(bad.toString() + ": "), errors.get(0));
        assertArrayEquals(weights, vm.evaluationProperty().get().result().classWeights(), 1e-12, "the weights in use stay");
    }

    @Test
    void sideBySideTheSecondGammasFiguresComeWithTheFirsts() {
        open(new ImmediateTaskExecutor());
        vm.compare.secondGamma.set(5);
        vm.compare.sideBySide.set(true);
        Evaluation e = vm.evaluationProperty().get();
        assertEquals(2.0, e.result().gamma());
        assertEquals(5.0, e.second().gamma());
        JsonObject five = TestFiles.json(GAMMA5.resolve("expected.json"));
        // ENet weights are off, so the second γ's loss is the reference's at γ = 5
        assertEquals(five.getAsJsonObject("loss").get("onehot").getAsDouble(), e.second().lossOnehot(),
                REL * e.second().lossOnehot());
        ChartData c = vm.charts.dataProperty().get();
        assertEquals(5.0, c.secondGamma());
        assertEquals(e.second().lossOnehot(), c.secondLoss());
        assertEquals(100 * e.second().perClass().get(3).share(), c.bars().get(3).secondShare(), 1e-12);
        vm.compare.sideBySide.set(false);
        assertEquals(null, vm.evaluationProperty().get().second(), "one pane, one γ");
    }

    @Test
    void exportsAreWrittenOnTheWorkerAndSayWhereTheyWent() throws Exception {
        ManualTaskExecutor executor = new ManualTaskExecutor();
        open(executor);
        executor.runAll();
        notices.clear();
        assertEquals("logits_focal_gamma2.png", vm.exports.exportName(true, "png"));
        assertEquals("logits_focal_gamma2_1to1.png", vm.exports.exportName(true, "_1to1", "png"), "not the view's name");
        Path json = tmp.resolve("summary.json");
        vm.exports.exportSummary(json);
        assertTrue(!Files.exists(json), "nothing written on the UI thread");
        executor.runAll();
        assertEquals(vm.evaluationProperty().get().result().lossOnehot(), TestFiles.json(json).getAsJsonObject("loss")
                .get("onehot").getAsDouble(), 0.0);
        assertEquals(List.of("Saved " + json), notices);
        Path nowhere = tmp.resolve("no such folder").resolve("summary.json");
        vm.exports.exportSummary(nowhere);
        executor.runAll();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith(nowhere + ": cannot write: "), errors.get(0));
    }
}
