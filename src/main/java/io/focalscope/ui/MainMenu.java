package io.focalscope.ui;

import io.focalscope.demo.Assets;
import io.focalscope.session.DatasetLoader;
import io.focalscope.ui.export.ExportViewModel;
import io.focalscope.ui.inspector.InspectorViewModel;
import io.focalscope.ui.map.MapViewModel;
import io.focalscope.ui.settings.AppPreferences;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCombination;

/** The window's menus: File (open, recent, datasets, exports, quit), View (zoom, γ, side by side, theme) and Help. */
final class MainMenu extends MenuBar {

    /** File ▸ the item that follows a run from a CSV list. */
    static final String TRAINING_LIST = "Open training run from a list…";
    static final String RUN_FOLDER = "Training run (one sub-folder per epoch, labels in each or in DIR/labels)";
    static final String RUN_LIST = "Training run list (CSV with the header epoch,logits,labels)";

    private final Menu recent = new Menu("Open recent");
    private final AppPreferences prefs;
    private final Consumer<List<Path>> open;

    /**
     * @param open        opens files together, as a drop on the window does
     * @param openDataset scans a dataset folder, list or summary in the Dataset tab
     * @param openTraining follows a training run, a folder (its labels folder found there) or a list, in the Training tab
     * @param dark        whether the theme is dark
     * @param quit        closes the window
     */
    MainMenu(InspectorViewModel vm, Dialogs dialogs, AppPreferences prefs, Consumer<List<Path>> open, Consumer<Path> openDataset,
             Consumer<io.focalscope.dynamics.EpochSource> openTraining, BooleanProperty dark, Runnable quit) {
        this.prefs = prefs;
        this.open = open;
        Menu file = new Menu("_File");
        MenuItem files = item("Open logits and labels…", "Shortcut+O", () -> {
            List<Path> f = dialogs.openFiles("Open the logits and the labels together (and a picture, class list)",
                    "*.npy", "*.npz", "*.png", "*.jpg", "*.jpeg", "*.json", "*.csv");
            if (!f.isEmpty()) {
                open.accept(f);
            }
        });
        MenuItem picture = item("Open picture…", null, () -> dialogs.open("Picture", vm::openImage, "*.png", "*.jpg", "*.jpeg"));
        MenuItem classes = item("Open class list…", null, () -> dialogs.open("Class list", vm::openClasses, "*.json", "*.csv"));
        Menu presets = new Menu("Class presets");
        DatasetLoader.PRESETS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(p ->
                presets.getItems().add(item(p.getValue(), null, () -> vm.openClasses(Assets.classPreset(p.getKey())))));
        MenuItem demo = item("Open the demo", null, vm::openDemo);
        MenuItem dataset = item("Open dataset…", "Shortcut+Shift+O", () -> {
            Path f = dialogs.openFolder("Dataset folder (.npz images, or NAME_logits.npy + NAME_labels.png|.npy pairs)");
            if (f != null) {
                openDataset.accept(f);
            }
        });
        MenuItem datasetList = item("Open dataset list or summary…", null,
                () -> dialogs.open("Dataset list (CSV with the header logits,labels) or a scan's summary.json", openDataset,
                        "*.csv", "*.json"));
        MenuItem training = item("Open training run…", null, () -> {
            Path f = dialogs.openFolder(RUN_FOLDER);
            if (f != null) {
                openTraining.accept(new io.focalscope.dynamics.EpochSource.Folder(f,
                        io.focalscope.ui.training.TrainingViewModel.suggestedLabels(f)));
            }
        });
        MenuItem trainingList = item(TRAINING_LIST, null, () -> dialogs.open(RUN_LIST,
                f -> openTraining.accept(new io.focalscope.dynamics.EpochSource.CsvList(f)), "*.csv"));
        refreshRecent();
        ExportViewModel exports = vm.exports;
        MenuItem png = item("Export view as PNG…", "Shortcut+E",
                () -> dialogs.save("View", exports.exportName(true, "png"), exports::exportView));
        MenuItem whole = item("Export map at 1:1 as PNG…", null,
                () -> dialogs.save("Map at 1:1", exports.exportName(true, "_1to1", "png"), exports::exportWholeMap));
        MenuItem npy = item("Export map as .npy…", null,
                () -> dialogs.save("Per-pixel map", exports.exportName(true, "npy"), exports::exportMap));
        MenuItem csv = item("Export class figures as CSV…", null,
                () -> dialogs.save("Class figures", exports.exportName(false, "csv"), exports::exportClassFigures));
        MenuItem json = item("Export summary as JSON…", null,
                () -> dialogs.save("Summary", exports.exportName(false, "json"), exports::exportSummary));
        MenuItem quitItem = item("Quit", "Shortcut+Q", quit);
        file.getItems().addAll(files, picture, classes, presets, recent, demo, new SeparatorMenuItem(), dataset, datasetList, training,
                trainingList, new SeparatorMenuItem(), png, whole, npy, csv, json,
                new SeparatorMenuItem(), quitItem);

        Menu view = new Menu("_View");
        MapViewModel map = vm.map;
        MenuItem fit = item("Fit", "Shortcut+0", map::fit);
        MenuItem actual = item("Actual size (1:1)", "Shortcut+1", map::actualSize);
        MenuItem in = item("Zoom in", "Shortcut+Equals", () -> map.zoomBy(1.25));
        MenuItem out = item("Zoom out", "Shortcut+Minus", () -> map.zoomBy(0.8));
        MenuItem up = item("γ + 0.1", "Shortcut+Up", () -> vm.loss.stepGamma(0.1));
        MenuItem down = item("γ − 0.1", "Shortcut+Down", () -> vm.loss.stepGamma(-0.1));
        CheckMenuItem side = new CheckMenuItem("Side by side");
        side.setAccelerator(KeyCombination.keyCombination("Shortcut+D"));
        side.selectedProperty().bindBidirectional(vm.compare.sideBySide);
        CheckMenuItem darkItem = new CheckMenuItem("Dark theme");
        darkItem.selectedProperty().bindBidirectional(dark);
        view.getItems().addAll(fit, actual, in, out, new SeparatorMenuItem(), up, down, side, darkItem);

        Menu help = new Menu("_Help");
        help.getItems().add(item("About focalscope", null, () -> vm.describeBackend(dialogs::about)));
        getMenus().addAll(file, view, help);
    }

    /** File ▸ Open recent: the remembered openings, newest first. */
    void refreshRecent() {
        recent.getItems().clear();
        for (List<String> files : prefs.recent()) {
            recent.getItems().add(item(AppPreferences.recentLabel(files), null, () -> open.accept(files.stream().map(Path::of).toList())));
        }
        recent.setDisable(recent.getItems().isEmpty());
    }

    private static MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem m = new MenuItem(text);
        m.setMnemonicParsing(false); // file names: an underscore is a character, not the key's mark
        if (accelerator != null) {
            m.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        m.setOnAction(e -> action.run());
        return m;
    }
}
