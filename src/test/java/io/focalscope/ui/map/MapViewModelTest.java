package io.focalscope.ui.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.loss.PixelMaps;
import io.focalscope.render.Colormap;
import io.focalscope.render.Frame;
import io.focalscope.render.MapLayer;
import io.focalscope.render.Range;
import io.focalscope.render.Scale;
import io.focalscope.ui.inspector.InspectorViewModel;
import io.focalscope.ui.compare.ComparisonViewModel;
import io.focalscope.ui.settings.WeightChoice;
import io.focalscope.ui.task.ImmediateTaskExecutor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The map's view model without a toolkit: the colour range, the layers' scales, the second pane. */
class MapViewModelTest {

    final List<String> errors = new ArrayList<>();
    InspectorViewModel vm;
    MapViewModel map;

    @BeforeEach
    void openTheDemo() {
        vm = new InspectorViewModel("cpu", new ImmediateTaskExecutor());
        vm.setErrorHandler(errors::add);
        map = vm.map;
        map.paneSizes.set(new MapViewModel.PaneSizes(512, 256, 512, 256, 512));
        vm.openDemo();
    }

    @AfterEach
    void close() {
        vm.close();
    }

    private Frame shown() {
        return map.framesProperty().get().primary();
    }

    @Test
    void fixingTheRangeStartsFromTheRangeOnScreen() {
        Range automatic = shown().range();
        assertTrue(shown().view().autoRange());
        map.autoRange.set(false);
        assertEquals(automatic, new Range(map.rangeLo.get(), map.rangeHi.get()));
        assertFalse(shown().view().autoRange());
        assertEquals(automatic, shown().range(), "the same colours, now fixed");
    }

    @Test
    void typedLimitsAreCheckedAndDrawn() {
        assertTrue(map.setRange(0.01, 10));
        assertEquals(new Range(0.01, 10), shown().range());
        assertFalse(map.autoRange.get());
        assertFalse(map.setRange(5, 1));
        assertFalse(map.setRange(0, 1), "log scale");
        assertEquals(List.of("Colour range 5 … 1: the upper limit must be above the lower one",
                "Colour range 0 … 1: on a log scale the lower limit must be above 0"), errors);
        assertEquals(new Range(0.01, 10), shown().range(), "the range in use stays");
    }

    /** The automatic range lies between two percentiles of the shown values, which may be moved. */
    @Test
    void thePercentilesOfTheAutomaticRangeMayBeMoved() {
        assertTrue(map.setPercentiles(5, 95));
        Range narrow = shown().range();
        float[] focal = vm.evaluationProperty().get().result().maps().focal();
        int[] labels = vm.datasetProperty().get().batch().labels();
        float[] shownValues = new float[focal.length];
        int n = 0;
        for (int p = 0; p < focal.length; p++) {
            if (labels[p] != 255 && focal[p] > 0) {
                shownValues[n++] = focal[p];
            }
        }
        float[] sorted = Arrays.copyOf(shownValues, n);
        Arrays.sort(sorted);
        // the histogram's bins are 1/16 of a power of two: within 5 % of the exact percentiles
        assertEquals(sorted[(int) (0.05 * (n - 1))], narrow.lo(), 0.05 * narrow.lo());
        assertEquals(sorted[(int) Math.ceil(0.95 * (n - 1))], narrow.hi(), 0.05 * narrow.hi());
        assertEquals(map.rangeTextBinding().get(),
                io.focalscope.render.Ticks.label(narrow.lo()) + " … " + io.focalscope.render.Ticks.label(narrow.hi())
                        + " (5–95 percentile at γ = 2, held while γ moves)");
        assertFalse(map.setPercentiles(50, 20));
        assertEquals(List.of("Automatic range: the percentiles must satisfy 0 ≤ low < high ≤ 100, got 50 and 20"), errors);
    }

    /** γ's effect shows as colour: the automatic range found at γ 2 stays while γ moves, until asked for again. */
    @Test
    void theAutomaticRangeIsHeldWhileGammaMovesAndFoundAgainOnRequest() {
        Range atTwo = shown().range();
        vm.loss.gamma.set(5);
        assertEquals(5, shown().data().result().gamma(), "the map at γ 5 is drawn");
        assertEquals(atTwo, shown().range(), "on the range found at γ 2");
        assertTrue(shown().view().autoRange());
        assertTrue(map.rangeTextBinding().get().endsWith(" (0.5–99.9 percentile at γ = 2, held while γ moves)"),
                map.rangeTextBinding().get());
        vm.loss.weightChoice.set(WeightChoice.ENET);
        assertEquals(atTwo, shown().range(), "nor do other loss settings refit it");

        map.refitRange();
        Range atFive = shown().range();
        assertTrue(atFive.lo() < atTwo.lo() / 100, "γ 5 makes easy pixels far smaller: " + atTwo + " then " + atFive);
        assertTrue(map.rangeTextBinding().get().endsWith(" (0.5–99.9 percentile at γ = 5, held while γ moves)"),
                map.rangeTextBinding().get());
        vm.loss.gamma.set(0);
        assertEquals(atFive, shown().range());
    }

    /** A new layer, scale, sample or file is a new view: its first frame finds the range again. */
    @Test
    void aNewViewFindsTheRangeAgain() {
        Range atTwo = shown().range();
        vm.loss.gamma.set(5);
        map.layer.set(MapLayer.CROSS_ENTROPY);
        map.layer.set(MapLayer.FOCAL);
        Range refound = shown().range();
        assertNotEquals(atTwo, refound, "found on the map at γ 5");
        vm.loss.gamma.set(2);
        assertEquals(refound, shown().range());
        vm.openDemo();
        assertEquals(atTwo, shown().range(), "the file opened again at γ 2");
    }

    /**
     * A layer picked by the keys where it is greyed out goes back; a frame of it drawn meanwhile
     * does not stay on screen under the layer put back (its result arrived after the request for
     * the old layer, which found that layer's frame still shown and drew nothing).
     */
    @Test
    void aFrameDrawnForALayerTakenBackDoesNotStay() {
        io.focalscope.ui.task.LateResultExecutor late = new io.focalscope.ui.task.LateResultExecutor();
        InspectorViewModel v = new InspectorViewModel("cpu", late);
        try {
            v.setErrorHandler(errors::add);
            v.setNoticeHandler(n -> { });
            v.map.paneSizes.set(new MapViewModel.PaneSizes(512, 256, 512, 256, 512));
            v.openDemo();
            late.settle();
            v.map.layer.set(MapLayer.CONFIDENT_WRONG);
            late.settle();
            assertEquals(MapLayer.CONFIDENT_WRONG, v.map.framesProperty().get().primary().view().layer());
            v.map.layer.set(MapLayer.DATA_CONFIDENCE); // no training run: greyed out in the list
            late.settle();
            assertEquals(MapLayer.CONFIDENT_WRONG, v.map.layer.get(), "the layer put back");
            assertEquals(MapLayer.CONFIDENT_WRONG, v.map.framesProperty().get().primary().view().layer(), "and on screen");
        } finally {
            v.close();
        }
    }

    /**
     * A layer whose values come with the next evaluation (the gradient, the post's figures, the search's
     * flags, the confidence) is not drawn before them: that map was the "not finite" colour everywhere
     * until the evaluation came. The map shown stays until then.
     */
    @Test
    void aLayerIsDrawnOnlyOnceItsValuesAreThere() {
        List<Frame> drawn = new ArrayList<>();
        map.framesProperty().addListener((o, was, f) -> drawn.add(f.primary()));
        List<MapLayer> layers = List.of(MapLayer.GRADIENT, MapLayer.FOCAL, MapLayer.CONFIDENCE, MapLayer.LABEL_ISSUES,
                MapLayer.GRADIENT_RATIO, MapLayer.CONFIDENT_WRONG);
        for (MapLayer l : layers) {
            map.layer.set(l);
            assertEquals(l, shown().view().layer());
        }
        assertTrue(drawn.size() >= layers.size(), drawn.size() + " frames");
        for (Frame f : drawn) {
            MapLayer l = f.view().layer();
            io.focalscope.render.MapData d = f.data();
            assertFalse(l.needsGradient() && d.result().maps().gradient() == null, l + " drawn without the gradient");
            assertFalse(l.needsConfidence() && d.confidence() == null, l + " drawn without the confidence");
            assertFalse(l.needsLabelIssues() && d.issues() == null, l + " drawn without the search's flags");
        }
    }

    /** A layer whose values cannot come (its evaluation refused) puts its control back to the map on screen. */
    @Test
    void aLayerWhoseValuesCannotComeGoesBack() {
        vm.loss.ignoreIndex.set("x"); // refused: no evaluation until it is put right
        int before = errors.size();
        map.layer.set(MapLayer.GRADIENT);
        assertTrue(errors.size() > before, "told why");
        assertEquals(MapLayer.FOCAL, map.layer.get(), "the layer list shows the map on screen again");
        assertEquals(MapLayer.FOCAL, shown().view().layer());
    }

    /** Another activation is another quantity: its first map finds the range again, and going back finds the softmax's. */
    @Test
    void anotherActivationFindsTheRangeAgain() {
        Range softmax = shown().range();
        vm.loss.activation.set(io.focalscope.loss.Activation.SIGMOID);
        assertEquals(io.focalscope.loss.Activation.SIGMOID, shown().data().result().activation(), "the sigmoid's map is drawn");
        Range sigmoid = shown().range();
        assertNotEquals(softmax, sigmoid, "found on the sigmoid's losses");
        assertTrue(sigmoid.hi() < softmax.hi(), softmax + " then " + sigmoid);
        vm.loss.activation.set(io.focalscope.loss.Activation.SOFTMAX);
        assertEquals(softmax, shown().range());
    }

    /**
     * A layer whose values come with a later evaluation (the gradient's) is first drawn without them:
     * that frame's stand-in range (0.5 … 2) is not the one held, the range found on the gradient is.
     */
    @Test
    void aLayerDrawnBeforeItsValuesHoldsTheRangeOfItsValues() {
        map.layer.set(MapLayer.GRADIENT_RATIO);
        assertNotNull(shown().data().result().gradient(), "drawn from the evaluation with the gradient");
        Range held = shown().range();
        assertNotEquals(new Range(0.5, 2), held, "the stand-in range, held before the gradient came");
        map.refitRange();
        assertEquals(shown().range(), held, "the range Refit finds on the same map");
    }

    @Test
    void aLayerOpensOnItsOwnScaleAndTheAutomaticRange() {
        assertEquals(Scale.LOG, shown().view().scale(), "a loss map opens on a log scale");
        map.setRange(0.1, 1);
        map.layer.set(MapLayer.PT);
        assertEquals(Scale.LINEAR, shown().view().scale(), "p_t lies in [0, 1]");
        assertTrue(shown().view().autoRange(), "a fixed range of another layer's unit means nothing here");
        map.layer.set(MapLayer.CROSS_ENTROPY);
        assertEquals(Scale.LOG, shown().view().scale());
    }

    /** The slider spans the shown values' whole extent: on the demo its largest loss is in the mislabelled patch. */
    @Test
    void theDataRangeSpansEveryShownValue() {
        float[] focal = vm.evaluationProperty().get().result().maps().focal();
        int[] labels = vm.datasetProperty().get().batch().labels();
        float max = 0;
        float min = Float.MAX_VALUE;
        for (int p = 0; p < focal.length; p++) {
            if (labels[p] != 255 && focal[p] > 0) {
                max = Math.max(max, focal[p]);
                min = Math.min(min, focal[p]);
            }
        }
        assertEquals(new Range(min, max), map.dataRange());
        assertTrue(map.dataRange().hi() > 100 && shown().range().hi() < map.dataRange().hi(),
                "the robust range leaves the patch's losses over it: " + shown().range());
    }

    @Test
    void sideBySideTheSecondPaneTakesTheFirstsRangeUnlessItHasItsOwn() {
        vm.compare.secondGamma.set(0.5);
        vm.compare.sideBySide.set(true);
        FrameRequest.Frames f = map.framesProperty().get();
        assertEquals(0.5, f.secondary().data().result().gamma());
        assertEquals(f.primary().range(), f.secondary().range(), "one colour, one loss");
        assertTrue(f.request().sharedKey());
        vm.compare.separateScales.set(true);
        f = map.framesProperty().get();
        assertNotEquals(f.primary().range(), f.secondary().range());
        assertFalse(f.request().sharedKey(), "each pane its own key");
    }

    /** The change from γ₁ to γ₂: focal at γ₂ over focal at γ₁, on a log scale symmetric about 1, diverging colours. */
    @Test
    void theChangePaneShowsFocalAtGammaTwoOverFocalAtGammaOne() {
        vm.compare.secondGamma.set(0.5);
        vm.compare.sideBySide.set(true);
        vm.compare.secondShows.set(ComparisonViewModel.SecondPane.CHANGE);
        Frame change = map.framesProperty().get().secondary();
        assertEquals(MapLayer.GAMMA_CHANGE, change.view().layer());
        assertEquals(Colormap.RDBU_R, change.view().colormap());
        assertEquals(Scale.LOG, change.view().scale());
        assertEquals(1.0, change.range().lo() * change.range().hi(), 1e-9, "as far below 1 as above");
        PixelMaps at1 = vm.evaluationProperty().get().result().maps();
        PixelMaps at2 = vm.evaluationProperty().get().second().maps();
        int checked = 0;
        for (int p = 0; p < at1.focal().length; p += 97) {
            float value = io.focalscope.render.MapRenderer.value(change.data(), change.view(), p);
            if (at1.focal()[p] > 1e-30f && at2.focal()[p] > 1e-30f) {
                assertEquals(at2.focal()[p] / at1.focal()[p], value, 1e-4 * value, "pixel " + p);
                checked++;
            }
        }
        assertTrue(checked > 1000, "pixels checked: " + checked);
    }

    /** The panes may change size between the load and the first evaluation: the map is fitted to the new size. */
    @Test
    void panesResizedBeforeTheFirstEvaluationGetAFittedMap() {
        io.focalscope.ui.task.ManualTaskExecutor executor = new io.focalscope.ui.task.ManualTaskExecutor();
        InspectorViewModel other = new InspectorViewModel("cpu", executor);
        try {
            other.map.paneSizes.set(new MapViewModel.PaneSizes(800, 400, 0, 0, 400));
            other.openDemo();
            executor.runNext(); // the load: the dataset is open, its first evaluation waits
            other.map.paneSizes.set(new MapViewModel.PaneSizes(300, 400, 0, 0, 400));
            executor.runAll();
            Frame f = other.map.framesProperty().get().primary();
            assertEquals(300 / 512.0, f.geometry().zoom(), 1e-12, "the 512 x 256 demo fills the narrower pane's width");
            assertEquals(300, f.geometry().width());
        } finally {
            other.close();
        }
    }
}
