package io.focalscope.ui.charts;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;

/**
 * The p_t histogram on a log axis, under the term's modulation curve at γ (and at γ₂ side by side)
 * and g(p), its gradient over cross-entropy's, with the line g = 1. The histogram is drawn anew only
 * for a new batch; while γ moves only the curves move.
 */
public final class PtHistogramChart extends LineChart<Number, Number> {

    private double[] shownHistogram;

    PtHistogramChart() {
        super(ChartParts.xAxis("p_t", 1), new NumberAxis());
        ChartParts.lineChart(this, "fraction of pixels / modulation / g (log)", "pt-chart");
        // y values are decades (log10), labelled as powers of ten
        NumberAxis y = (NumberAxis) getYAxis();
        y.setAutoRanging(false);
        y.setLowerBound(ChartData.FLOOR_DECADE);
        y.setUpperBound(0.5); // room above 1 for g(p), where the term pushes harder than cross-entropy
        y.setTickUnit(1);
        y.setTickLabelFormatter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Number decade) {
                double d = decade.doubleValue();
                if (Math.abs(d - Math.rint(d)) > 1e-9) {
                    return ""; // the room above 1 for g(p) ends between decades
                }
                return Math.rint(d) == 0 ? "1" : "1e" + (long) Math.rint(d);
            }

            @Override
            public Number fromString(String text) {
                return Math.log10(Double.parseDouble(text));
            }
        });
    }

    void show(ChartData c, boolean second) {
        if (c.histogram() != shownHistogram || getData().size() != (second ? 5 : 4)) {
            shownHistogram = c.histogram();
            XYChart.Series<Number, Number> hist = new XYChart.Series<>();
            hist.setName("p_t histogram");
            for (int b = 0; b < ChartData.BINS; b++) {
                hist.getData().add(new XYChart.Data<>(ChartData.binCentre(b), c.histogram()[b]));
            }
            List<XYChart.Series<Number, Number>> all = new ArrayList<>(List.of(hist, curveOf("modulation at γ", c.modulation())));
            if (second) {
                all.add(curveOf("modulation at γ₂", c.secondModulation()));
            }
            // g(p): the term's gradient over cross-entropy's; above the line g = 1 it pushes harder than cross-entropy
            all.add(curveOf("gradient / CE's, g(p)", c.gradientRatio()));
            XYChart.Series<Number, Number> one = new XYChart.Series<>();
            one.setName("g = 1");
            one.getData().add(new XYChart.Data<>(0, 0));
            one.getData().add(new XYChart.Data<>(1, 0));
            all.add(one);
            getData().setAll(all);
            one.getData().forEach(d -> d.getNode().setVisible(false)); // a line, not two points
        }
        List<XYChart.Series<Number, Number>> series = getData();
        moveCurve(series.get(1), c.modulation());
        if (second) {
            moveCurve(series.get(2), c.secondModulation());
        }
        moveCurve(series.get(second ? 3 : 2), c.gradientRatio());
    }

    private static XYChart.Series<Number, Number> curveOf(String name, double[] values) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        for (int b = 0; b < values.length; b++) {
            s.getData().add(new XYChart.Data<>(ChartData.binCentre(b), values[b]));
        }
        return s;
    }

    private static void moveCurve(XYChart.Series<Number, Number> s, double[] values) {
        for (int b = 0; b < values.length; b++) {
            s.getData().get(b).setYValue(values[b]);
        }
    }
}
