package io.focalscope.ui.training;

import java.nio.file.Path;
import java.util.function.Function;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Opening a training run: the folder (chosen in the window's folder chooser), its labels folder
 * (DIR/labels where it exists, shown and editable; Follow runs again with it), and the run's
 * progress, cancel and message.
 */
final class RunControls extends VBox {

    final Button open = new Button("Open training run…");
    final Label folder = new Label("No training run open");
    final TextField labels = new TextField();
    final Button follow = new Button("Follow");
    private final TrainingViewModel vm;
    private Path runFolder;

    /** @param chooseFolder asks for a run folder; null where none was chosen */
    RunControls(TrainingViewModel vm, Function<String, Path> chooseFolder) {
        super(6);
        this.vm = vm;
        open.setId("training-open");
        open.setOnAction(e -> {
            Path chosen = chooseFolder.apply("Training run (one sub-folder per epoch)");
            if (chosen != null) {
                openRun(chosen, TrainingViewModel.suggestedLabels(chosen));
            }
        });
        folder.setId("training-folder");
        folder.setWrapText(true);
        labels.setId("training-labels");
        labels.setPromptText("none: each epoch folder holds its labels");
        labels.setTooltip(new Tooltip("The labels of every epoch, paired with each epoch's logits by file name (DIR/labels where"
                + " it exists); edit it and Follow to run again"));
        HBox.setHgrow(labels, Priority.ALWAYS);
        follow.setId("training-follow");
        follow.setTooltip(new Tooltip("Follow the run again, with this labels folder and the inspector's settings"));
        follow.setOnAction(e -> {
            if (runFolder != null) {
                vm.open(runFolder, labels.getText().isBlank() ? null : Path.of(labels.getText().trim()));
            }
        });
        follow.disableProperty().bind(vm.runningProperty());
        HBox labelsRow = new HBox(6, labels, follow);
        labelsRow.setAlignment(Pos.CENTER_LEFT);
        ProgressBar progress = new ProgressBar();
        progress.setId("training-progress");
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.runningProperty());
        progress.managedProperty().bind(vm.runningProperty());
        progress.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(progress, Priority.ALWAYS);
        Button cancel = new Button("Cancel");
        cancel.setId("training-cancel");
        cancel.visibleProperty().bind(vm.runningProperty());
        cancel.managedProperty().bind(vm.runningProperty());
        cancel.setOnAction(e -> vm.cancel());
        HBox progressRow = new HBox(6, progress, cancel);
        progressRow.setAlignment(Pos.CENTER_LEFT);
        Label message = new Label();
        message.setId("training-message");
        message.textProperty().bind(vm.messageProperty());
        message.setWrapText(true);
        getChildren().addAll(open, folder, new Label("Labels folder"), labelsRow, progressRow, message);
    }

    /** Follows a run folder with a labels folder (or none), shown in the fields. */
    void openRun(Path run, Path labelsFolder) {
        runFolder = run;
        folder.setText("Run: " + run);
        labels.setText(labelsFolder == null ? "" : labelsFolder.toString());
        vm.open(run, labelsFolder);
    }
}
