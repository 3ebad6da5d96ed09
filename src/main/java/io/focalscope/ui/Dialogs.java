package io.focalscope.ui;

import io.focalscope.Versions;
import io.focalscope.ui.settings.AppPreferences;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.scene.control.Alert;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

/**
 * The window's dialogs: an error's message, Help ▸ About, and the file choosers, which open in the
 * last folder used; a file opened or saved through {@link #open} or {@link #save} makes its folder
 * the last one.
 */
final class Dialogs {

    private final Stage owner;
    private final AppPreferences prefs;

    Dialogs(Stage owner, AppPreferences prefs) {
        this.owner = owner;
        this.prefs = prefs;
    }

    void error(String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR, message);
        alert.setHeaderText("focalscope");
        alert.setTitle("focalscope");
        alert.initOwner(owner);
        alert.show();
    }

    /** @param backend the engine and ND4J's backend, as the view model describes them */
    void about(String backend) {
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.setTitle("About focalscope");
        a.setHeaderText("focalscope " + Versions.focalscope());
        a.setContentText("Per-pixel focal loss for semantic segmentation.\n\n" + backend + "\nJavaFX " + Versions.javafx()
                + ", Java " + System.getProperty("java.version"));
        a.initOwner(owner);
        a.show();
    }

    /** Files picked together, or an empty list where the dialog was cancelled. */
    List<Path> openFiles(String title, String... patterns) {
        List<File> f = chooser(title, patterns).showOpenMultipleDialog(owner);
        return f == null ? List.of() : f.stream().map(File::toPath).toList();
    }

    /** A file picked, or null where the dialog was cancelled. */
    Path openFile(String title, String... patterns) {
        File f = chooser(title, patterns).showOpenDialog(owner);
        return f == null ? null : f.toPath();
    }

    /** Opens a picked file with {@code then}; its folder becomes the last one. */
    void open(String title, Consumer<Path> then, String... patterns) {
        Path f = openFile(title, patterns);
        if (f != null) {
            prefs.lastFolder(f.toAbsolutePath().getParent());
            then.accept(f);
        }
    }

    /** A save dialog that suggests a name such as {@code demo_focal_gamma2.png}. */
    void save(String title, String suggestedName, Consumer<Path> then) {
        FileChooser c = chooser(title, "*" + suggestedName.substring(suggestedName.lastIndexOf('.')));
        c.setInitialFileName(suggestedName);
        File f = c.showSaveDialog(owner);
        if (f != null) {
            prefs.lastFolder(f.toPath().toAbsolutePath().getParent());
            then.accept(f.toPath());
        }
    }

    /** A folder picked, or null where the dialog was cancelled. */
    Path openFolder(String title) {
        DirectoryChooser c = new DirectoryChooser();
        c.setTitle(title);
        Path last = prefs.lastFolder();
        if (last != null) {
            c.setInitialDirectory(last.toFile());
        }
        File f = c.showDialog(owner);
        return f == null ? null : f.toPath();
    }

    private FileChooser chooser(String title, String... patterns) {
        FileChooser c = new FileChooser();
        c.setTitle(title);
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter(title, patterns));
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter("All files", "*"));
        Path last = prefs.lastFolder();
        if (last != null) {
            c.setInitialDirectory(last.toFile());
        }
        return c;
    }
}
