package io.focalscope.ui.charts;

import io.focalscope.calibration.Calibration;
import io.focalscope.classes.ClassSet;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * A Calibration view (the inspector's tab, the Dataset tab's): the reliability diagram
 * ({@link ReliabilityChart}) with a toggle to the bins after temperature scaling, the figures, a
 * line on what they mean here, and each class's ECE in its colour; or, where there are no figures,
 * the one-line reason.
 */
public final class CalibrationPane extends VBox {

    public final ReliabilityChart chart = new ReliabilityChart();
    public final CheckBox afterTemperature = new CheckBox();
    public final Label figures = new Label();
    public final Label reason = new Label();
    final Label note = new Label(CalibrationViewModel.NOTE);
    final BarChart<String, Number> perClass = new BarChart<>(ChartParts.classAxis(), new NumberAxis());
    private final CalibrationViewModel vm;

    /** @param idPrefix the ids' prefix, such as {@code calibration} or {@code dataset-calibration} */
    public CalibrationPane(CalibrationViewModel vm, String idPrefix) {
        super(6);
        this.vm = vm;
        setId(idPrefix + "-pane");
        setPadding(new javafx.geometry.Insets(6));
        chart.setId(idPrefix + "-chart");
        afterTemperature.setId(idPrefix + "-after-temperature");
        figures.setId(idPrefix + "-figures");
        reason.setId(idPrefix + "-reason");
        note.setId(idPrefix + "-note");
        reason.setWrapText(true);
        note.setWrapText(true);
        note.setStyle("-fx-font-size: 0.9em; -fx-opacity: 0.8;");
        figures.setWrapText(true);
        afterTemperature.textProperty().bind(vm.temperatureTextBinding());
        afterTemperature.selectedProperty().bindBidirectional(vm.afterTemperature);
        afterTemperature.setTooltip(new javafx.scene.control.Tooltip("The bins of softmax(z / T) at the T that minimises the"
                + " NLL over the labelled pixels (temperature scaling, Guo et al. 2017)"));
        ChartParts.barChart(perClass, "ECE per class (p_k against label = k)", idPrefix + "-per-class");
        perClass.setMinHeight(120);
        perClass.setPrefHeight(200);
        figures.textProperty().bind(vm.figuresTextBinding());
        VBox shown = new VBox(6, afterTemperature, chart, figures, note, perClass);
        javafx.scene.layout.VBox.setVgrow(chart, javafx.scene.layout.Priority.ALWAYS);
        javafx.scene.layout.VBox.setVgrow(shown, javafx.scene.layout.Priority.ALWAYS);
        reason.textProperty().bind(vm.reasonProperty());
        reason.visibleProperty().bind(vm.reasonProperty().isNotNull());
        reason.managedProperty().bind(reason.visibleProperty());
        shown.visibleProperty().bind(vm.calibrationProperty().isNotNull());
        shown.managedProperty().bind(shown.visibleProperty());
        getChildren().addAll(reason, shown);
        vm.shownBinsBinding().addListener((o, was, now) -> drawBins());
        vm.calibrationProperty().addListener((o, was, now) -> showPerClass(now));
        vm.classes.addListener((o, was, now) -> showPerClass(vm.calibrationProperty().get()));
        drawBins();
        showPerClass(vm.calibrationProperty().get());
    }

    private void drawBins() {
        Calibration c = vm.calibrationProperty().get();
        afterTemperature.setDisable(!vm.hasTemperature());
        String heading = c == null ? "" : vm.afterTemperature.get() && vm.hasTemperature()
                ? String.format(java.util.Locale.ROOT, "After temperature T = %.3f: ECE %.4f", c.temperature(), c.eceAfterTemperature())
                : String.format(java.util.Locale.ROOT, "Reliability: ECE %.4f over %s", c.ece(), io.focalscope.report.Plural.of(c.bins(), "bin"));
        chart.show(vm.shownBinsBinding().get(), heading, c != null && Calibration.SIGMOID.equals(c.meaning()));
    }

    private void showPerClass(Calibration c) {
        drawBins();
        if (c == null) {
            perClass.getData().clear();
            return;
        }
        ClassSet set = vm.classes.get();
        if (set == null || set.size() < c.perClassEce().length) {
            set = ClassSet.numbered(c.perClassEce().length);
        }
        XYChart.Series<String, Number> s = new XYChart.Series<>();
        s.setName("ECE");
        List<String> names = new ArrayList<>();
        for (int k = 0; k < c.perClassEce().length; k++) {
            String name = set.name(k);
            names.add(name);
            double v = c.perClassEce()[k];
            s.getData().add(new XYChart.Data<>(name, Double.isFinite(v) ? v : 0));
        }
        CategoryAxis x = (CategoryAxis) perClass.getXAxis();
        x.setAutoRanging(false);
        x.setTickLabelRotation(-90);
        x.setCategories(javafx.collections.FXCollections.observableArrayList(names));
        x.invalidateRange(names);
        perClass.getData().setAll(List.of(s));
        ClassSet colours = set;
        ChartParts.colourBars(s, i -> colours.color(i));
    }
}
