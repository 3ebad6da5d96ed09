package io.focalscope.cli;

import io.focalscope.dynamics.ImageDynamics;
import io.focalscope.io.InputException;
import io.focalscope.options.EngineOption;
import io.focalscope.options.LossOptions;
import io.focalscope.ui.FocalscopeApp;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code focalscope open-dynamics}: the window, following a training run in its Training tab. */
@Command(name = "open-dynamics", mixinStandardHelpOptions = true,
        description = {"Opens the window on a training run and follows its epochs.",
                "The window follows DIR (one sub-folder per epoch, as 'dynamics' reads it) in its Training tab at the loss"
                        + " settings given, then opens the image with the lowest confidence at the last epoch: an epoch slider,"
                        + " the data-map layers and the images' cartography."})
final class OpenDynamicsCommand implements Runnable {

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder with one sub-folder per epoch.")
    Path folder;

    @Option(names = "--labels-dir", paramLabel = "D", description = "The labels of every epoch, paired with each epoch's logits by"
            + " file stem (default: DIR/labels where it exists, else each epoch folder's own).")
    Path labelsFolder;

    @CommandLine.Mixin
    LossOptions loss;

    @CommandLine.Mixin
    EngineOption engine;

    @Override
    public void run() {
        engine.engine();
        ImageDynamics.requireSoftmaxTerm(loss.term());
        var settings = loss.settings();
        ImageDynamics.requireSoftmax(settings);
        if (!Files.isDirectory(folder)) {
            throw InputException.of(folder.toString(), Files.exists(folder) ? "not a folder: open-dynamics reads a folder with one"
                    + " sub-folder per epoch" : "no such folder");
        }
        if (labelsFolder != null && !Files.isDirectory(labelsFolder)) {
            throw InputException.of(labelsFolder.toString(), "--labels-dir: " + (Files.exists(labelsFolder) ? "not a folder" : "no such folder"));
        }
        OpenCommand.requireDisplay();
        FocalscopeApp.launch(FocalscopeApp.Startup.training(folder, labelsFolder, engine.name(), settings));
    }
}
