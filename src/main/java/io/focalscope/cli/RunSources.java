package io.focalscope.cli;

import io.focalscope.dynamics.EpochDiscovery;
import io.focalscope.dynamics.EpochSource;
import io.focalscope.io.InputException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** A training run as the commands take it: a folder (and its labels folder) or a CSV list, one of the two. */
final class RunSources {

    private RunSources() {
    }

    /**
     * @param command    the command, for messages
     * @param folderName how the command takes the folder, for messages: {@code a folder DIR}, {@code --run DIR}
     * @param labelsNote told where {@code DIR/labels} is taken because no labels folder is named; null to say nothing
     */
    static EpochSource of(String command, String folderName, Path folder, Path labelsFolder, Path list, String logitsSuffix,
                          List<String> labelsSuffixes, Consumer<String> labelsNote) {
        if (list != null && (folder != null || labelsFolder != null)) {
            throw new InputException(command + ": give " + folderName + " (with --labels-dir where the labels are kept apart) or"
                    + " --list FILE.csv, not both");
        }
        if (list == null && folder == null) {
            throw new InputException(command + ": give " + folderName + " with one sub-folder per epoch, or --list FILE.csv");
        }
        if (list != null) {
            return new EpochSource.CsvList(list);
        }
        Path labels = labelsFolder != null ? labelsFolder : EpochDiscovery.defaultLabels(folder);
        if (labelsFolder == null && labels != null && labelsNote != null) {
            // the layout tools/focalscope_dump.py writes, and what the window takes too
            labelsNote.accept("labels from " + labels + " (--labels-dir names another folder)");
        }
        return new EpochSource.Folder(folder, labels, logitsSuffix, labelsSuffixes);
    }
}
