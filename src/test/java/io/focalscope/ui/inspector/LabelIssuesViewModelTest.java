package io.focalscope.ui.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.labels.LabelIssueReport;
import io.focalscope.labels.Region;
import io.focalscope.render.MapLayer;
import io.focalscope.ui.map.MapViewModel;
import io.focalscope.ui.settings.WeightChoice;
import io.focalscope.ui.task.ImmediateTaskExecutor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The open file's label issues, searched when the tab or the layer is shown, without the toolkit. */
class LabelIssuesViewModelTest {

    final List<String> errors = new ArrayList<>();
    InspectorViewModel vm;

    @AfterEach
    void close() {
        vm.close();
    }

    InspectorViewModel demo() {
        vm = new InspectorViewModel("cpu", new ImmediateTaskExecutor());
        vm.setErrorHandler(errors::add);
        vm.map.paneSizes.set(new MapViewModel.PaneSizes(200, 100, 0, 0, 100));
        vm.openDemo();
        return vm;
    }

    @Test
    void searchedOnlyWhenShownAndBroughtUpToTheSettingsWhenShownAgain() {
        InspectorViewModel v = demo();
        assertNull(v.labelIssuesProperty().get(), "not searched while neither the tab nor the layer is shown");
        v.labelIssuesShown.set(true);
        LabelIssueReport none = v.labelIssuesProperty().get();
        Region first = none.perImage().get(0).regions().get(0);
        assertEquals(List.of(0, 13, 144L), List.of(first.given(), first.predicted(), first.pixels()), "the patch on the red car");

        v.labelIssuesShown.set(false);
        v.loss.weightChoice.set(WeightChoice.ENET); // while the tab is hidden
        v.labelIssuesShown.set(true);
        Region weighted = v.labelIssuesProperty().get().perImage().get(0).regions().get(0);
        assertEquals(first.pixels(), weighted.pixels(), "the same flags: weights do not change them");
        assertNotEquals(first.loss(), weighted.loss(), 0, "the region's loss under the new weights");
        assertTrue(errors.isEmpty(), errors.toString());
    }

    /** With sigmoid there is no softmax to search: the earlier softmax findings are not left on show; back to softmax, they are. */
    @Test
    void sigmoidShowsNoSoftmaxFindings() {
        InspectorViewModel v = demo();
        v.labelIssuesShown.set(true);
        assertNotNull(v.labelIssuesProperty().get());
        assertFalse(v.labelIssuesNeedSoftmaxProperty().get());
        v.loss.activation.set(io.focalscope.loss.Activation.SIGMOID);
        assertNull(v.labelIssuesProperty().get(), "no softmax findings beside sigmoid figures");
        assertTrue(v.labelIssuesNeedSoftmaxProperty().get());
        v.loss.activation.set(io.focalscope.loss.Activation.SOFTMAX);
        assertEquals(3410, v.labelIssuesProperty().get().flaggedPixels(), "searched again");
        assertFalse(v.labelIssuesNeedSoftmaxProperty().get());
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void theLayerDrawsTheFlags() {
        InspectorViewModel v = demo();
        assertNull(v.map.dataProperty().get().issues());
        v.map.layer.set(MapLayer.LABEL_ISSUES);
        boolean[] flags = v.map.dataProperty().get().issues();
        assertNotNull(flags);
        int car = 188 * 512 + 396; // the patch's corner, DemoSceneGenerator
        assertTrue(flags[car], "a pixel of the mislabelled patch is flagged");
        assertEquals(v.labelIssuesProperty().get().flaggedPixels(), count(flags));
    }

    private static long count(boolean[] flags) {
        long n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return n;
    }
}
