package io.focalscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.calibration.Calibration;
import io.focalscope.calibration.Reliability;
import io.focalscope.render.MapLayer;
import io.focalscope.ui.charts.ReliabilityChart;
import java.util.List;
import java.util.Locale;
import javafx.scene.control.CheckBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/** The Calibration tab on the demo: the ECE as text, the reliability diagram's 15 bins, the toggle to after temperature. */
class CalibrationWindowTest extends WindowTest {

    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    @Test
    void theTabShowsTheEceAndA15BinDiagramAndTheToggleSwitchesIt(FxRobot robot) throws Exception {
        waitForMap();
        robot.interact(() -> view.charts.select("Calibration"));
        waitFor(() -> vm.calibrationShown.get(), "the tab shown");
        waitFor(() -> vm.calibration.calibrationProperty().get() != null, "the demo's calibration");
        Calibration c = vm.calibration.calibrationProperty().get();
        ReliabilityChart chart = robot.lookup("#calibration-chart").queryAs(ReliabilityChart.class);
        waitFor(() -> chart.bins().size() == 15, "the diagram's bins");
        assertEquals(c.reliability(), chart.bins());
        assertTrue(chart.isVisible() && chart.getWidth() > 100 && chart.getHeight() > 100, chart.getWidth() + " x " + chart.getHeight());
        String figures = robot.lookup("#calibration-figures").queryLabeled().getText();
        assertTrue(figures.contains(String.format(Locale.ROOT, "ECE %.4f", c.ece())), figures);
        assertTrue(figures.contains("adaptive ECE") && figures.contains("classwise ECE") && figures.contains("temperature T ="), figures);
        String note = robot.lookup("#calibration-note").queryLabeled().getText();
        assertTrue(note.contains("Nothing is trained here"), note);

        CheckBox after = robot.lookup("#calibration-after-temperature").queryAs(CheckBox.class);
        assertTrue(after.getText().startsWith("After temperature T = "), after.getText());
        robot.clickOn(after);
        waitFor(() -> chart.bins().equals(c.reliabilityAfterTemperature()), "the bins after temperature");
        List<Reliability.Bin> shown = chart.bins();
        assertEquals(15, shown.size());
        assertNotEquals(c.reliability(), shown);
        assertTrue(chart.title().contains("After temperature"), chart.title());

        // the confident-but-wrong layer draws, at the threshold set
        robot.interact(() -> {
            vm.map.layer.set(MapLayer.CONFIDENT_WRONG);
            vm.map.confidentThreshold.set(0.8);
        });
        waitFor(() -> vm.map.framesProperty().get() != null
                && vm.map.framesProperty().get().primary().view().layer() == MapLayer.CONFIDENT_WRONG
                && vm.map.framesProperty().get().primary().view().confidentThreshold() == 0.8
                && vm.map.framesProperty().get().primary().data().confidence() != null, "the layer drawn at 0.8");
    }
}
