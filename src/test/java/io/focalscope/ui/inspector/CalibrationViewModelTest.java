package io.focalscope.ui.inspector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.calibration.Calibration;
import io.focalscope.calibration.Reliability;
import io.focalscope.loss.Activation;
import io.focalscope.loss.engines.Engines;
import io.focalscope.render.MapLayer;
import io.focalscope.session.Dataset;
import io.focalscope.session.Inspection;
import io.focalscope.ui.charts.CalibrationViewModel;
import io.focalscope.ui.map.MapViewModel;
import io.focalscope.ui.task.ImmediateTaskExecutor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Calibration tab's figures of the open file, worked out when the tab is shown, without the toolkit. */
class CalibrationViewModelTest {

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
    void theTabsFiguresAreTheInspectionsAndTheToggleSwitchesTheBins() {
        InspectorViewModel v = demo();
        CalibrationViewModel cal = v.calibration;
        assertNull(cal.calibrationProperty().get(), "not worked out while the tab is hidden");
        assertNotNull(cal.reasonProperty().get());
        v.calibrationShown.set(true);
        Calibration shown = cal.calibrationProperty().get();
        assertNotNull(shown, cal.reasonProperty().get());
        assertNull(cal.reasonProperty().get());

        Dataset d = v.datasetProperty().get();
        Calibration direct;
        try (Inspection i = new Inspection(d, Engines.choose("cpu"))) {
            direct = i.calibration(v.loss.settings(true), CalibrationViewModel.BINS);
        }
        assertEquals(15, shown.bins());
        assertEquals(direct.pixels(), shown.pixels());
        assertEquals(direct.ece(), shown.ece(), 0);
        assertEquals(direct.mce(), shown.mce(), 0);
        assertEquals(direct.adaptiveEce(), shown.adaptiveEce(), 0);
        assertEquals(direct.classwiseEce(), shown.classwiseEce(), 0);
        assertArrayEquals(direct.perClassEce(), shown.perClassEce(), 0);
        assertEquals(direct.accuracy(), shown.accuracy(), 0);
        assertEquals(direct.meanConfidence(), shown.meanConfidence(), 0);
        assertEquals(direct.temperature(), shown.temperature(), 0);
        assertEquals(direct.nll(), shown.nll(), 0);
        assertEquals(direct.nllAfterTemperature(), shown.nllAfterTemperature(), 0);
        assertTrue(shown.ece() > 0 && shown.ece() < 1, "ECE " + shown.ece());
        assertTrue(Double.isFinite(shown.temperature()) && shown.temperature() > 0, "T " + shown.temperature());
        assertTrue(shown.nllAfterTemperature() <= shown.nll(), "temperature scaling lowers the NLL");

        List<Reliability.Bin> before = cal.shownBinsBinding().get();
        assertEquals(direct.reliability(), before);
        assertEquals(15, before.size());
        String text = cal.figuresTextBinding().get();
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "ECE %.4f", direct.ece())), text);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "NLL %.4g → %.4g", direct.nll(), direct.nllAfterTemperature())), text);

        assertTrue(cal.hasTemperature());
        cal.afterTemperature.set(true);
        List<Reliability.Bin> after = cal.shownBinsBinding().get();
        assertEquals(direct.reliabilityAfterTemperature(), after);
        assertNotEquals(before, after, "the bins at T differ");
        assertEquals(before.stream().mapToDouble(Reliability.Bin::count).sum(), after.stream().mapToDouble(Reliability.Bin::count).sum(), 0,
                "the same pixels, binned again");
        cal.afterTemperature.set(false);
        assertEquals(before, cal.shownBinsBinding().get());

        // γ does not change the figures: nothing is trained
        v.loss.gamma.set(4);
        assertEquals(direct.ece(), cal.calibrationProperty().get().ece(), 0);
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void withSigmoidTheTabShowsTheBinaryMeaningsFigures() {
        InspectorViewModel v = demo();
        v.loss.activation.set(Activation.SIGMOID);
        v.calibrationShown.set(true);
        Calibration shown = v.calibration.calibrationProperty().get();
        assertNotNull(shown, v.calibration.reasonProperty().get());
        assertEquals(Calibration.SIGMOID, shown.meaning());
        Calibration direct;
        try (Inspection i = new Inspection(v.datasetProperty().get(), Engines.choose("cpu"))) {
            direct = i.calibration(v.loss.settings(true), CalibrationViewModel.BINS);
        }
        assertEquals(direct.ece(), shown.ece(), 0);
        assertEquals(19, shown.perClassEce().length, "a channel's ECE per class");
        assertTrue(v.calibration.figuresTextBinding().get().startsWith("sigmoid: P(y = 1)"), v.calibration.figuresTextBinding().get());
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void theConfidenceLayerGetsItsValuesWhenShown() {
        InspectorViewModel v = demo();
        assertNull(v.map.dataProperty().get().confidence(), "not worked out for the loss layers");
        v.map.layer.set(MapLayer.CONFIDENT_WRONG);
        float[] c = v.map.dataProperty().get().confidence();
        assertNotNull(c);
        assertEquals(v.datasetProperty().get().batch().pixels(), c.length);
        long marked = 0;
        int[] predicted = v.map.dataProperty().get().result().maps().predicted();
        int[] labels = v.map.dataProperty().get().labels();
        for (int p = 0; p < c.length; p++) {
            assertTrue(c[p] >= 1.0 / 19 - 1e-6 && c[p] <= 1, "pixel " + p + ": " + c[p]);
            marked += v.map.dataProperty().get().isConfidentlyWrong(p, 0.9) ? 1 : 0;
            assertEquals(c[p] > 0.9 && predicted[p] != labels[p], v.map.dataProperty().get().isConfidentlyWrong(p, 0.9));
        }
        assertTrue(marked > 0, "the demo has confidently wrong pixels");
    }
}
