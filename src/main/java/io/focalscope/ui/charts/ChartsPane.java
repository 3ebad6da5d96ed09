package io.focalscope.ui.charts;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.Chart;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.VBox;

/**
 * The charts of {@link ChartData}: class weights and pixels, each class's share of the loss
 * (cross-entropy, the term at γ and at γ₂), the mean loss against γ with both γ marked, and the p_t
 * histogram under the modulation curves and g(p), the term's gradient over cross-entropy's. Every axis has fixed bounds that change only when the
 * data outgrow them: an auto-ranging axis lays the whole chart out again at every γ.
 */
public final class ChartsPane extends TabPane {

    public static final String CURRENT_GAMMA_STYLE = "-fx-background-color: #d1242f; -fx-background-radius: 8px; -fx-padding: 7px;";
    public static final String SECOND_GAMMA_STYLE = "-fx-background-color: #0969da; -fx-background-radius: 8px; -fx-padding: 7px;";
    public static final String CURVE_POINT_STYLE = "-fx-background-radius: 2px; -fx-padding: 2px;";

    public final BarChart<String, Number> weightChart = barChart("Class weight α", "weight-chart");
    public final BarChart<String, Number> pixelChart = barChart("Labelled pixels", "pixel-chart");
    public final BarChart<String, Number> shareChart = barChart("Share of summed loss (%)", "share-chart");
    public final LineChart<Number, Number> gammaChart = lineChart("γ", "mean loss", "gamma-chart", 5);
    final LineChart<Number, Number> histogram = logLineChart("p_t", "fraction of pixels / modulation / g (log)", "pt-chart");
    private ChartData shown;
    private Object classKey;
    private Object shareKey;
    private double[] shownCurve;
    private double[] shownHistogram;
    private boolean shownLevel;

    public ChartsPane(ChartsViewModel charts) {
        setTabClosingPolicy(TabClosingPolicy.UNAVAILABLE);
        shareChart.setLegendVisible(true);
        // the markers' colours are their own (a legend would show the series' default ones): the title names them
        gammaChart.setTitle("Mean loss against γ (red: γ, blue: γ₂)");
        gammaChart.setLegendVisible(false);
        ((NumberAxis) shareChart.getYAxis()).setAutoRanging(false);
        ((NumberAxis) gammaChart.getYAxis()).setAutoRanging(false);
        VBox weights = new VBox(weightChart, pixelChart);
        for (Chart c : List.of(weightChart, pixelChart, shareChart, gammaChart, histogram)) {
            c.setMinHeight(120); // the charts share a small window's height instead of claiming their own
        }
        getTabs().addAll(new Tab("Weights", weights), new Tab("Shares", shareChart), new Tab("Loss vs γ", gammaChart),
                new Tab("p_t", histogram));
        charts.dataProperty().addListener((o, a, b) -> show(b));
        // a chart on a tab not shown is brought up to date when its tab is: each costs a layout at every γ
        getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> show(shown));
    }

    /** Shows the tab of this title. */
    public void select(String title) {
        getTabs().stream().filter(t -> t.getText().equalsIgnoreCase(title)).findFirst()
                .ifPresentOrElse(t -> getSelectionModel().select(t), () -> {
                    throw new io.focalscope.io.InputException("no chart tab '" + title + "': Weights, Shares, Loss vs γ or p_t");
                });
    }

    /** The data the charts show (the shown tab's chart; the others when their tab is shown). */
    public ChartData shown() {
        return shown;
    }

    /**
     * Brings the charts to new data, rebuilding a chart only when its categories or series changed
     * and otherwise moving its values in place: while γ moves, only the shares, the markers and the
     * modulation curves move.
     */
    private void show(ChartData c) {
        shown = c;
        if (c == null) {
            return;
        }
        boolean second = !Double.isNaN(c.secondGamma());
        switch (getSelectionModel().getSelectedIndex()) {
            case 0 -> showClasses(c, second);
            case 1 -> showShares(c, second);
            case 2 -> showCurve(c, second);
            case 3 -> showHistogram(c, second);
            default -> { } // the Peers tab: its table follows the evaluation
        }
    }

    private void showClasses(ChartData c, boolean second) {
        List<Object> key = new ArrayList<>();
        c.bars().forEach(b -> key.add(List.of(b.classId(), b.name(), b.color(), b.weight(), b.pixels())));
        if (!key.equals(classKey)) {
            classKey = key;
            XYChart.Series<String, Number> w = new XYChart.Series<>();
            w.setName("α");
            XYChart.Series<String, Number> n = new XYChart.Series<>();
            n.setName("pixels");
            for (ChartData.Bar b : c.bars()) {
                w.getData().add(new XYChart.Data<>(b.name(), b.weight()));
                n.getData().add(new XYChart.Data<>(b.name(), b.pixels()));
            }
            categories(weightChart, c);
            categories(pixelChart, c);
            weightChart.getData().setAll(List.of(w));
            pixelChart.getData().setAll(List.of(n));
            colourByClass(w, c.bars());
            colourByClass(n, c.bars());
        }
    }

    private void showShares(ChartData c, boolean second) {
        List<Object> key = new ArrayList<>();
        key.add(second);
        c.bars().forEach(b -> key.add(b.name()));
        if (!key.equals(shareKey)) {
            shareKey = key;
            rebuildShares(c, second);
        } else {
            moveShares(c, second);
        }
        NumberAxis shareAxis = (NumberAxis) shareChart.getYAxis();
        if (shareAxis.getUpperBound() != c.shareAxisMax()) {
            shareAxis.setLowerBound(0);
            shareAxis.setUpperBound(c.shareAxisMax());
            shareAxis.setTickUnit(c.shareAxisMax() / 5);
        }
    }

    /**
     * The class names as the x axis's fixed categories: an auto-ranging axis makes its 19 tick
     * labels anew (CSS and text layout) whenever a bar moves.
     */
    private static void categories(BarChart<String, Number> chart, ChartData c) {
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

    private void rebuildShares(ChartData c, boolean second) {
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
        categories(shareChart, c);
        shareChart.getData().setAll(second ? List.of(ce, focal, focal2) : List.of(ce, focal));
    }

    private void moveShares(ChartData c, boolean second) {
        List<XYChart.Series<String, Number>> series = shareChart.getData();
        for (int i = 0; i < c.bars().size(); i++) {
            ChartData.Bar b = c.bars().get(i);
            series.get(0).getData().get(i).setYValue(b.crossEntropyShare());
            series.get(1).getData().get(i).setYValue(b.share());
            if (second) {
                series.get(2).getData().get(i).setYValue(b.secondShare());
            }
        }
    }

    private void showCurve(ChartData c, boolean second) {
        if (c.curve() == null) {
            return;
        }
        // a term without a γ to vary (FLSD-53) is a level over focal loss's curve, not a marker on it
        boolean level = Double.isNaN(c.gamma());
        if (c.curve() != shownCurve || gammaChart.getData().size() != (second ? 3 : 2) || level != shownLevel) {
            shownCurve = c.curve();
            shownLevel = level;
            XYChart.Series<Number, Number> curve = new XYChart.Series<>();
            curve.setName("mean loss (" + c.form() + ")");
            for (int i = 0; i < c.curveGammas().length; i++) {
                curve.getData().add(new XYChart.Data<>(c.curveGammas()[i], c.curve()[i]));
            }
            List<XYChart.Series<Number, Number>> all = new ArrayList<>(List.of(curve,
                    level ? level(c.term().title(), c.loss()) : marker("γ", c.gamma(), c.loss())));
            if (second) {
                all.add(marker("γ₂", c.secondGamma(), c.secondLoss()));
            }
            gammaChart.getData().setAll(all);
            boolean asl = c.term() instanceof io.focalscope.loss.LossTerm.Asl;
            gammaChart.getXAxis().setLabel(asl ? "γ-" : "γ");
            gammaChart.setTitle(level ? "Mean focal loss against γ; the line: " + c.term().title()
                    : "Mean " + c.term().inSentence() + " loss against " + (asl ? "γ-" : "γ") + " (red: γ, blue: γ₂)");
            // the curve's points small, the current γ a large red one (γ₂ blue): the eye finds them at once
            curve.getData().stream().filter(d -> d.getNode() != null).forEach(d -> d.getNode().setStyle(CURVE_POINT_STYLE));
            if (!level) {
                style(all.get(1), CURRENT_GAMMA_STYLE);
            }
            if (second) {
                style(all.get(2), SECOND_GAMMA_STYLE);
            }
        }
        List<XYChart.Series<Number, Number>> series = gammaChart.getData();
        if (level) {
            series.get(1).getData().forEach(d -> d.setYValue(c.loss()));
        } else {
            move(series.get(1), c.gamma(), c.loss());
        }
        if (second) {
            move(series.get(2), c.secondGamma(), c.secondLoss());
        }
        fitGammaAxes(c, second);
    }

    /** A horizontal line at a loss across the γ axis's default range. */
    public static XYChart.Series<Number, Number> level(String name, double loss) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        s.getData().add(new XYChart.Data<>(0, loss));
        s.getData().add(new XYChart.Data<>(5, loss));
        return s;
    }

    /** The axes hold the curve and both markers; they change only when a marker leaves them. */
    private void fitGammaAxes(ChartData c, boolean second) {
        double top = 0;
        for (double v : c.curve()) {
            top = Double.isFinite(v) ? Math.max(top, v) : top;
        }
        top = Math.max(top, Double.isFinite(c.loss()) ? c.loss() : 0);
        double right = Math.max(5, Math.ceil(Math.max(Double.isNaN(c.gamma()) ? 0 : c.gamma(), second ? c.secondGamma() : 0)));
        NumberAxis y = (NumberAxis) gammaChart.getYAxis();
        double upper = niceCeiling(top * 1.05);
        if (y.getUpperBound() != upper) {
            y.setLowerBound(0);
            y.setUpperBound(upper);
            y.setTickUnit(upper / 5);
        }
        NumberAxis x = (NumberAxis) gammaChart.getXAxis();
        if (x.getUpperBound() != right) {
            x.setUpperBound(right);
            x.setTickUnit(right <= 5 ? 0.5 : Math.ceil(right / 10));
        }
    }

    private void showHistogram(ChartData c, boolean second) {
        if (c.histogram() != shownHistogram || histogram.getData().size() != (second ? 5 : 4)) {
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
            histogram.getData().setAll(all);
            one.getData().forEach(d -> d.getNode().setVisible(false)); // a line, not two points
        }
        List<XYChart.Series<Number, Number>> series = histogram.getData();
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

    public static XYChart.Series<Number, Number> marker(String name, double gamma, double loss) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        s.setName(name);
        s.getData().add(new XYChart.Data<>(gamma, loss));
        return s;
    }

    private static void move(XYChart.Series<Number, Number> s, double gamma, double loss) {
        s.getData().get(0).setXValue(gamma);
        s.getData().get(0).setYValue(loss);
    }

    public static void style(XYChart.Series<Number, Number> s, String style) {
        if (s.getData().get(0).getNode() != null) {
            s.getData().get(0).getNode().setStyle(style);
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

    private static void colourByClass(XYChart.Series<String, Number> s, List<ChartData.Bar> bars) {
        colourBars(s, i -> bars.get(i).color());
    }

    /** Fills bar i with the colour {@code 0xRRGGBB} of {@code colourOf(i)} (bars in a chart have their nodes). */
    public static void colourBars(XYChart.Series<String, Number> s, java.util.function.IntUnaryOperator colourOf) {
        for (int i = 0; i < s.getData().size(); i++) {
            var node = s.getData().get(i).getNode();
            if (node != null) {
                node.setStyle(String.format("-fx-bar-fill: #%06x;", colourOf.applyAsInt(i)));
            }
        }
    }

    private static BarChart<String, Number> barChart(String title, String id) {
        CategoryAxis x = new CategoryAxis();
        x.setTickLabelRotation(-60);
        BarChart<String, Number> c = new BarChart<>(x, new NumberAxis());
        c.setTitle(title);
        c.setAnimated(false);
        c.setLegendVisible(false);
        c.setId(id);
        c.setCategoryGap(2);
        c.setBarGap(0);
        return c;
    }

    /** A line chart whose y values are decades (log10), labelled as powers of ten. */
    private static LineChart<Number, Number> logLineChart(String xLabel, String yLabel, String id) {
        LineChart<Number, Number> c = lineChart(xLabel, yLabel, id, 1);
        NumberAxis y = (NumberAxis) c.getYAxis();
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
        return c;
    }

    private static LineChart<Number, Number> lineChart(String xLabel, String yLabel, String id, double xMax) {
        LineChart<Number, Number> c = new LineChart<>(new NumberAxis(xLabel, 0, xMax, xMax / 10), new NumberAxis());
        c.getYAxis().setLabel(yLabel);
        c.setAnimated(false);
        c.setId(id);
        return c;
    }
}
