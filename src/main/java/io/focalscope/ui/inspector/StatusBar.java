package io.focalscope.ui.inspector;

import io.focalscope.ui.map.PixelReadout;
import io.focalscope.ui.settings.Controls;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** The hover readout, and the progress of loading and computing. */
public final class StatusBar extends HBox {

    public final Label readout = new Label(PixelReadout.HINT);
    private final ProgressBar progress = new ProgressBar();
    private final Label message = new Label();

    public StatusBar(InspectorViewModel vm) {
        setSpacing(10);
        setPadding(new Insets(4, 8, 4, 8));
        setAlignment(Pos.CENTER_LEFT);
        readout.setId("readout");
        readout.setMaxWidth(Double.MAX_VALUE);
        // a long readout wraps onto a second line in a narrow window instead of losing its end; the
        // bar is two lines high whatever the text, so that the map above it never resizes (and moves
        // under the mouse) as the readout changes
        readout.setWrapText(true);
        readout.setStyle("-fx-min-height: 2.7em; -fx-pref-height: 2.7em; -fx-max-height: 2.7em;");
        Controls.withTooltip(readout);
        HBox.setHgrow(readout, Priority.ALWAYS);
        progress.setPrefWidth(140);
        progress.progressProperty().bind(vm.opening.progressProperty());
        progress.visibleProperty().bind(vm.opening.busyProperty());
        message.textProperty().bind(vm.opening.messageProperty());
        message.visibleProperty().bind(vm.opening.busyProperty());
        getChildren().addAll(readout, message, progress);
        getStyleClass().add("status-bar");
    }
}
