package io.focalscope.ui.map;

import static io.focalscope.ui.settings.Controls.combo;
import static io.focalscope.ui.settings.Controls.row;

import io.focalscope.render.Colormap;
import io.focalscope.render.Frame;
import io.focalscope.render.MapLayer;
import io.focalscope.render.Range;
import io.focalscope.render.Scale;
import io.focalscope.render.Ticks;
import io.focalscope.ui.settings.Controls;
import java.util.Arrays;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * How the map is drawn: layer, colormap, scale, and the colour range, automatic (between two
 * percentiles, adjustable) or fixed (dragged on a slider over the data's whole extent, log-spaced
 * on a log scale, or typed); the range in use is always shown.
 */
public final class MapControls extends VBox {

    final ComboBox<MapLayer> layer;
    public final CheckBox auto = new CheckBox("Automatic range");
    final javafx.scene.control.Button refit = new javafx.scene.control.Button("Refit");
    public final RangeSlider range = new RangeSlider();
    final TextField lowField;
    final TextField highField;
    final Label rangeInUse = new Label();
    private final MapViewModel map;

    public MapControls(MapViewModel map) {
        this.map = map;
        setSpacing(6);
        // the γ₂ / γ₁ change is the second pane's, shown side by side
        layer = combo(Arrays.stream(MapLayer.values()).filter(l -> !l.needsSecondGamma()).toArray(MapLayer[]::new), map.layer);
        layer.setId("layer");
        layer.setCellFactory(list -> new LayerCell(map));
        lowField = Controls.committing("range-low", 8, text -> map.setRange(Controls.parse(text), shown().hi()),
                () -> Ticks.label(shown().lo()));
        highField = Controls.committing("range-high", 8, text -> map.setRange(shown().lo(), Controls.parse(text)),
                () -> Ticks.label(shown().hi()));
        createView();
        initListeners();
    }

    private void createView() {
        ComboBox<Colormap> colormap = combo(Colormap.values(), map.colormap);
        ComboBox<Scale> scale = combo(Scale.values(), map.scale);
        scale.setId("scale");
        auto.setId("auto-range");
        auto.selectedProperty().bindBidirectional(map.autoRange);
        refit.setId("refit-range");
        refit.setOnAction(e -> map.refitRange());
        refit.setTooltip(new javafx.scene.control.Tooltip("Refit range: find the automatic range again from the map on screen. It is found"
                + " when a file, layer, sample or activation opens and then held while γ moves, so that γ's effect shows as colour."));
        auto.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        refit.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox autoRow = new HBox(8, auto, refit);
        autoRow.setAlignment(Pos.CENTER_LEFT);
        TextField lowPercentile = Controls.committing("low-percentile", 4,
                text -> map.setPercentiles(Controls.parse(text), map.highPercentile.get()), () -> Ticks.label(map.lowPercentile.get()));
        TextField highPercentile = Controls.committing("high-percentile", 4,
                text -> map.setPercentiles(map.lowPercentile.get(), Controls.parse(text)), () -> Ticks.label(map.highPercentile.get()));
        HBox between = new HBox(4, lowPercentile, Controls.word("to"), highPercentile);
        between.setAlignment(Pos.CENTER_LEFT);
        HBox percentiles = row("Percentiles", between);
        percentiles.disableProperty().bind(map.autoRange.not());
        range.setId("range-slider");
        range.setOnDragged(map::setRange);
        HBox ends = new HBox(4, lowField, Controls.word("to"), highField);
        ends.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(lowField, Priority.ALWAYS);
        HBox.setHgrow(highField, Priority.ALWAYS);
        // above its fields, not beside them: beside, each field had room for "2.3e-" of 2.3e-10
        javafx.scene.layout.VBox limits = Controls.stackedRow("Range", ends);
        rangeInUse.setId("range-in-use");
        rangeInUse.textProperty().bind(map.rangeTextBinding());
        rangeInUse.setWrapText(true);
        Controls.withTooltip(rangeInUse);
        VBox rangeBox = new VBox(4, autoRow, percentiles, range, limits, rangeInUse);
        rangeBox.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> map.layer.get().isCategorical(),
                map.layer));
        // the "confident but wrong" layer's threshold on the top-label confidence, shown with that layer
        javafx.scene.control.Spinner<Double> threshold = new javafx.scene.control.Spinner<>(
                new javafx.scene.control.SpinnerValueFactory.DoubleSpinnerValueFactory(0, 1, map.confidentThreshold.get(), 0.05));
        threshold.setEditable(true);
        threshold.setPrefWidth(90);
        threshold.setId("confident-threshold");
        Controls.bindSpinner(threshold, map.confidentThreshold);
        HBox thresholdRow = row("Confidence above", threshold);
        thresholdRow.setId("confident-threshold-row");
        javafx.scene.control.Tooltip.install(thresholdRow, new javafx.scene.control.Tooltip("Confident but wrong: the pixels whose"
                + " top-label confidence (max softmax) is above this and whose predicted class is not their label"));
        thresholdRow.visibleProperty().bind(map.layer.isEqualTo(MapLayer.CONFIDENT_WRONG));
        thresholdRow.managedProperty().bind(thresholdRow.visibleProperty());
        Slider opacity = new Slider(0, 1, map.opacity.get());
        opacity.valueProperty().bindBidirectional(map.opacity);
        opacity.disableProperty().bind(map.image.isNull());
        // the layers' names run to 26 characters ("Error (prediction ≠ label)"): beside the label, the combo
        // showed about 13 of them ("Confidence o…"); the full name is also its tooltip, for a narrowed panel
        javafx.scene.control.Tooltip layerName = new javafx.scene.control.Tooltip();
        layerName.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> map.layer.get() == null ? "" : map.layer.get().toString(), map.layer));
        layer.setTooltip(layerName);
        getChildren().add(Controls.section("Map", true, "map-section", Controls.stackedRow("Layer", layer), row("Colormap", colormap),
                row("Scale", scale), thresholdRow, rangeBox, new Label("Opacity over the picture"), opacity));
    }

    private void initListeners() {
        showRange(); // made after the first map (a start's window)
        map.framesProperty().addListener((o, a, b) -> showRange());
        map.autoRange.addListener((o, a, b) -> showRange());
        map.rangeLo.addListener((o, a, b) -> showRange());
        map.rangeHi.addListener((o, a, b) -> showRange());
    }

    /** The range on screen: the automatic one, or the fixed one once it is drawn. */
    private Range shown() {
        FrameRequest.Frames f = map.framesProperty().get();
        if (!map.autoRange.get()) {
            return new Range(map.rangeLo.get(), map.rangeHi.get());
        }
        return f == null ? new Range(map.rangeLo.get(), map.rangeHi.get()) : f.primary().range();
    }

    /** The slider over the data's whole extent (and the range, where it reaches beyond), its thumbs on the range in use. */
    private void showRange() {
        FrameRequest.Frames f = map.framesProperty().get();
        if (f == null) {
            return;
        }
        Frame primary = f.primary();
        Range now = shown();
        Range data = primary.dataRange();
        range.log.set(primary.view().scale() == Scale.LOG);
        range.min.set(Math.min(data.lo(), now.lo()));
        range.max.set(Math.max(data.hi(), now.hi()));
        range.low.set(now.lo());
        range.high.set(now.hi());
        if (!lowField.isFocused()) {
            lowField.setText(Ticks.label(now.lo()));
        }
        if (!highField.isFocused()) {
            highField.setText(Ticks.label(now.hi()));
        }
    }

    /**
     * A layer in the list; the data-map layers greyed out while the open file has none, their reason
     * in the text (a disabled cell shows no tooltip).
     */
    private static final class LayerCell extends javafx.scene.control.ListCell<MapLayer> {

        private final MapViewModel map;

        LayerCell(MapViewModel map) {
            this.map = map;
            disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(() -> getItem() != null
                    && getItem().needsDataMaps() && !map.dataMapsAvailable.get(), itemProperty(), map.dataMapsAvailable));
            disableProperty().addListener((o, was, now) -> showText());
        }

        @Override
        protected void updateItem(MapLayer item, boolean empty) {
            super.updateItem(item, empty);
            showText();
        }

        private void showText() {
            MapLayer item = getItem();
            setText(isEmpty() || item == null ? null : isDisabled() ? item + " (" + map.dataMapsReason.get() + ")" : item.toString());
            setOpacity(isDisabled() ? 0.55 : 1); // a list cell in a popup is not dimmed when disabled
        }
    }
}
