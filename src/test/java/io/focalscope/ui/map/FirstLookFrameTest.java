package io.focalscope.ui.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.io.SegmentationBatch;
import io.focalscope.render.Frame;
import io.focalscope.render.MapLayer;
import io.focalscope.session.Dataset;
import io.focalscope.session.DatasetLoader;
import io.focalscope.ui.inspector.InspectorViewModel;
import io.focalscope.ui.task.ImmediateTaskExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The start's file, where large, is first drawn from a first look, which its evaluation's frames then replace. */
class FirstLookFrameTest {

    final List<String> errors = new ArrayList<>();
    final List<MapViewModel.FirstLookFrame> looks = new ArrayList<>();
    InspectorViewModel vm;
    MapViewModel map;

    @BeforeEach
    void window() {
        vm = new InspectorViewModel("cpu", new ImmediateTaskExecutor());
        vm.setErrorHandler(errors::add);
        map = vm.map;
        map.paneSizes.set(new MapViewModel.PaneSizes(400, 300, 400, 300, 300));
        map.firstLookProperty().addListener((o, was, now) -> {
            if (now != null) {
                looks.add(now);
            }
        });
    }

    @AfterEach
    void close() {
        vm.close();
    }

    /** Four samples of 256 x 520, more than a look's 2^18 pixels: the look is the first sample, every pixel of it. */
    static Dataset fourSamples() {
        int n = 4, c = 3, h = 256, w = 520;
        Random random = new Random(7);
        float[] z = new float[n * c * h * w];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian() * 3;
        }
        int[] labels = new int[n * h * w];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(c);
        }
        return new Dataset(new SegmentationBatch(z, labels, n, c, h, w, "big.npy", "big_labels.npy"), null,
                DatasetLoader.demo().classes(), "big");
    }

    @Test
    void aLargeFileIsFirstDrawnFromALookThenFromItsEvaluation() {
        vm.openAtStart("big.npy", FirstLookFrameTest::fourSamples);
        assertEquals(List.of(), errors);
        assertEquals(1, looks.size(), "one first look");
        Frame look = looks.get(0).frames().primary();
        assertEquals("sample 1 of 4", looks.get(0).sampling());
        assertEquals(1, look.data().samples());
        assertEquals(256 * 520, look.data().labels().length, "the first sample alone");
        assertEquals(400.0 / 520, look.geometry().zoom(), 1e-12, "fitted to the pane");
        assertEquals(MapLayer.FOCAL, look.view().layer());
        assertNull(map.firstLookProperty().get(), "replaced by the evaluation's frames");
        assertEquals(4, map.framesProperty().get().primary().data().samples());
    }

    @Test
    void noLookSideBySideOrForALayerOneEvaluationDoesNotDraw() {
        vm.compare.sideBySide.set(true);
        vm.openAtStart("big.npy", FirstLookFrameTest::fourSamples);
        vm.compare.sideBySide.set(false);
        map.layer.set(MapLayer.AS_WRITTEN);
        vm.openAtStart("big.npy", FirstLookFrameTest::fourSamples);
        assertEquals(List.of(), looks);
        assertEquals(List.of(), errors);
    }

    @Test
    void aLookDrawnAfterAnEvaluationsFramesIsNotShown() {
        vm.openDemo();
        int before = map.framesInstalled();
        vm.openAtStart("big.npy", FirstLookFrameTest::fourSamples);
        assertEquals(1, looks.size());
        assertTrue(map.framesInstalled() > before);
        try (io.focalscope.session.FirstLook late = io.focalscope.session.FirstLook.of(fourSamples(),
                vm.loss.settings(false), io.focalscope.loss.engines.Engines.choose("cpu"))) {
            map.drawFirstLook(late, before);
        }
        assertEquals(1, looks.size(), "frames were installed since");
        assertNull(map.firstLookProperty().get());
    }

    /** A file refused after its look was drawn (a bad label beyond the first sample) leaves no look on screen. */
    @Test
    void aLookIsTakenBackWhenItsFileDoesNotOpen() {
        vm.openAtStart("big.npy", () -> {
            Dataset d = fourSamples();
            d.batch().labels()[3 * 256 * 520 + 17] = 9; // sample 4, of 3 classes
            return d;
        });
        assertEquals(1, looks.size(), "drawn from the first sample, whose labels are good");
        assertNull(map.firstLookProperty().get(), "taken back");
        assertNull(map.framesProperty().get(), "and no map in its place");
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).contains("label 9"), errors.get(0));
    }

    /** Each of the look's pixels lies over the block of the file's pixels it stands for, the file fitted to the pane. */
    @Test
    void aLookIsDrawnWhereItsFileWouldBe() {
        vm.openDemo();
        Dataset demo = DatasetLoader.demo();
        try (io.focalscope.session.FirstLook look = io.focalscope.session.FirstLook.of(demo, vm.loss.settings(false),
                io.focalscope.loss.engines.Engines.choose("cpu"), 86 * 171)) {
            assertEquals(3, look.step(), "86 x 171 pixels, which stand for 258 x 513 of the file's 256 x 512");
            FrameRequest r = FrameRequest.firstLook(map.latestRequest(), look);
            double fileZoom = Math.min(400.0 / 512, 300.0 / 256);
            assertEquals(3 * fileZoom, r.primaryGeometry().zoom(), 1e-12);
            assertEquals(0, r.primaryGeometry().originX(), 1e-12, "the width fills the pane");
            assertEquals((256 - 300 / fileZoom) / 2 / 3, r.primaryGeometry().originY(), 1e-12, "centred, in the look's rows");
        }
    }

    @Test
    void theDemoIsTooSmallForALook() {
        vm.openAtStart("the demo", DatasetLoader::demo);
        assertEquals(List.of(), looks);
        assertEquals(1, map.framesInstalled());
    }
}
