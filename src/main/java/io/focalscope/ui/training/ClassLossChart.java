package io.focalscope.ui.training;

import io.focalscope.classes.ClassSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.util.StringConverter;

/**
 * One image's loss per class against the epochs, a line per class it has in its class colour, and a
 * dashed line at the epoch shown in the inspector.
 */
final class ClassLossChart extends LineChart<Number, Number> {

    private static final String MARKER_STYLE = "-fx-stroke: #6e7781; -fx-stroke-dash-array: 6 4; -fx-stroke-width: 1.5px;";
    private List<String> epochs = List.of();
    private double[][] loss;
    private ClassSet classes;

    ClassLossChart() {
        super(new NumberAxis(), new NumberAxis());
        setId("training-class-loss");
        setTitle("Loss per class by epoch");
        javafx.scene.control.Tooltip.install(this, new javafx.scene.control.Tooltip("The open image's mean loss over each class's"
                + " pixels at each epoch, under the run's class weights; the dashed line is the epoch the inspector shows"));
        setAnimated(false);
        setCreateSymbols(false);
        setPrefHeight(300); // lower, the chart drops its legend where it wraps onto three rows
        setMinHeight(280);
        getYAxis().setLabel("loss");
        NumberAxis x = (NumberAxis) getXAxis();
        x.setAutoRanging(false);
        x.setMinorTickVisible(false);
        x.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                int e = (int) Math.round(n.doubleValue());
                return e >= 0 && e < epochs.size() && Math.abs(n.doubleValue() - e) < 1e-9 ? epochs.get(e) : "";
            }

            @Override
            public Number fromString(String s) {
                return epochs.indexOf(s);
            }
        });
    }

    /**
     * @param loss {@code [class][epoch]}, NaN for a class the image does not have; null for no image
     */
    void show(List<String> epochNames, double[][] perClass, ClassSet classSet, int epoch) {
        epochs = epochNames;
        loss = perClass;
        classes = classSet;
        NumberAxis x = (NumberAxis) getXAxis();
        x.setLowerBound(0);
        x.setUpperBound(Math.max(1, epochs.size() - 1) + 0.9); // room for the last epoch's name and its marker
        x.setTickUnit(Math.max(1, Math.ceil(epochs.size() / 6.0)));
        x.setLabel("epoch");
        if (perClass == null) {
            getData().clear();
            return;
        }
        List<XYChart.Series<Number, Number>> lines = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        double top = 0;
        for (int c = 0; c < perClass.length; c++) {
            if (Double.isNaN(perClass[c][0])) {
                continue;
            }
            XYChart.Series<Number, Number> s = new XYChart.Series<>();
            s.setName(name(c));
            for (int e = 0; e < perClass[c].length; e++) {
                s.getData().add(new XYChart.Data<>(e, perClass[c][e]));
                top = Math.max(top, perClass[c][e]);
            }
            lines.add(s);
            ids.add(c);
        }
        XYChart.Series<Number, Number> marker = new XYChart.Series<>();
        marker.setName(epoch >= 0 && epoch < epochs.size() ? epochs.get(epoch) + " (shown)" : "epoch shown");
        marker.getData().add(new XYChart.Data<>(epoch, 0));
        marker.getData().add(new XYChart.Data<>(epoch, top));
        lines.add(marker);
        getData().setAll(lines);
        for (int i = 0; i < ids.size(); i++) {
            String colour = String.format(Locale.ROOT, "#%06x", colour(ids.get(i)));
            lines.get(i).getNode().setStyle("-fx-stroke: " + colour + "; -fx-stroke-width: 2px;");
            legendSymbol(lines.get(i).getName(), "-fx-background-color: " + colour + ";");
        }
        marker.getNode().setStyle(MARKER_STYLE);
        legendSymbol(marker.getName(), "-fx-background-color: #6e7781;");
    }

    /** Moves the epoch marker only. */
    void showEpoch(int epoch) {
        show(epochs, loss, classes, epoch);
    }

    private void legendSymbol(String seriesName, String style) {
        for (Node item : lookupAll(".chart-legend-item")) {
            if (item instanceof javafx.scene.control.Label l && seriesName.equals(l.getText()) && l.getGraphic() != null) {
                l.getGraphic().setStyle(style);
            }
        }
    }

    /** The open class set where it has the run's classes (before the image opens, the inspector may hold another's). */
    private ClassSet named() {
        return classes != null && classes.size() == loss.length ? classes : ClassSet.numbered(loss.length);
    }

    private String name(int c) {
        return named().isNumbered() ? "class " + c : named().name(c);
    }

    private int colour(int c) {
        return named().color(c);
    }
}
