package io.focalscope.cli;

import io.focalscope.dataset.ImageDiscovery;
import io.focalscope.dynamics.EpochDiscovery;
import io.focalscope.dynamics.EpochSource;
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
@Command(name = "open-dynamics", mixinStandardHelpOptions = true, versionProvider = FocalscopeCli.VersionProvider.class,
        description = {"Opens the window on a training run and follows its epochs.",
                "The window follows DIR (one sub-folder per epoch, as 'dynamics' reads it), or the run a CSV list names, in its"
                        + " Training tab at the loss settings given, then opens the image with the lowest confidence at the last"
                        + " epoch: an epoch slider, the data-map layers and the images' cartography."})
final class OpenDynamicsCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Folder with one sub-folder per epoch.")
    Path folder;

    @Option(names = "--labels-dir", paramLabel = "D", description = "The labels of every epoch, paired with each epoch's logits by"
            + " file stem (default: DIR/labels where it exists, else each epoch folder's own).")
    Path labelsFolder;

    @Option(names = "--list", paramLabel = "FILE.csv", description = "A CSV with the header 'epoch,logits,labels' (paths relative"
            + " to it; an image is named by its logits file), instead of DIR.")
    Path list;

    @CommandLine.Mixin
    LossOptions loss;

    @CommandLine.Mixin
    EngineOption engine;

    @Override
    public Integer call() {
        engine.engine();
        ImageDynamics.requireSoftmaxTerm(loss.term());
        var settings = loss.settings();
        ImageDynamics.requireSoftmax(settings);
        EpochSource source = RunSources.of("open-dynamics", "a folder DIR", folder, labelsFolder, list, ImageDiscovery.LOGITS_SUFFIX,
                ImageDiscovery.LABELS_SUFFIXES, null);
        // what can be refused before the window opens is: the rest the window says
        if (source instanceof EpochSource.CsvList l) {
            if (Files.isDirectory(l.list())) {
                throw InputException.of(l.list().toString(), "--list is a folder: open-dynamics --list reads a CSV with the header"
                        + " 'epoch,logits,labels' (a run's folder is given as DIR)");
            }
            EpochDiscovery.fromList(l.list()); // no such file, no header, no row: named now
        } else {
            if (!Files.isDirectory(folder)) {
                throw InputException.of(folder.toString(), Files.exists(folder) ? "not a folder: open-dynamics reads a folder with one"
                        + " sub-folder per epoch, or a list given with --list FILE.csv" : "no such folder");
            }
            if (labelsFolder != null && !Files.isDirectory(labelsFolder)) {
                throw InputException.of(labelsFolder.toString(), "--labels-dir: " + (Files.exists(labelsFolder) ? "not a folder"
                        : "no such folder"));
            }
        }
        OpenCommand.requireDisplay();
        return OpenCommand.exitStatus(FocalscopeApp.launch(FocalscopeApp.Startup.training(source, engine.name(), settings)));
    }
}
