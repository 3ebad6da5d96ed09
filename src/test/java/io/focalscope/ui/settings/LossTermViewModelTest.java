package io.focalscope.ui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.focalscope.TermCases;
import io.focalscope.io.NpyReader;
import io.focalscope.loss.Activation;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossTerm;
import io.focalscope.render.MapData;
import io.focalscope.render.MapLayer;
import io.focalscope.render.MapRenderer;
import io.focalscope.ui.charts.ChartData;
import io.focalscope.ui.inspector.InspectorViewModel;
import io.focalscope.ui.map.MapViewModel;
import io.focalscope.ui.task.ImmediateTaskExecutor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The window's loss term without a toolkit: the Loss choice and its parameters reach the engine as
 * PyTorch computed them, ASL takes the sigmoid, a bad parameter is refused with its message, and the
 * gradient layers show the gradient PyTorch's autograd gives.
 */
class LossTermViewModelTest {

    final List<String> errors = new ArrayList<>();
    InspectorViewModel vm;

    InspectorViewModel open(String name) {
        vm = new InspectorViewModel("cpu", new ImmediateTaskExecutor());
        vm.setErrorHandler(errors::add);
        vm.map.paneSizes.set(new MapViewModel.PaneSizes(180, 140, 0, 0, 140));
        Path dir = TermCases.DIR.resolve(name);
        vm.open(dir.resolve("logits.npy").toString(), dir.resolve("labels.npy").toString(), null, null);
        return vm;
    }

    @AfterEach
    void close() {
        if (vm != null) {
            vm.close();
        }
    }

    LossResult shown() {
        return vm.evaluationProperty().get().result();
    }

    @Test
    void poly1AndItsEpsilonReachTheEngine() {
        open("softmax");
        vm.loss.term.set(TermChoice.POLY1);
        assertEquals(new LossTerm.Poly1(2, 1), shown().term());
        assertEquals(TermCases.setting("softmax", "poly1_g2_e1").get("mean").getAsDouble(), shown().lossOnehot(), 1e-4);
        assertTrue(vm.loss.setParameter(vm.loss.epsilon, "-1"));
        assertEquals(TermCases.setting("softmax", "poly1_g2_em1").get("mean").getAsDouble(), shown().lossOnehot(), 1e-4);
        assertTrue(vm.loss.setParameter(vm.loss.epsilon, "1"));
        vm.loss.gamma.set(0); // γ moves Poly-1's γ
        assertEquals(new LossTerm.Poly1(0, 1), shown().term());
        assertEquals(TermCases.setting("softmax", "poly1_g0_e1").get("mean").getAsDouble(), shown().lossOnehot(), 1e-4);
        assertEquals(List.of(), errors);
    }

    @Test
    void aBadParameterIsRefusedWithItsMessageAndTheValueStays() {
        open("softmax");
        vm.loss.term.set(TermChoice.POLY1);
        double before = shown().lossOnehot();
        assertTrue(!vm.loss.setParameter(vm.loss.epsilon, "-2"));
        assertEquals(List.of("epsilon (ε) of Poly-1 must be a finite number >= -1, got -2"), errors);
        assertEquals(1.0, vm.loss.epsilon.get());
        assertEquals(before, shown().lossOnehot());
    }

    @Test
    void aslTakesTheSigmoidAndItsDefaultsAndSoftmaxGivesItUp() {
        open("one_vs_rest");
        vm.loss.term.set(TermChoice.ASL);
        assertEquals(Activation.SIGMOID, vm.loss.activation.get());
        assertEquals(new LossTerm.Asl(1, 4, 0.05), shown().term());
        assertEquals(null, shown().alpha(), "ASL takes no α");
        assertEquals(TermCases.setting("one_vs_rest", "asl").get("mean").getAsDouble(), shown().lossOnehot(), 1e-4);
        vm.loss.activation.set(Activation.SOFTMAX);
        assertEquals(TermChoice.FOCAL, vm.loss.term.get());
        assertEquals(new LossTerm.Focal(2), shown().term());
        assertEquals(List.of(), errors);
    }

    @Test
    void flsd53HasNoGammaToMoveAndItsCurveIsFocalLossesWithItsLevel() {
        open("softmax");
        vm.loss.term.set(TermChoice.FLSD53);
        assertEquals(TermCases.setting("softmax", "flsd53").get("mean").getAsDouble(), shown().lossOnehot(), 1e-4);
        ChartData c = vm.charts.dataProperty().get();
        assertTrue(Double.isNaN(c.gamma()));
        assertEquals(21, c.curve().length, "focal loss's curve, the level drawn over it");
        vm.map.layer.set(MapLayer.GAMMA_USED);
        MapData data = vm.map.dataProperty().get();
        float[] used = MapRenderer.values(data, vm.map.viewStateBinding().get());
        for (int p = 0; p < used.length; p++) {
            if (!Float.isNaN(used[p])) {
                double pt = shown().maps().pt()[p];
                assertEquals(pt < 0.2 ? 5 : 3, used[p], 0, "pixel " + p + " p_t " + pt);
            }
        }
    }

    @Test
    void theGradientLayersShowPyTorchsGradientAndItsRatioToCrossEntropys() {
        open("softmax");
        vm.loss.term.set(TermChoice.POLY1);
        assertEquals(null, shown().gradient(), "the gradient's pass waits for a layer that shows it");
        vm.map.layer.set(MapLayer.GRADIENT);
        assertNotNull(shown().gradient());
        JsonObject expected = TermCases.setting("softmax", "poly1_g2_e1");
        assertEquals(expected.get("gradientMeanNorm").getAsDouble(), shown().gradient().meanNorm(), 1e-4);
        float[] want = NpyReader.read(TermCases.DIR.resolve("softmax").resolve("poly1_g2_e1_gradient.npy")).toFloats();
        MapData data = vm.map.dataProperty().get();
        int hw = data.pixelsPerSample();
        for (int n = 0; n < 2; n++) {
            vm.map.sample.set(n);
            float[] shownValues = MapRenderer.values(data, vm.map.viewStateBinding().get());
            for (int i = 0; i < hw; i++) {
                if (!Float.isNaN(shownValues[i])) {
                    assertEquals(want[n * hw + i], shownValues[i], 1e-4 * Math.max(1, want[n * hw + i]), "pixel " + (n * hw + i));
                }
            }
        }
        // the ratio layer is PyTorch's gradient of Poly-1 over its gradient of cross-entropy, pixel by pixel
        vm.map.layer.set(MapLayer.GRADIENT_RATIO);
        data = vm.map.dataProperty().get();
        vm.map.sample.set(0);
        float[] ratio = MapRenderer.values(data, vm.map.viewStateBinding().get());
        float[] ce = NpyReader.read(TermCases.DIR.resolve("softmax").resolve("ce_gradient.npy")).toFloats();
        for (int i = 0; i < hw; i++) {
            if (!Float.isNaN(ratio[i]) && ce[i] > 1e-6) {
                assertEquals(want[i] / ce[i], ratio[i], 1e-4 * ratio[i], "pixel " + i);
            }
        }
        assertEquals(List.of(), errors);
    }
}
