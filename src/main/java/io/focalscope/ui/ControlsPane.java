package io.focalscope.ui;

import io.focalscope.classes.ClassSet;
import io.focalscope.loss.LossForm;
import io.focalscope.loss.Reduction;
import io.focalscope.render.Colormap;
import io.focalscope.render.MapLayer;
import io.focalscope.render.Range;
import io.focalscope.render.Scale;
import io.focalscope.render.Ticks;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import javafx.beans.property.DoubleProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;

/** The controls on the left: loss settings, how the map is drawn, samples and classes. */
final class ControlsPane extends VBox {

    private final InspectorViewModel vm;
    private final Supplier<Range> shownRange;
    final Slider gammaSlider = new Slider(0, 5, 2);
    final Spinner<Double> gammaSpinner = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(0, 50, 2, 0.1));
    final ComboBox<WeightChoice> weights = new ComboBox<>();
    final ComboBox<SampleItem> samples = new ComboBox<>();
    final ListView<Integer> classList = new ListView<>();
    private Runnable chooseWeightsFile = () -> { };

    /** A sample in the selector, with its mean focal loss. */
    record SampleItem(int index, double meanLoss) {
        @Override
        public String toString() {
            return "sample " + index + "  (mean focal " + Ticks.label(meanLoss) + ")";
        }
    }

    ControlsPane(InspectorViewModel vm, Supplier<Range> shownRange) {
        this.vm = vm;
        this.shownRange = shownRange;
        setSpacing(6);
        setPadding(new Insets(10));
        setPrefWidth(270);
        getChildren().addAll(lossSection());
        getChildren().addAll(mapSection());
        getChildren().addAll(sampleSection());
        getChildren().addAll(classSection());
    }

    void setOnChooseWeightsFile(Runnable r) {
        chooseWeightsFile = r;
    }

    // ---- loss ------------------------------------------------------------------------------

    private List<Node> lossSection() {
        gammaSlider.setShowTickLabels(true);
        gammaSlider.setShowTickMarks(true);
        gammaSlider.setMajorTickUnit(1);
        gammaSlider.setBlockIncrement(0.1);
        gammaSlider.setId("gamma-slider");
        gammaSlider.valueProperty().bindBidirectional(vm.gamma);
        vm.gammaChanging.bind(gammaSlider.valueChangingProperty());
        gammaSpinner.setEditable(true);
        gammaSpinner.setPrefWidth(90);
        gammaSpinner.setId("gamma-spinner");
        bindSpinner(gammaSpinner, vm.gamma);

        Slider second = new Slider(0, 5, 0);
        second.setShowTickLabels(true);
        second.setMajorTickUnit(1);
        second.valueProperty().bindBidirectional(vm.secondGamma);
        CheckBox sideBySide = new CheckBox("Second pane with its own γ");
        sideBySide.selectedProperty().bindBidirectional(vm.sideBySide);
        Label secondLabel = new Label();
        secondLabel.textProperty().bind(vm.secondGamma.asString("γ₂ = %.2f"));
        CheckBox separate = new CheckBox("Separate colour scales");
        separate.setId("separate-scales");
        separate.selectedProperty().bindBidirectional(vm.separateScales);
        VBox secondBox = new VBox(2, secondLabel, second, separate);
        secondBox.visibleProperty().bind(vm.sideBySide);
        secondBox.managedProperty().bind(vm.sideBySide);

        weights.getItems().setAll(WeightChoice.values());
        weights.setId("weights");
        weights.setMaxWidth(Double.MAX_VALUE);
        weights.valueProperty().bindBidirectional(vm.weightChoice);
        weights.valueProperty().addListener((o, a, b) -> {
            if (b == WeightChoice.FILE) {
                chooseWeightsFile.run();
            }
        });
        Spinner<Double> enetC = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(1.001, 2.0, 1.10, 0.01));
        enetC.setEditable(true);
        bindSpinner(enetC, vm.enetC);
        HBox enetRow = row("c", enetC);
        enetRow.visibleProperty().bind(vm.weightChoice.isEqualTo(WeightChoice.ENET));
        enetRow.managedProperty().bind(enetRow.visibleProperty());
        TextField beta = new TextField(String.valueOf(vm.beta.get()));
        beta.setOnAction(e -> commitDouble(beta, vm.beta));
        beta.focusedProperty().addListener((o, a, focused) -> {
            if (!focused) {
                commitDouble(beta, vm.beta);
            }
        });
        HBox betaRow = row("β", beta);
        betaRow.visibleProperty().bind(vm.weightChoice.isEqualTo(WeightChoice.EFFECTIVE));
        betaRow.managedProperty().bind(betaRow.visibleProperty());
        Label file = new Label();
        file.textProperty().bind(vm.weightsFile.asString());
        file.visibleProperty().bind(vm.weightChoice.isEqualTo(WeightChoice.FILE));
        file.managedProperty().bind(file.visibleProperty());

        TextField ignore = new TextField();
        ignore.setId("ignore-index");
        ignore.setText(vm.ignoreIndex.get());
        ignore.setPrefColumnCount(5);
        ignore.setOnAction(e -> vm.ignoreIndex.set(ignore.getText()));
        vm.ignoreIndex.addListener((o, a, now) -> ignore.setText(now)); // the view model may set it back
        ignore.focusedProperty().addListener((o, a, focused) -> {
            if (!focused) {
                vm.ignoreIndex.set(ignore.getText());
            }
        });
        ComboBox<Reduction> reduction = combo(Reduction.values(), vm.reduction);
        ComboBox<LossForm> form = combo(LossForm.values(), vm.form);

        return List.of(heading("Focal loss"), row("γ", gammaSpinner), gammaSlider, sideBySide, secondBox,
                new Label("Class weights"), weights, enetRow, betaRow, file,
                row("Ignore index", ignore), row("Reduction", reduction), row("Shown form", form));
    }

    // ---- map -------------------------------------------------------------------------------

    private List<Node> mapSection() {
        ComboBox<MapLayer> layer = combo(MapLayer.values(), vm.layer);
        layer.setId("layer");
        ComboBox<Colormap> colormap = combo(Colormap.values(), vm.colormap);
        ComboBox<Scale> scale = combo(Scale.values(), vm.scale);
        CheckBox auto = new CheckBox("Automatic range");
        auto.selectedProperty().bindBidirectional(vm.autoRange);
        RangeSlider range = new RangeSlider();
        range.low.bindBidirectional(vm.rangeLo);
        range.high.bindBidirectional(vm.rangeHi);
        Label rangeText = new Label();
        rangeText.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> Ticks.label(vm.rangeLo.get()) + " … " + Ticks.label(vm.rangeHi.get()), vm.rangeLo, vm.rangeHi));
        VBox fixed = new VBox(2, range, rangeText);
        fixed.disableProperty().bind(vm.autoRange);
        vm.autoRange.addListener((o, wasAuto, isAuto) -> {
            Range r = shownRange.get();
            if (!isAuto && r != null) {
                // start the fixed range where the automatic one was, on a track twice as long
                range.min.set(Math.min(0, r.lo()));
                range.max.set(r.hi() * 2);
                vm.rangeLo.set(r.lo());
                vm.rangeHi.set(r.hi());
            }
        });
        Slider opacity = new Slider(0, 1, vm.opacity.get());
        opacity.valueProperty().bindBidirectional(vm.opacity);
        opacity.disableProperty().bind(vm.image.isNull());
        return List.of(heading("Map"), row("Layer", layer), row("Colormap", colormap), row("Scale", scale), auto, fixed,
                new Label("Opacity over the picture"), opacity);
    }

    // ---- samples and classes -----------------------------------------------------------------

    private List<Node> sampleSection() {
        samples.setMaxWidth(Double.MAX_VALUE);
        samples.setId("samples");
        CheckBox hardest = new CheckBox("Hardest first");
        hardest.selectedProperty().bindBidirectional(vm.hardestFirst);
        VBox box = new VBox(4, heading("Samples"), samples, hardest);
        box.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> vm.datasetProperty().get() != null && vm.datasetProperty().get().batch().samples() > 1, vm.datasetProperty()));
        box.managedProperty().bind(box.visibleProperty());
        vm.evaluationProperty().addListener((o, a, b) -> refreshSamples());
        vm.hardestFirst.addListener((o, a, b) -> refreshSamples());
        samples.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.sample.set(b.index());
            }
        });
        return List.of(box);
    }

    private void refreshSamples() {
        Evaluation e = vm.evaluationProperty().get();
        if (e == null) {
            return;
        }
        double[] means = e.result().sampleMeanLoss();
        Comparator<SampleItem> order = vm.hardestFirst.get()
                ? Comparator.comparingDouble((SampleItem s) -> Double.isNaN(s.meanLoss()) ? Double.NEGATIVE_INFINITY : s.meanLoss()).reversed()
                : Comparator.comparingInt(SampleItem::index);
        List<SampleItem> items = IntStream.range(0, means.length).mapToObj(i -> new SampleItem(i, means[i])).sorted(order).toList();
        int current = vm.sample.get();
        samples.getItems().setAll(items);
        items.stream().filter(s -> s.index() == current).findFirst().ifPresent(samples::setValue);
    }

    private List<Node> classSection() {
        classList.setId("classes");
        classList.setPrefHeight(260);
        VBox.setVgrow(classList, Priority.ALWAYS);
        classList.setCellFactory(list -> new ClassCell());
        vm.classes.addListener((o, a, b) -> classList.getItems().setAll(
                b == null ? List.of() : IntStream.range(0, b.size()).boxed().toList()));
        Button all = new Button("Show all");
        all.setOnAction(e -> vm.hiddenClasses.clear());
        Button none = new Button("Hide all");
        none.setOnAction(e -> vm.hiddenClasses.addAll(classList.getItems()));
        return List.of(heading("Classes"), classList, new HBox(6, all, none));
    }

    /** A class with its colour and a check box that shows or hides it. */
    private final class ClassCell extends ListCell<Integer> {
        private final CheckBox box = new CheckBox();
        private final Rectangle swatch = new Rectangle(12, 12);

        ClassCell() {
            // a double click or the menu shows this class alone
            setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && getItem() != null) {
                    vm.showOnly(getItem());
                }
            });
            javafx.scene.control.MenuItem only = new javafx.scene.control.MenuItem("Show only this class");
            only.setOnAction(e -> {
                if (getItem() != null) {
                    vm.showOnly(getItem());
                }
            });
            setContextMenu(new javafx.scene.control.ContextMenu(only));
            setTooltip(new javafx.scene.control.Tooltip("Double-click: this class alone"));
            box.setOnAction(e -> {
                if (getItem() != null) {
                    if (box.isSelected()) {
                        vm.hiddenClasses.remove(getItem());
                    } else {
                        vm.hiddenClasses.add(getItem());
                    }
                }
            });
            vm.hiddenClasses.addListener((javafx.collections.SetChangeListener<Integer>) c -> refresh());
        }

        private void refresh() {
            if (getItem() != null) {
                box.setSelected(!vm.hiddenClasses.contains(getItem()));
            }
        }

        @Override
        protected void updateItem(Integer c, boolean empty) {
            super.updateItem(c, empty);
            if (empty || c == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            ClassSet set = vm.classes.get();
            swatch.setFill(Color.rgb((set.color(c) >> 16) & 0xff, (set.color(c) >> 8) & 0xff, set.color(c) & 0xff));
            box.setText(c + "  " + set.name(c));
            box.setSelected(!vm.hiddenClasses.contains(c));
            HBox g = new HBox(6, swatch, box);
            g.setAlignment(Pos.CENTER_LEFT);
            setGraphic(g);
            setText(null);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("title-4");
        l.setPadding(new Insets(8, 0, 0, 0));
        return l;
    }

    private static HBox row(String label, Node control) {
        Label l = new Label(label);
        l.setMinWidth(80);
        HBox box = new HBox(6, l, control);
        box.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(control, Priority.ALWAYS);
        return box;
    }

    private static <T> ComboBox<T> combo(T[] values, javafx.beans.property.ObjectProperty<T> property) {
        ComboBox<T> c = new ComboBox<>();
        c.getItems().setAll(values);
        c.valueProperty().bindBidirectional(property);
        c.setMaxWidth(Double.MAX_VALUE);
        return c;
    }

    /** Keeps a spinner and a double property in step both ways (a spinner's value cannot be bound directly). */
    private static void bindSpinner(Spinner<Double> spinner, DoubleProperty property) {
        spinner.getValueFactory().setValue(property.get());
        spinner.valueProperty().addListener((o, a, b) -> {
            if (b != null && Math.abs(b - property.get()) > 1e-12) {
                property.set(b);
            }
        });
        property.addListener((o, a, b) -> {
            if (Math.abs(b.doubleValue() - spinner.getValue()) > 1e-12) {
                spinner.getValueFactory().setValue(b.doubleValue());
            }
        });
    }

    private static void commitDouble(TextField field, DoubleProperty property) {
        try {
            property.set(Double.parseDouble(field.getText().trim()));
        } catch (NumberFormatException e) {
            field.setText(String.valueOf(property.get()));
        }
    }
}
