package io.focalscope.ui.inspector;

import io.focalscope.render.Ticks;
import io.focalscope.ui.charts.ChartData;
import io.focalscope.ui.charts.ChartsViewModel;
import io.focalscope.ui.map.MapViewModel;
import io.focalscope.ui.settings.Controls;
import java.util.List;
import java.util.stream.IntStream;
import javafx.beans.binding.Bindings;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.layout.VBox;

/** The sample selector of a batch, hardest (highest mean focal loss) first unless asked otherwise. */
public final class SampleControls extends VBox {

    final ComboBox<SampleItem> samples = new ComboBox<>();
    private final MapViewModel map;
    private final ChartsViewModel charts;

    /** A sample in the selector, with its mean focal loss. */
    record SampleItem(int index, double meanLoss) {
        @Override
        public String toString() {
            return "sample " + index + "  (mean focal " + Ticks.label(meanLoss) + ")";
        }
    }

    public SampleControls(InspectorViewModel vm) {
        this.map = vm.map;
        this.charts = vm.charts;
        setSpacing(4);
        samples.setMaxWidth(Double.MAX_VALUE);
        samples.setId("samples");
        CheckBox hardest = new CheckBox("Hardest first");
        hardest.selectedProperty().bindBidirectional(map.hardestFirst);
        getChildren().add(Controls.section("Samples", true, "samples-section", samples, hardest));
        visibleProperty().bind(Bindings.createBooleanBinding(
                () -> vm.datasetProperty().get() != null && vm.datasetProperty().get().batch().samples() > 1, vm.datasetProperty()));
        managedProperty().bind(visibleProperty());
        refresh(); // made after a file opened (a start's window)
        charts.dataProperty().addListener((o, a, b) -> refresh());
        map.hardestFirst.addListener((o, a, b) -> refresh());
        map.sample.addListener((o, a, b) -> select());
        samples.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                map.sample.set(b.index());
            }
        });
    }

    /** The items in order (the order comes sorted from the worker); set again only when they change. */
    private void refresh() {
        ChartData c = charts.dataProperty().get();
        if (c == null) {
            return;
        }
        int[] order = map.hardestFirst.get() ? c.hardestFirst() : IntStream.range(0, c.sampleMeanLoss().length).toArray();
        List<SampleItem> items = IntStream.of(order).mapToObj(n -> new SampleItem(n, c.sampleMeanLoss()[n])).toList();
        if (!items.equals(samples.getItems())) {
            samples.getItems().setAll(items);
        }
        select();
    }

    private void select() {
        int current = map.sample.get();
        samples.getItems().stream().filter(s -> s.index() == current).findFirst().ifPresent(samples::setValue);
    }
}
