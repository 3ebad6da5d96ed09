package io.focalscope.ui.charts;

import java.util.List;
import javafx.scene.chart.Chart;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.VBox;

/**
 * The charts of {@link ChartData}, a tab each: class weights and pixels ({@link ClassBarChart}),
 * each class's share of the loss ({@link ShareChart}), the mean loss against γ
 * ({@link GammaCurveChart}) and the p_t histogram ({@link PtHistogramChart}). Every axis has fixed
 * bounds that change only when the data outgrow them: an auto-ranging axis lays the whole chart out
 * again at every γ.
 */
public final class ChartsPane extends TabPane {

    public final ClassBarChart weightChart = new ClassBarChart("Class weight α", "weight-chart", "α", ChartData.Bar::weight);
    public final ClassBarChart pixelChart = new ClassBarChart("Labelled pixels", "pixel-chart", "pixels", ChartData.Bar::pixels);
    public final ShareChart shareChart = new ShareChart();
    public final GammaCurveChart gammaChart = new GammaCurveChart();
    public final PtHistogramChart histogram = new PtHistogramChart();
    private ChartData shown;

    public ChartsPane(ChartsViewModel charts) {
        setTabClosingPolicy(TabClosingPolicy.UNAVAILABLE);
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
                    throw new io.focalscope.io.InputException("no chart tab '" + title + "': Weights, Shares, Loss vs γ, p_t, Peers, Label issues or Calibration");
                });
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
        boolean second = !Double.isNaN(c.secondGamma());
        switch (getSelectionModel().getSelectedIndex()) {
            case 0 -> {
                weightChart.show(c);
                pixelChart.show(c);
            }
            case 1 -> shareChart.show(c, second);
            case 2 -> gammaChart.show(c, second);
            case 3 -> histogram.show(c, second);
            default -> { } // the Peers tab: its table follows the evaluation
        }
    }
}
