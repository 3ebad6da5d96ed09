package io.focalscope.ui.charts;

import io.focalscope.ui.controls.LazyTab;
import java.util.List;
import javafx.scene.chart.Chart;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.VBox;

/**
 * The side panel: a "Charts" tab holding the charts of {@link ChartData}, a tab each (class weights
 * and pixels, {@link ClassBarChart}; each class's share of the loss, {@link ShareChart}; the mean
 * loss against γ, {@link GammaCurveChart}; the p_t histogram, {@link PtHistogramChart}; and the
 * window's Peers), beside the tabs the window adds (Label issues, Calibration, Training). Two levels, so that every
 * header shows in a 400-pixel column: eight in one row did not, and the last ones hid in the
 * overflow menu. Every axis has fixed bounds that change only when the data outgrow them: an
 * auto-ranging axis lays the whole chart out again at every γ.
 */
public final class ChartsPane extends TabPane {

    /** The Weights tab's value axes' width: "0.25", "400k" and "1.5M" fit, and one class's two bars line up. */
    private static final double VALUE_AXIS_WIDTH = 44;

    public final ClassBarChart weightChart = new ClassBarChart("Class weight α", "weight-chart", "α", ChartData.Bar::weight);
    public final ClassBarChart pixelChart = new ClassBarChart("Labelled pixels", "pixel-chart", "pixels", ChartData.Bar::pixels);
    public final ShareChart shareChart = new ShareChart();
    public final GammaCurveChart gammaChart = new GammaCurveChart();
    public final PtHistogramChart histogram = new PtHistogramChart();
    /** The charts, a tab each, inside the side panel's first tab. */
    private final TabPane chartTabs = new TabPane();
    private final Tab chartsTab = new Tab("Charts", chartTabs);
    private ChartData shown;

    public ChartsPane(ChartsViewModel charts) {
        setTabClosingPolicy(TabClosingPolicy.UNAVAILABLE);
        chartTabs.setTabClosingPolicy(TabClosingPolicy.UNAVAILABLE);
        chartTabs.setId("chart-tabs");
        VBox weights = new VBox(weightChart, pixelChart);
        for (Chart c : List.of(weightChart, pixelChart, shareChart, gammaChart, histogram)) {
            c.setMinHeight(120); // the charts share a small window's height instead of claiming their own
        }
        // the Weights tab's two charts, bar above bar: the class names stand on end under the lower one only
        // (under both, they took 2 x 80 px, and at 1280 x 720 the second chart's fell below the tab's edge);
        // their value axes are as wide, so that each class's bars line up
        weightChart.getXAxis().setTickLabelsVisible(false);
        for (ClassBarChart c : List.of(weightChart, pixelChart)) {
            c.getYAxis().setMinWidth(VALUE_AXIS_WIDTH);
            c.getYAxis().setPrefWidth(VALUE_AXIS_WIDTH);
            c.getYAxis().setMaxWidth(VALUE_AXIS_WIDTH);
            VBox.setVgrow(c, javafx.scene.layout.Priority.ALWAYS);
        }
        // the weights' plot keeps 60 px or more at the 120 px set above, in the smallest window too (it then scrolls)
        pixelChart.setMinHeight(185); // the same, above its class names
        javafx.scene.control.ScrollPane weightsScroll = new javafx.scene.control.ScrollPane(weights);
        weightsScroll.setFitToWidth(true);
        weightsScroll.setFitToHeight(true);
        // the charts not shown join the scene when their tab first shows (LazyTab)
        chartTabs.getTabs().addAll(new Tab("Weights", weightsScroll), LazyTab.of("Shares", shareChart), LazyTab.of("Loss vs γ", gammaChart),
                LazyTab.of("p_t", histogram));
        chartsTab.setTooltip(new javafx.scene.control.Tooltip("The class weights and pixels, each class's share of the loss, the"
                + " loss against γ and the histogram of p_t, of the open file"));
        getTabs().add(chartsTab);
        show(charts.dataProperty().get()); // made after a file opened (a start's window)
        charts.dataProperty().addListener((o, a, b) -> show(b));
        // a chart on a tab not shown is brought up to date when its tab is: each costs a layout at every γ
        chartTabs.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> show(shown));
        getSelectionModel().selectedItemProperty().addListener((o, a, b) -> show(shown));
    }

    /** Shows the tab of this title: one of the side panel's, or a chart's inside its Charts tab. */
    public void select(String title) {
        for (TabPane pane : List.of(this, chartTabs)) {
            for (Tab t : pane.getTabs()) {
                if (t.getText().equalsIgnoreCase(title)) {
                    if (pane == chartTabs) {
                        getSelectionModel().select(chartsTab);
                    }
                    pane.getSelectionModel().select(t);
                    return;
                }
            }
        }
        throw new io.focalscope.io.InputException("no side-panel tab '" + title + "': Charts, Weights, Shares, Loss vs γ, p_t, "
                + getTabs().stream().skip(1).map(Tab::getText).collect(java.util.stream.Collectors.joining(", ")));
    }

    /** The tabs inside the Charts tab: the charts' own (Weights, Shares, Loss vs γ, p_t), and any the window adds (Peers). */
    public List<Tab> chartTabs() {
        return chartTabs.getTabs();
    }

    /** Whether a tab inside the Charts tab is the one on screen: it is selected there, and the Charts tab is. */
    public javafx.beans.binding.BooleanBinding showing(Tab inner) {
        return inner.selectedProperty().and(chartsTab.selectedProperty());
    }

    /** The data the charts show (the shown tab's chart; the others when their tab is shown). */
    public ChartData shown() {
        return shown;
    }

    /**
     * Brings the shown tab's charts to new data, rebuilding a chart only when its categories or
     * series changed and otherwise moving its values in place: while γ moves, only the shares, the
     * markers and the modulation curves move.
     */
    private void show(ChartData c) {
        shown = c;
        if (c == null) {
            return;
        }
        if (getSelectionModel().getSelectedItem() != chartsTab) {
            return; // another tool is shown: the charts catch up when theirs is
        }
        boolean second = !Double.isNaN(c.secondGamma());
        switch (chartTabs.getSelectionModel().getSelectedIndex()) {
            case 0 -> {
                weightChart.show(c);
                pixelChart.show(c);
            }
            case 1 -> shareChart.show(c, second);
            case 2 -> gammaChart.show(c, second);
            case 3 -> histogram.show(c, second);
            default -> { }
        }
    }
}
