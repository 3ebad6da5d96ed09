package io.focalscope.ui.charts;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;

/**
 * The mean loss against γ, with γ marked in red and, side by side, γ₂ in blue; for a term that
 * varies no γ (FLSD-53), its loss as a level over focal loss's curve. The curve is drawn anew only
 * for new settings; while γ moves only the markers move, and the axes change only when a marker
 * leaves them.
 */
public final class GammaCurveChart extends LineChart<Number, Number> {

    private double[] shownCurve;
    private boolean shownLevel;

    GammaCurveChart() {
        super(ChartParts.xAxis("γ", 5), new NumberAxis());
        ChartParts.lineChart(this, "mean loss", "gamma-chart");
        // the markers' colours are their own (a legend would show the series' default ones): the title names them
        setTitle("Mean loss against γ (red: γ, blue: γ₂)");
        setLegendVisible(false);
        ((NumberAxis) getYAxis()).setAutoRanging(false);
    }

    void show(ChartData c, boolean second) {
        if (c.curve() == null) {
            return;
        }
        // a term without a γ to vary (FLSD-53) is a level over focal loss's curve, not a marker on it
        boolean level = Double.isNaN(c.gamma());
        if (c.curve() != shownCurve || getData().size() != (second ? 3 : 2) || level != shownLevel) {
            shownCurve = c.curve();
            shownLevel = level;
            XYChart.Series<Number, Number> curve = new XYChart.Series<>();
            curve.setName("mean loss (" + c.form() + ")");
            for (int i = 0; i < c.curveGammas().length; i++) {
                curve.getData().add(new XYChart.Data<>(c.curveGammas()[i], c.curve()[i]));
            }
            List<XYChart.Series<Number, Number>> all = new ArrayList<>(List.of(curve,
                    level ? ChartParts.level(c.term().title(), c.loss()) : ChartParts.marker("γ", c.gamma(), c.loss())));
            if (second) {
                all.add(ChartParts.marker("γ₂", c.secondGamma(), c.secondLoss()));
            }
            getData().setAll(all);
            boolean asl = c.term() instanceof io.focalscope.loss.LossTerm.Asl;
            getXAxis().setLabel(asl ? "γ-" : "γ");
            setTitle(level ? "Mean focal loss against γ; the line: " + c.term().title()
                    : "Mean " + c.term().inSentence() + " loss against " + (asl ? "γ-" : "γ") + " (red: γ, blue: γ₂)");
            // the curve's points small, the current γ a large red one (γ₂ blue): the eye finds them at once
            curve.getData().stream().filter(d -> d.getNode() != null).forEach(d -> d.getNode().setStyle(ChartParts.CURVE_POINT_STYLE));
            if (!level) {
                ChartParts.style(all.get(1), ChartParts.CURRENT_GAMMA_STYLE);
            }
            if (second) {
                ChartParts.style(all.get(2), ChartParts.SECOND_GAMMA_STYLE);
            }
        }
        List<XYChart.Series<Number, Number>> series = getData();
        if (level) {
            series.get(1).getData().forEach(d -> d.setYValue(c.loss()));
        } else {
            move(series.get(1), c.gamma(), c.loss());
        }
        if (second) {
            move(series.get(2), c.secondGamma(), c.secondLoss());
        }
        fitAxes(c, second);
    }

    private static void move(XYChart.Series<Number, Number> s, double gamma, double loss) {
        s.getData().get(0).setXValue(gamma);
        s.getData().get(0).setYValue(loss);
    }

    /** The axes hold the curve and both markers; they change only when a marker leaves them. */
    private void fitAxes(ChartData c, boolean second) {
        double top = 0;
        for (double v : c.curve()) {
            top = Double.isFinite(v) ? Math.max(top, v) : top;
        }
        top = Math.max(top, Double.isFinite(c.loss()) ? c.loss() : 0);
        double right = Math.max(5, Math.ceil(Math.max(Double.isNaN(c.gamma()) ? 0 : c.gamma(), second ? c.secondGamma() : 0)));
        NumberAxis y = (NumberAxis) getYAxis();
        double upper = ChartParts.niceCeiling(top * 1.05);
        if (y.getUpperBound() != upper) {
            y.setLowerBound(0);
            y.setUpperBound(upper);
            y.setTickUnit(upper / 5);
        }
        NumberAxis x = (NumberAxis) getXAxis();
        if (x.getUpperBound() != right) {
            x.setUpperBound(right);
            x.setTickUnit(right <= 5 ? 0.5 : Math.ceil(right / 10));
        }
    }
}
