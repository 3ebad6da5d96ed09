package io.focalscope.ui.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.ScatterChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Tooltip;

/**
 * The run's images on the data map: variability on x, confidence on y (fixed axes, 0 to 0.5 and 0
 * to 1, so that runs compare), one series per correctness band with its legend; a point's tooltip
 * names its image, and a click selects it. Beneath them, a sample of the open image's pixels.
 */
final class CartographyChart extends ScatterChart<Number, Number> {

    /** The bands' colours, red for never right to blue for right at most epochs (no pale middle on a white chart). */
    private static final String[] BAND_COLOURS = {"#d73027", "#f46d43", "#fdae61", "#74add1", "#4575b4"};
    /** One shape for every band (the chart's own differ by series), so that colour alone tells the bands apart. */
    private static final String DOT = "-fx-shape: \"M0,5 A5,5 0 1,1 10,5 A5,5 0 1,1 0,5 Z\"; -fx-background-insets: 0; ";
    private static final String RING = "-fx-background-color: #24292f, %s; -fx-background-insets: 0, 2.5; -fx-padding: 8px; ";

    /** The open image's pixels: small and pale, the hard-and-stable ones dark, behind the images' points. */
    private static final String PIXEL = "-fx-background-radius: 2px; -fx-padding: 1.6px; -fx-background-color: rgba(110, 119, 129, 0.45);";
    // dark with a white ring: they sit in the corner, on the axes' lines
    private static final String HARD_PIXEL = "-fx-background-radius: 6px; -fx-padding: 4.5px; -fx-background-color: white, #24292f;"
            + " -fx-background-insets: 0, 1.5;";

    private final Consumer<String> onClick;
    private final List<XYChart.Data<Number, Number>> points = new ArrayList<>();
    private List<Cartography.Point> images = List.of();
    private String pixelsOf;
    private Cartography.PixelSample pixels;
    private String selected;

    CartographyChart(Consumer<String> onClick) {
        super(new PaddedAxis("variability", 0.5, 0.1), new PaddedAxis("confidence", 1, 0.2));
        this.onClick = onClick;
        setId("training-scatter");
        setTitle("Data map");
        setAnimated(false);
        setHorizontalZeroLineVisible(false); // the padded axes' zero lines would run through the corner's points
        setVerticalZeroLineVisible(false);
        setPrefHeight(320); // the plot and a legend of up to seven entries (five bands, the pixels' two)
        setMinHeight(280);
        StringBuilder colours = new StringBuilder();
        for (int b = 0; b < BAND_COLOURS.length; b++) {
            colours.append("CHART_COLOR_").append(b + 1).append(": ").append(BAND_COLOURS[b]).append("; ");
        }
        setStyle(colours.toString());
    }

    /** Shows the images' points (and no image's pixels). */
    void show(List<Cartography.Point> shown) {
        images = List.copyOf(shown);
        pixels = null;
        redraw();
    }

    /** Shows an image's pixels under the images' points, or none (null). */
    void showPixels(String image, Cartography.PixelSample sample) {
        pixelsOf = image;
        pixels = sample;
        redraw();
    }

    /**
     * Every band has its series (empty or not), so that a band keeps its colour and legend; the pixels'
     * two series come first, drawn beneath.
     */
    private void redraw() {
        List<XYChart.Series<Number, Number>> all = new ArrayList<>();
        XYChart.Series<Number, Number> others = new XYChart.Series<>();
        XYChart.Series<Number, Number> hard = new XYChart.Series<>();
        if (pixels != null) {
            // short names: the legend's tiles are as wide as its widest, and the side panel is narrow
            others.setName("open image's pixels");
            hard.setName("hard and stable");
            for (Cartography.PixelPoint p : pixels.points()) {
                (p.hard() ? hard : others).getData().add(new XYChart.Data<>(p.variability(), p.confidence()));
            }
            all.add(others);
            all.add(hard);
        }
        List<XYChart.Series<Number, Number>> bands = new ArrayList<>();
        for (int b = 0; b < Cartography.BANDS; b++) {
            XYChart.Series<Number, Number> s = new XYChart.Series<>();
            s.setName(Cartography.bandName(b));
            bands.add(s);
        }
        points.clear();
        for (Cartography.Point p : images) {
            XYChart.Data<Number, Number> d = new XYChart.Data<>(p.variability(), p.confidence());
            d.setExtraValue(p);
            bands.get(p.band()).getData().add(d);
            points.add(d);
        }
        all.addAll(bands);
        getData().setAll(all);
        setTitle(pixels == null || pixels.hardEvery() == 1 && pixels.otherEvery() == 1 ? "Data map"
                : String.format(Locale.ROOT, "Data map (of %s's pixels: 1 in %,d%s)", pixelsOf, pixels.otherEvery(),
                        pixels.hardEvery() > 1 ? String.format(Locale.ROOT, ", hard and stable 1 in %,d", pixels.hardEvery()) : ""));
        if (pixels != null) {
            styleSeries(others, PIXEL);
            styleSeries(hard, HARD_PIXEL);
        }
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

    private void styleSeries(XYChart.Series<Number, Number> series, String style) {
        for (XYChart.Data<Number, Number> d : series.getData()) {
            if (d.getNode() != null) {
                d.getNode().setStyle(style);
                d.getNode().setMouseTransparent(true);
            }
        }
        for (Node item : lookupAll(".chart-legend-item")) {
            if (item instanceof javafx.scene.control.Label l && series.getName().equals(l.getText()) && l.getGraphic() != null) {
                l.getGraphic().setStyle(style);
            }
        }
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

    /** How many of the open image's pixels are drawn, hard-and-stable ones or the others. */
    int pixelPointCount(boolean hard) {
        return pixels == null ? 0 : (int) pixels.points().stream().filter(p -> p.hard() == hard).count();
    }

    /** How many images are drawn. */
    int pointCount() {
        return points.size();
    }

    /**
     * A fixed axis from 0 to {@code max} with a little room beyond both ends, its ticks on the round
     * values only: the hard-to-learn corner's points sit at about (0, 0), and on a plot that ends
     * there three quarters of each would be cut off. (NumberAxis is final, and ticks from its lower
     * bound: -0.015, 0.085, ...)
     */
    private static final class PaddedAxis extends javafx.scene.chart.ValueAxis<Number> {

        private final double max;
        private final double unit;

        PaddedAxis(String label, double max, double unit) {
            super(-0.03 * max, 1.03 * max);
            this.max = max;
            this.unit = unit;
            setLabel(label);
            setAutoRanging(false);
            setMinorTickVisible(false);
        }

        @Override
        protected List<Number> calculateMinorTickMarks() {
            return List.of();
        }

        @Override
        protected void setRange(Object range, boolean animate) {
            // fixed: never auto-ranged
        }

        @Override
        protected Object getRange() {
            return null;
        }

        @Override
        protected List<Number> calculateTickValues(double length, Object range) {
            List<Number> ticks = new ArrayList<>();
            for (int i = 0; i * unit <= max + 1e-9; i++) {
                ticks.add(Math.round(i * unit * 1e6) / 1e6);
            }
            return ticks;
        }

        @Override
        protected String getTickMarkLabel(Number value) {
            double v = value.doubleValue();
            return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
        }
    }
}
