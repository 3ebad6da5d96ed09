package io.focalscope.ui.charts;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;

/**
 * Each class's share of the summed loss, in percent: cross-entropy's, the term's at γ and, side by
 * side, at γ₂. While γ moves the bars move in place; the chart is made anew only for other classes
 * or a second pane opened or closed, and its axis changes only when a bar crosses its top.
 */
public final class ShareChart extends BarChart<String, Number> {

    private Object shareKey;

    ShareChart() {
        super(ChartParts.classAxis(), new NumberAxis());
        ChartParts.barChart(this, "Share of summed loss (%)", "share-chart");
        setLegendVisible(true);
        ((NumberAxis) getYAxis()).setAutoRanging(false);
    }

    void show(ChartData c, boolean second) {
        List<Object> key = new ArrayList<>();
        key.add(second);
        c.bars().forEach(b -> key.add(b.name()));
        if (!key.equals(shareKey)) {
            shareKey = key;
            rebuild(c, second);
        } else {
            move(c, second);
        }
        NumberAxis shareAxis = (NumberAxis) getYAxis();
        if (shareAxis.getUpperBound() != c.shareAxisMax()) {
            shareAxis.setLowerBound(0);
            shareAxis.setUpperBound(c.shareAxisMax());
            shareAxis.setTickUnit(c.shareAxisMax() / 5);
        }
    }

    private void rebuild(ChartData c, boolean second) {
        XYChart.Series<String, Number> ce = new XYChart.Series<>();
        ce.setName("cross-entropy");
        // names without the γ values: a series renamed at every γ rebuilds the legend's nodes (CSS and layout each time)
        XYChart.Series<String, Number> focal = new XYChart.Series<>();
        focal.setName("focal at γ");
        XYChart.Series<String, Number> focal2 = new XYChart.Series<>();
        focal2.setName("focal at γ₂");
        for (ChartData.Bar b : c.bars()) {
            ce.getData().add(new XYChart.Data<>(b.name(), b.crossEntropyShare()));
            focal.getData().add(new XYChart.Data<>(b.name(), b.share()));
            focal2.getData().add(new XYChart.Data<>(b.name(), second ? b.secondShare() : 0));
        }
        ChartParts.categories(this, c);
        getData().setAll(second ? List.of(ce, focal, focal2) : List.of(ce, focal));
    }

    private void move(ChartData c, boolean second) {
        List<XYChart.Series<String, Number>> series = getData();
        for (int i = 0; i < c.bars().size(); i++) {
            ChartData.Bar b = c.bars().get(i);
            series.get(0).getData().get(i).setYValue(b.crossEntropyShare());
            series.get(1).getData().get(i).setYValue(b.share());
            if (second) {
                series.get(2).getData().get(i).setYValue(b.secondShare());
            }
        }
    }
}
