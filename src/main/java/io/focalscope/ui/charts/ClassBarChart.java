package io.focalscope.ui.charts;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;

/**
 * One bar per class in its colour: the class weights α, or the labelled pixels (with sigmoid, the
 * positive targets). Made anew only when the classes, their colours, weights or pixels change: γ
 * moves none of them.
 */
public final class ClassBarChart extends BarChart<String, Number> {

    private final String seriesName;
    private final Function<ChartData.Bar, Number> value;
    private Object classKey;

    /** @param value a class's bar: {@code Bar::weight} or {@code Bar::pixels} */
    ClassBarChart(String title, String id, String seriesName, Function<ChartData.Bar, Number> value) {
        super(ChartParts.classAxis(), new NumberAxis());
        ChartParts.barChart(this, title, id);
        // "400k", not "400,000": the narrower axis leaves the classes room for every name (at 1280 x 720
        // the labelled pixels' chart hid every other one, and the weights' chart, with "1", none)
        ((NumberAxis) getYAxis()).setTickLabelFormatter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Number n) {
                return compact(n.doubleValue());
            }

            @Override
            public Number fromString(String text) {
                throw new UnsupportedOperationException("an axis label is not read back");
            }
        });
        this.seriesName = seriesName;
        this.value = value;
    }

    void show(ChartData c) {
        List<Object> key = new ArrayList<>();
        c.bars().forEach(b -> key.add(List.of(b.classId(), b.name(), b.color(), b.weight(), b.pixels())));
        if (key.equals(classKey)) {
            return;
        }
        classKey = key;
        XYChart.Series<String, Number> s = new XYChart.Series<>();
        s.setName(seriesName);
        for (ChartData.Bar b : c.bars()) {
            s.getData().add(new XYChart.Data<>(b.name(), value.apply(b)));
        }
        ChartParts.categories(this, c);
        getData().setAll(List.of(s));
        ChartParts.colourByClass(s, c.bars());
    }

    /** A tick's value in at most about four characters: 0.25, 2.5k, 400k, 1.5M. */
    static String compact(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return trimmed(v / 1e6) + "M";
        }
        if (a >= 1e3) {
            return trimmed(v / 1e3) + "k";
        }
        return trimmed(v);
    }

    /** Up to three significant digits, without trailing zeros. */
    private static String trimmed(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
