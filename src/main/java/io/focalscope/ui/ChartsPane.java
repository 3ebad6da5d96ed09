package io.focalscope.ui;

import io.focalscope.classes.ClassSet;
import io.focalscope.loss.ClassFigures;
import io.focalscope.loss.LossResult;
import java.util.List;
import java.util.Locale;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.VBox;

/** The charts: class weights and pixels, loss shares, mean loss against γ, and the p_t histogram. */
final class ChartsPane extends TabPane {

    final BarChart<String, Number> weightChart = barChart("Class weight α", "weight-chart");
    private final BarChart<String, Number> pixelChart = barChart("Labelled pixels", "pixel-chart");
    private final BarChart<String, Number> shareChart = barChart("Share of summed loss (%)", "share-chart");
    private final LineChart<Number, Number> gammaChart = lineChart("γ", "mean loss", "gamma-chart");
    private final LineChart<Number, Number> histogram = logLineChart("p_t", "fraction of pixels / modulation (log)", "pt-chart");
    private final InspectorViewModel vm;

    ChartsPane(InspectorViewModel vm) {
        this.vm = vm;
        setTabClosingPolicy(TabClosingPolicy.UNAVAILABLE);
        shareChart.setLegendVisible(true);
        VBox weights = new VBox(weightChart, pixelChart);
        for (javafx.scene.chart.Chart c : List.of(weightChart, pixelChart, shareChart, gammaChart, histogram)) {
            c.setMinHeight(120); // the charts share a small window's height instead of claiming their own
        }
        getTabs().addAll(new Tab("Weights", weights), new Tab("Shares", shareChart), new Tab("Loss vs γ", gammaChart),
                new Tab("p_t", histogram));
        vm.evaluationProperty().addListener((o, a, b) -> refresh());
        vm.hiddenClasses.addListener((javafx.collections.SetChangeListener<Integer>) c -> refresh());
        vm.classes.addListener((o, a, b) -> refresh());
    }

    /** Shows the tab of this title. */
    void select(String title) {
        getTabs().stream().filter(t -> t.getText().equalsIgnoreCase(title)).findFirst()
                .ifPresentOrElse(t -> getSelectionModel().select(t), () -> {
                    throw new io.focalscope.io.InputException("no chart tab '" + title + "'");
                });
    }

    private Object classKey;
    private double[] shownCurve;
    private float[] shownPt;

    /**
     * Brings the charts up to the current evaluation, rebuilding a chart only when its categories
     * or data changed and otherwise moving its values in place: while γ is dragged, only the
     * shares, the marker and the modulation curve move, and a rebuilt chart costs far more.
     */
    private void refresh() {
        Evaluation e = vm.evaluationProperty().get();
        ClassSet classes = vm.classes.get();
        if (e == null || classes == null) {
            return;
        }
        LossResult r = e.result();
        List<ClassFigures> shown = r.perClass().stream().filter(c -> !vm.hiddenClasses.contains(c.classId())).toList();
        Object key = java.util.Arrays.asList(java.util.Arrays.toString(r.classWeights()), java.util.Arrays.toString(r.counts()),
                java.util.Set.copyOf(vm.hiddenClasses), classes);
        if (!key.equals(classKey)) {
            classKey = key;
            rebuildClassCharts(r, shown, classes);
        } else {
            XYChart.Series<String, Number> focal = shareChart.getData().get(1);
            focal.setName("focal, γ = " + r.gamma());
            for (int i = 0; i < shown.size(); i++) {
                focal.getData().get(i).setYValue(100 * shown.get(i).share());
            }
        }
        refreshGamma();
    }

    private void rebuildClassCharts(LossResult r, List<ClassFigures> shown, ClassSet classes) {
        XYChart.Series<String, Number> w = new XYChart.Series<>();
        w.setName("α");
        XYChart.Series<String, Number> n = new XYChart.Series<>();
        n.setName("pixels");
        XYChart.Series<String, Number> ce = new XYChart.Series<>();
        ce.setName("cross-entropy");
        XYChart.Series<String, Number> focal = new XYChart.Series<>();
        focal.setName("focal, γ = " + r.gamma());
        for (ClassFigures c : shown) {
            String name = classes.name(c.classId());
            w.getData().add(new XYChart.Data<>(name, r.classWeights()[c.classId()]));
            n.getData().add(new XYChart.Data<>(name, c.pixels()));
            ce.getData().add(new XYChart.Data<>(name, 100 * c.crossEntropyShare()));
            focal.getData().add(new XYChart.Data<>(name, 100 * c.share()));
        }
        weightChart.getData().setAll(List.of(w));
        pixelChart.getData().setAll(List.of(n));
        colourByClass(w, shown, classes);
        colourByClass(n, shown, classes);
        shareChart.getData().setAll(List.of(ce, focal));
    }

    private void refreshGamma() {
        Evaluation e = vm.evaluationProperty().get();
        if (e == null || e.curve() == null) {
            return;
        }
        double gamma = e.result().gamma();
        if (e.curve() != shownCurve) {
            shownCurve = e.curve();
            XYChart.Series<Number, Number> curve = new XYChart.Series<>();
            curve.setName("mean loss (" + vm.form.get() + ")");
            for (int i = 0; i < e.curveGammas().length; i++) {
                curve.getData().add(new XYChart.Data<>(e.curveGammas()[i], e.curve()[i]));
            }
            XYChart.Series<Number, Number> now = new XYChart.Series<>();
            now.getData().add(new XYChart.Data<>(gamma, vm.form.get().loss(e.result())));
            gammaChart.getData().setAll(List.of(curve, now));
            // the curve's points small, the current γ a large red one: the eye finds it at once
            curve.getData().stream().filter(d -> d.getNode() != null)
                    .forEach(d -> d.getNode().setStyle("-fx-background-radius: 2px; -fx-padding: 2px;"));
            if (now.getData().get(0).getNode() != null) {
                now.getData().get(0).getNode().setStyle(CURRENT_GAMMA_STYLE);
            }
        }
        XYChart.Series<Number, Number> now = gammaChart.getData().get(1);
        now.setName(String.format(Locale.ROOT, "current γ = %.2f", gamma));
        now.getData().get(0).setXValue(gamma);
        now.getData().get(0).setYValue(vm.form.get().loss(e.result()));

        // the histogram on a log axis: the confident bin near p_t = 1 holds most pixels and would flatten the rest
        int bins = 20;
        float[] pt = e.result().maps().pt();
        if (pt != shownPt) {
            shownPt = pt;
            long[] counts = new long[bins];
            long total = 0;
            for (float p : pt) {
                if (!Float.isNaN(p)) {
                    counts[Math.min(bins - 1, (int) (p * bins))]++;
                    total++;
                }
            }
            XYChart.Series<Number, Number> hist = new XYChart.Series<>();
            hist.setName("p_t histogram");
            XYChart.Series<Number, Number> modulation = new XYChart.Series<>();
            modulation.setName("(1 − p)^γ");
            for (int b = 0; b < bins; b++) {
                double centre = (b + 0.5) / bins;
                hist.getData().add(new XYChart.Data<>(centre, logFraction(total == 0 ? 0 : counts[b] / (double) total)));
                modulation.getData().add(new XYChart.Data<>(centre, 0));
            }
            histogram.getData().setAll(List.of(hist, modulation));
        }
        XYChart.Series<Number, Number> modulation = histogram.getData().get(1);
        for (int b = 0; b < bins; b++) {
            modulation.getData().get(b).setYValue(logFraction(Math.pow(1 - (b + 0.5) / bins, gamma)));
        }
    }

    /** The smallest decade the log axes show; a fraction of 0 sits on it. */
    static final int FLOOR_DECADE = -6;

    static final String CURRENT_GAMMA_STYLE = "-fx-background-color: #d1242f; -fx-background-radius: 8px;"
            + " -fx-padding: 7px;";

    /** log10 of a fraction, on the log axis's floor where it is 0 or smaller than that. */
    static double logFraction(double f) {
        return f > 0 ? Math.max(FLOOR_DECADE, Math.log10(f)) : FLOOR_DECADE;
    }

    private static void colourByClass(XYChart.Series<String, Number> s, List<ClassFigures> shown, ClassSet classes) {
        for (int i = 0; i < s.getData().size(); i++) {
            var node = s.getData().get(i).getNode();
            if (node != null) {
                node.setStyle(String.format("-fx-bar-fill: #%06x;", classes.color(shown.get(i).classId())));
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
        LineChart<Number, Number> c = lineChart(xLabel, yLabel, id);
        NumberAxis y = (NumberAxis) c.getYAxis();
        y.setAutoRanging(false);
        y.setLowerBound(FLOOR_DECADE);
        y.setUpperBound(0);
        y.setTickUnit(1);
        y.setTickLabelFormatter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Number decade) {
                return decade.intValue() == 0 ? "1" : "1e" + decade.intValue();
            }

            @Override
            public Number fromString(String text) {
                return Math.log10(Double.parseDouble(text));
            }
        });
        return c;
    }

    private static LineChart<Number, Number> lineChart(String xLabel, String yLabel, String id) {
        LineChart<Number, Number> c = new LineChart<>(new NumberAxis(xLabel, 0, xLabel.equals("γ") ? 5 : 1, 0.5), new NumberAxis());
        c.getYAxis().setLabel(yLabel);
        c.setAnimated(false);
        c.setId(id);
        return c;
    }
}
