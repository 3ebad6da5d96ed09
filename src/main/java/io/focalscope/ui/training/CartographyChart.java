package io.focalscope.ui.training;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.ScatterChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Tooltip;

/**
 * The run's images on the data map: variability on x, confidence on y (fixed axes, 0 to 0.5 and 0
 * to 1, so that runs compare), one series per correctness band with its legend; a point's tooltip
 * names its image, and a click selects it.
 */
final class CartographyChart extends ScatterChart<Number, Number> {

    /** The bands' colours, red for never right to blue for right at most epochs (no pale middle on a white chart). */
    private static final String[] BAND_COLOURS = {"#d73027", "#f46d43", "#fdae61", "#74add1", "#4575b4"};
    /** One shape for every band (the chart's own differ by series), so that colour alone tells the bands apart. */
    private static final String DOT = "-fx-shape: \"M0,5 A5,5 0 1,1 10,5 A5,5 0 1,1 0,5 Z\"; -fx-background-insets: 0; ";
    private static final String RING = "-fx-background-color: #24292f, %s; -fx-background-insets: 0, 2.5; -fx-padding: 8px; ";

    private final Consumer<String> onClick;
    private final List<XYChart.Data<Number, Number>> points = new ArrayList<>();
    private String selected;

    CartographyChart(Consumer<String> onClick) {
        super(new NumberAxis("variability", 0, 0.5, 0.1), new NumberAxis("confidence", 0, 1, 0.2));
        this.onClick = onClick;
        setId("training-scatter");
        setTitle("Data map of the images");
        setAnimated(false);
        setPrefHeight(270);
        setMinHeight(220);
        StringBuilder colours = new StringBuilder();
        for (int b = 0; b < BAND_COLOURS.length; b++) {
            colours.append("CHART_COLOR_").append(b + 1).append(": ").append(BAND_COLOURS[b]).append("; ");
        }
        setStyle(colours.toString());
    }

    /** Shows the points; every band has its series (empty or not), so that a band keeps its colour and legend. */
    void show(List<Cartography.Point> shown) {
        List<XYChart.Series<Number, Number>> bands = new ArrayList<>();
        for (int b = 0; b < Cartography.BANDS; b++) {
            XYChart.Series<Number, Number> s = new XYChart.Series<>();
            s.setName(Cartography.bandName(b));
            bands.add(s);
        }
        points.clear();
        for (Cartography.Point p : shown) {
            XYChart.Data<Number, Number> d = new XYChart.Data<>(p.variability(), p.confidence());
            d.setExtraValue(p);
            bands.get(p.band()).getData().add(d);
            points.add(d);
        }
        getData().setAll(bands);
        for (int b = 0; b < bands.size(); b++) {
            String name = bands.get(b).getName();
            String style = DOT + "-fx-background-color: " + BAND_COLOURS[b] + "; -fx-padding: 5px;";
            for (Node item : lookupAll(".chart-legend-item")) {
                if (item instanceof javafx.scene.control.Label l && name.equals(l.getText()) && l.getGraphic() != null) {
                    l.getGraphic().setStyle(style);
                }
            }
        }
        for (XYChart.Data<Number, Number> d : points) {
            Cartography.Point p = (Cartography.Point) d.getExtraValue();
            Node node = d.getNode();
            if (node != null) {
                node.setId("training-point-" + p.name());
                Tooltip.install(node, new Tooltip(String.format(java.util.Locale.ROOT,
                        "%s%nconfidence %.4f, variability %.4f, correctness %.3f", p.name(), p.confidence(), p.variability(),
                        p.correctness())));
                node.setOnMouseClicked(e -> onClick.accept(p.name()));
                node.setCursor(javafx.scene.Cursor.HAND);
            }
        }
        select(selected);
    }

    /** Rings the selected image's point. */
    void select(String name) {
        selected = name;
        for (XYChart.Data<Number, Number> d : points) {
            if (d.getNode() != null) {
                Cartography.Point p = (Cartography.Point) d.getExtraValue();
                String colour = BAND_COLOURS[p.band()];
                d.getNode().setStyle(DOT + (p.name().equals(name) ? String.format(RING, colour)
                        : "-fx-background-color: " + colour + "; -fx-padding: 5px;"));
                if (p.name().equals(name)) {
                    d.getNode().toFront();
                }
            }
        }
    }

    /** How many images are drawn. */
    int pointCount() {
        return points.size();
    }
}
