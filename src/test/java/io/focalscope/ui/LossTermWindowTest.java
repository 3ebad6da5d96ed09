package io.focalscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.loss.LossTerm;
import io.focalscope.loss.PixelProbe;
import io.focalscope.render.MapLayer;
import io.focalscope.ui.inspector.SummaryPane;
import io.focalscope.ui.map.PixelReadout;
import io.focalscope.ui.settings.TermChoice;
import java.util.Locale;
import javafx.event.ActionEvent;
import javafx.scene.chart.LineChart;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Loss choice in the window on the demo: its parameters, the gradient layers and readout, and g(p) in the p_t chart. */
class LossTermWindowTest extends WindowTest {

    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    @Test
    @SuppressWarnings("unchecked")
    void poly1WithItsEpsilonAndTheGradientReadAtAPixel(FxRobot robot) throws Exception {
        waitForMap();
        ComboBox<TermChoice> term = robot.lookup("#loss-term").queryAs(ComboBox.class);
        robot.interact(() -> term.setValue(TermChoice.POLY1));
        waitFor(() -> vm.evaluationProperty().get().result().term() instanceof LossTerm.Poly1, "Poly-1's figures");
        TextField epsilon = robot.lookup("#epsilon").queryAs(TextField.class);
        assertTrue(epsilon.isVisible());
        robot.interact(() -> {
            epsilon.setText("-2");
            epsilon.fireEvent(new ActionEvent());
        });
        waitFor(() -> robot.lookup(".dialog-pane").tryQuery().isPresent(), "an error dialog");
        assertEquals("epsilon (ε) of Poly-1 must be a finite number >= -1, got -2",
                robot.lookup(".dialog-pane").queryAs(DialogPane.class).getContentText());
        robot.interact(() -> robot.lookup(".dialog-pane").queryAs(DialogPane.class).getScene().getWindow().hide());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("1", epsilon.getText(), "the field shows the ε in use again");
        robot.interact(() -> {
            epsilon.setText("0.5");
            epsilon.fireEvent(new ActionEvent());
        });
        waitFor(() -> new LossTerm.Poly1(2, 0.5).equals(vm.evaluationProperty().get().result().term()), "ε 0.5");
        Label title = robot.lookup("#summary-loss").queryAs(Label.class);
        assertEquals(vm.evaluationProperty().get().result().lossOnehot(), Double.parseDouble(title.getText()), 1e-5);

        robot.interact(() -> vm.map.layer.set(MapLayer.GRADIENT));
        waitFor(() -> vm.evaluationProperty().get().result().gradient() != null, "the gradient's pass");
        waitForMap();
        Hovered h = hover(robot, view.mapsArea.primary, 300, 120);
        var shown = vm.evaluationProperty().get().result();
        double[] g = PixelProbe.gradient(vm.datasetProperty().get().batch(), h.flat(512), shown);
        assertTrue(h.readout().contains("|dl/dz| " + PixelReadout.number(g[0]) + " (CE " + PixelReadout.number(g[1])
                + String.format(Locale.ROOT, ", ×%.3g)", g[0] / g[1])),
                h.readout());
        // the map's value at the pixel is the engine's gradient there, within float rounding of the double readout
        assertEquals(g[0], shown.maps().gradient()[h.flat(512)], 1e-4 * g[0]);
        assertTrue(robot.lookup("#summary-gradient").queryAs(Label.class).getText().startsWith(
                SummaryPane.format(shown.gradient().meanNorm()) + " mean (cross-entropy "), "the summary's gradient");

        robot.interact(() -> view.charts.select("p_t"));
        WaitForAsyncUtils.waitForFxEvents();
        LineChart<Number, Number> pt = robot.lookup("#pt-chart").queryAs(LineChart.class);
        assertEquals("gradient / CE's, g(p)", pt.getData().get(2).getName());
        // Poly-1's g(p) at γ 2, ε 0.5: (1-p)^γ (1 + γ p r) + ε (γ+1) p (1-p)^γ with r = -log p / (1 - p)
        double p = 0.025;
        double r = -Math.log(p) / (1 - p);
        double want = Math.pow(1 - p, 2) * (1 + 2 * p * r) + 0.5 * 3 * p * Math.pow(1 - p, 2);
        assertEquals(Math.log10(want), pt.getData().get(2).getData().get(0).getYValue().doubleValue(), 1e-12);
    }

    @Test
    @SuppressWarnings("unchecked")
    void flsd53ShowsTheGammaItUsedAndHasNoGammaToMove(FxRobot robot) throws Exception {
        waitForMap();
        ComboBox<TermChoice> term = robot.lookup("#loss-term").queryAs(ComboBox.class);
        robot.interact(() -> {
            term.setValue(TermChoice.FLSD53);
            vm.map.layer.set(MapLayer.GAMMA_USED);
        });
        waitFor(() -> vm.evaluationProperty().get().result().term() instanceof LossTerm.Flsd53, "FLSD-53's figures");
        waitForMap();
        assertTrue(robot.lookup("#gamma-slider").queryAs(javafx.scene.control.Slider.class).isDisabled(), "no γ to move");
        Hovered h = hover(robot, view.mapsArea.primary, 300, 120);
        float pt = vm.evaluationProperty().get().result().maps().pt()[h.flat(512)];
        assertTrue(h.readout().contains("γ used " + PixelReadout.number(pt < 0.2 ? 5.0 : 3.0)), h.readout());
        assertEquals("γ 5 where p_t < 0.2, else 3", robot.lookup("#summary-gamma").queryAs(Label.class).getText());
    }
}
