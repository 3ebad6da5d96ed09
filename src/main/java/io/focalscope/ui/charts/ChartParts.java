package io.focalscope.ui.charts;

import java.util.List;
import java.util.function.IntUnaryOperator;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;

/**
 * What the charts share, and the Dataset tab's with them: the γ markers and their styles, a level
 * line, bars in class colours, class names as fixed categories, and the charts' axes.
 */
public final class ChartParts {

    public static final String CURRENT_GAMMA_STYLE = "-fx-background-color: #d1242f; -fx-background-radius: 8px; -fx-padding: 7px;";
    public static final String SECOND_GAMMA_STYLE = "-fx-background-color: #0969da; -fx-background-radius: 8px; -fx-padding: 7px;";
    public static final String CURVE_POINT_STYLE = "-fx-background-radius: 2px; -fx-padding: 2px;";

    private ChartParts() {
    }

    /** A horizontal line at a loss across the γ axis's default range. */
    public static XYChart.Series<Number, Number> level(String name, double loss) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        s.getData().add(new XYChart.Data<>(0, loss));
        s.getData().add(new XYChart.Data<>(5, loss));
        return s;
    }

    public static XYChart.Series<Number, Number> marker(String name, double gamma, double loss) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        s.getData().add(new XYChart.Data<>(gamma, loss));
        return s;
    }

    public static void style(XYChart.Series<Number, Number> s, String style) {
        if (s.getData().get(0).getNode() != null) {
            s.getData().get(0).getNode().setStyle(style);
        }
    }

    /** Fills bar i with the colour {@code 0xRRGGBB} of {@code colourOf(i)} (bars in a chart have their nodes). */
    public static void colourBars(XYChart.Series<String, Number> s, IntUnaryOperator colourOf) {
        for (int i = 0; i < s.getData().size(); i++) {
            var node = s.getData().get(i).getNode();
            if (node != null) {
                node.setStyle(String.format("-fx-bar-fill: #%06x;", colourOf.applyAsInt(i)));
            }
        }
    }

    static void colourByClass(XYChart.Series<String, Number> s, List<ChartData.Bar> bars) {
        colourBars(s, i -> bars.get(i).color());
    }

    /**
     * The class names as the x axis's fixed categories: an auto-ranging axis makes its 19 tick
     * labels anew (CSS and text layout) whenever a bar moves.
     */
    static void categories(BarChart<String, Number> chart, ChartData c) {
        CategoryAxis x = (CategoryAxis) chart.getXAxis();
        x.setAutoRanging(false);
        x.setTickLabelRotation(-90); // upright names of every class; the axis lays them out once
        List<String> names = c.bars().stream().map(ChartData.Bar::name).toList();
        if (!x.getCategories().equals(names)) {
            x.setCategories(javafx.collections.FXCollections.observableArrayList(names));
            // a fixed axis keeps its tick labels until its range is invalidated: else it shows the old classes' names
            x.invalidateRange(names);
        }
    }

    /** The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten at or above v (and 1 for v ≤ 0). */
    static double niceCeiling(double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (step * magnitude >= v * (1 - 1e-12)) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    /** A class axis for a bar chart, its names slanted until the first data fix them upright. */
    static CategoryAxis classAxis() {
        CategoryAxis x = new CategoryAxis();
        x.setTickLabelRotation(-60);
        return x;
    }

    /** A bar chart's settings: no animation nor legend, bars of a class side by side. */
    static void barChart(BarChart<String, Number> c, String title, String id) {
        c.setTitle(title);
        c.setAnimated(false);
        c.setLegendVisible(false);
        c.setId(id);
        c.setCategoryGap(2);
        c.setBarGap(0);
    }

    /** A γ or p_t axis from 0 to xMax. */
    static NumberAxis xAxis(String label, double xMax) {
        return new NumberAxis(label, 0, xMax, xMax / 10);
    }

    /** A line chart's settings: its y label, no animation. */
    static void lineChart(LineChart<Number, Number> c, String yLabel, String id) {
        c.getYAxis().setLabel(yLabel);
        c.setAnimated(false);
        c.setId(id);
    }
}
