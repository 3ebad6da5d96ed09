package io.focalscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.loss.LossResult;
import io.focalscope.render.Frame;
import io.focalscope.render.MapLayer;
import io.focalscope.ui.charts.ChartParts;
import io.focalscope.ui.compare.ComparisonViewModel;
import io.focalscope.ui.evaluation.Evaluation;
import io.focalscope.ui.inspector.SummaryPane;
import io.focalscope.ui.map.MapPanes;
import io.focalscope.ui.map.PixelReadout;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Two γ compared in the real window: the second pane, its γ, the change between them, the figures of both. */
class ComparisonWindowTest extends WindowTest {

    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    private void sideBySide(double gamma2) throws Exception {
        waitForMap();
        robot().interact(() -> {
            view.secondGamma.secondSpinner.getEditor().setText(String.valueOf(gamma2));
            view.secondGamma.secondSpinner.commitValue();
            vm.compare.sideBySide.set(true);
        });
        waitFor(() -> vm.evaluationProperty().get().second() != null && view.mapsArea.secondary.isDrawn()
                && view.mapsArea.secondary.frame().data().result().gamma() == gamma2, "the second pane at γ₂ = " + gamma2);
    }

    private static FxRobot robot() {
        return new FxRobot();
    }

    @Test
    void theSecondGammaIsTypedAndTheSummaryAndChartsShowBothGammas(FxRobot robot) throws Exception {
        sideBySide(0.5);
        LossResult second = vm.evaluationProperty().get().second();
        assertEquals(0.5, second.gamma());
        assertEquals("γ₂ = 0.5", robot.lookup("#summary-gamma2").queryAs(Label.class).getText());
        assertEquals(SummaryPane.format(second.lossOnehot()), robot.lookup("#summary-loss2").queryAs(Label.class).getText());
        assertEquals(SummaryPane.format(second.sum()), robot.lookup("#summary-sum2").queryAs(Label.class).getText());

        robot.interact(() -> view.charts.select("Shares"));
        WaitForAsyncUtils.waitForFxEvents();
        List<XYChart.Series<String, Number>> shares = view.charts.shareChart.getData();
        assertEquals(3, shares.size(), "cross-entropy, focal at γ and at γ₂");
        assertEquals(100 * second.perClass().get(0).share(), shares.get(2).getData().get(0).getYValue().doubleValue(), 1e-9);

        robot.interact(() -> view.charts.select("Loss vs γ"));
        WaitForAsyncUtils.waitForFxEvents();
        List<XYChart.Series<Number, Number>> curve = view.charts.gammaChart.getData();
        assertEquals(3, curve.size(), "the curve and a marker for each γ");
        XYChart.Data<Number, Number> marker = curve.get(2).getData().get(0);
        assertEquals(0.5, marker.getXValue().doubleValue());
        assertEquals(second.lossOnehot(), marker.getYValue().doubleValue());
        assertEquals(ChartParts.SECOND_GAMMA_STYLE, marker.getNode().getStyle());

        robot.interact(() -> view.charts.select("p_t"));
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        LineChart<Number, Number> pt = robot.lookup("#pt-chart").queryAs(LineChart.class);
        assertEquals(5, pt.getData().size(), "the histogram, the modulation at γ and at γ₂, g(p) at γ and the line g = 1");
        assertEquals(Math.log10(Math.pow(1 - 0.025, 0.5)), pt.getData().get(2).getData().get(0).getYValue().doubleValue(), 1e-12);
        // g(p) = (1-p)^γ - γ p (1-p)^(γ-1) log p, at p = 0.025 and the main γ (2)
        double p = 0.025;
        double g = Math.pow(1 - p, 2) - 2 * p * Math.pow(1 - p, 1) * Math.log(p);
        assertEquals(Math.log10(g), pt.getData().get(3).getData().get(0).getYValue().doubleValue(), 1e-9);
        assertEquals(0.0, pt.getData().get(4).getData().get(0).getYValue().doubleValue(), "the line g = 1");
    }

    /** The demo's maps are twice as wide as high: in this window they are larger one above the other. */
    @Test
    void wideMapsAreStackedToUseTheSpace(FxRobot robot) throws Exception {
        sideBySide(0);
        assertEquals(Orientation.VERTICAL, view.mapsArea.split.getOrientation());
        double w = view.mapsArea.getWidth() - io.focalscope.render.ColorbarPainter.WIDTH;
        double h = view.mapsArea.getHeight();
        double besideEachOther = Math.min(w / 2 / 512, h / 256);
        waitFor(() -> drawnAsLaidOut(view.mapsArea.primary) && drawnAsLaidOut(view.mapsArea.secondary), "both maps fitted to the stacked panes");
        assertTrue(vm.map.viewport.zoom.get() > besideEachOther,
                "zoom " + vm.map.viewport.zoom.get() + " stacked, " + besideEachOther + " side by side");
        assertTrue(MapPanes.stacked(512, 256, 1000, 800));
        assertTrue(!MapPanes.stacked(256, 512, 1000, 800), "tall maps go side by side");
    }

    /** The change from γ₁ to γ₂ in the second pane; the readout there names its value. */
    @Test
    void theChangePaneShowsAndReadsFocalAtGammaTwoOverGammaOne(FxRobot robot) throws Exception {
        sideBySide(4);
        robot.interact(() -> vm.compare.secondShows.set(ComparisonViewModel.SecondPane.CHANGE));
        waitFor(() -> view.mapsArea.secondary.frame().view().layer() == MapLayer.GAMMA_CHANGE && drawnAsLaidOut(view.mapsArea.secondary), "the change pane");
        Frame change = view.mapsArea.secondary.frame();
        assertEquals(1.0, change.range().lo() * change.range().hi(), 1e-9, "a scale symmetric about 1");
        assertTrue(robot.lookup("#side-by-side").tryQuery().isPresent());
        Hovered at = hover(robot, view.mapsArea.secondary, 300, 170);
        String text = at.readout();
        int flat = at.flat(512);
        Evaluation e = vm.evaluationProperty().get();
        double ratio = e.second().maps().focal()[flat] / (double) e.result().maps().focal()[flat];
        assertTrue(text.contains("Focal γ₂ / γ₁ " + PixelReadout.number(ratio)), text + " lacks the ratio " + ratio);
    }

    /** A γ step moves the charts' bars and points; it does not make their legends and axis labels anew. */
    @Test
    void movingGammaLeavesTheChartsLegendsAndAxisLabelsAsTheyAre(FxRobot robot) throws Exception {
        waitForMap();
        robot.interact(() -> view.charts.select("Shares"));
        WaitForAsyncUtils.waitForFxEvents();
        List<Node> before = nodes(".chart-legend-item", ".axis-label", ".tick-mark");
        Object bar = view.charts.shareChart.getData().get(1).getData().get(0).getNode();
        for (double g : new double[] {2.1, 2.2, 2.3}) {
            robot.interact(() -> vm.loss.gamma.set(g));
            waitFor(() -> view.showsGamma(g), "γ = " + g);
        }
        assertEquals(before, nodes(".chart-legend-item", ".axis-label", ".tick-mark"), "the same nodes");
        assertSame(bar, view.charts.shareChart.getData().get(1).getData().get(0).getNode(), "the same bar, moved");
    }

    private List<Node> nodes(String... selectors) {
        List<Node> all = new java.util.ArrayList<>();
        for (String s : selectors) {
            all.addAll(view.charts.shareChart.lookupAll(s));
        }
        all.addAll(((javafx.scene.chart.Axis<?>) view.charts.shareChart.getXAxis()).getChildrenUnmodifiable());
        return all;
    }
}
