package io.focalscope.ui.training;

import io.focalscope.dynamics.EpochSource;
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
 * Opening a training run: a folder (chosen in the window's folder chooser) with its labels folder
 * (DIR/labels where it exists, shown and editable; Follow runs again with it), or a CSV list (its
 * rows name the labels), and the run's progress, cancel and message.
 */
final class RunControls extends VBox {

    final Button open = new Button("Open training run…");
    final Button openList = new Button("From a list…");
    private static final String NONE_OPEN = "No training run open";
    final Label folder = new Label(NONE_OPEN);
    final TextField labels = new TextField();
    final Button follow = new Button("Follow");
    private final TrainingViewModel vm;
    private EpochSource source;

    /**
     * @param chooseFolder asks for a run folder; null where none was chosen
     * @param chooseList   asks for a run's CSV list; null where none was chosen
     */
    RunControls(TrainingViewModel vm, Function<String, Path> chooseFolder, Function<String, Path> chooseList) {
        super(6);
        this.vm = vm;
        open.setId("training-open");
        open.setOnAction(e -> {
            Path chosen = chooseFolder.apply("Training run (one sub-folder per epoch)");
            if (chosen != null) {
                openRun(new EpochSource.Folder(chosen, TrainingViewModel.suggestedLabels(chosen)));
            }
        });
        openList.setId("training-open-list");
        openList.setTooltip(new Tooltip("A CSV with the header epoch,logits,labels: a row per image and epoch, paths relative to it"));
        openList.setOnAction(e -> {
            Path chosen = chooseList.apply("Training run list (CSV with the header epoch,logits,labels)");
            if (chosen != null) {
                openRun(new EpochSource.CsvList(chosen));
            }
        });
        HBox openRow = new HBox(6, open, openList);
        openRow.setAlignment(Pos.CENTER_LEFT);
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
            if (source instanceof EpochSource.Folder f) {
                vm.open(new EpochSource.Folder(f.folder(), labels.getText().isBlank() ? null : Path.of(labels.getText().trim()),
                        f.logitsSuffix(), f.labelsSuffixes()));
            } else if (source != null) {
                vm.open(source);
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
        getChildren().addAll(openRow, folder, new Label("Labels folder"), labelsRow, progressRow, message);
        vm.runProperty().addListener((o, was, now) -> show(now));
        vm.runningProperty().addListener((o, was, now) -> {
            if (!now) {
                failed();
            }
        });
    }

    /**
     * Follows a run: a folder with its labels folder (or none), or a list, whose rows name the labels.
     * The fields show it at once, so that a run that fails for want of its labels folder can be given
     * one and followed with Follow; the figures stay those of the last run followed.
     */
    void openRun(EpochSource run) {
        show(run);
        vm.openLowestWhenDone(); // a new run's image in the inspector, whether from the menu or the tab's buttons
        vm.open(run);
    }

    /**
     * Once a run asked for has failed: a folder stays in the fields, as its labels folder may be what
     * it wants; a list gives them back to the run shown, as nothing in them would change it.
     */
    private void failed() {
        EpochSource shown = vm.runProperty().get();
        if (source instanceof EpochSource.CsvList && shown != source) {
            show(shown);
        } else if (source != null && shown != null && !source.equals(shown)) {
            // the fields name the run asked for; the figures below are still another's: say whose
            folder.setText("Run: " + source.path() + " (not followed; shown: " + (shown.path().equals(source.path())
                    && shown instanceof EpochSource.Folder f ? "its run with the labels folder " + (f.labels() == null ? "none" : f.labels())
                    : shown.path()) + ")");
        }
    }

    /** The run last asked for, in the fields; Follow follows it again. */
    private void show(EpochSource run) {
        source = run;
        if (run == null) {
            folder.setText(NONE_OPEN);
            labels.setDisable(false);
            labels.setText("");
            return;
        }
        boolean list = run instanceof EpochSource.CsvList;
        folder.setText((list ? "List: " : "Run: ") + run.path());
        labels.setDisable(list);
        labels.setText(run instanceof EpochSource.Folder f && f.labels() != null ? f.labels().toString() : "");
        labels.setPromptText(list ? "the list's rows name the labels" : "none: each epoch folder holds its labels");
    }
}
