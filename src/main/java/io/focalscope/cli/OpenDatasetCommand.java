package io.focalscope.cli;

import io.focalscope.options.EngineOption;
import io.focalscope.io.InputException;
import io.focalscope.options.LossOptions;
import io.focalscope.ui.FocalscopeApp;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code focalscope open-dataset}: the window, scanning a dataset in its Dataset tab. */
@Command(name = "open-dataset", mixinStandardHelpOptions = true, versionProvider = FocalscopeCli.VersionProvider.class,
        description = {"Opens the window on a dataset and scans it.",
                "The window opens on the demo and scans a dataset folder or CSV list in its Dataset tab, at the loss"
                        + " settings given; a scan's summary.json (scan --json, or a Spark job's) is shown as it is."})
final class OpenDatasetCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR|LIST.csv|SUMMARY.json", description = "A folder searched recursively, a CSV with the header logits,labels, or a scan's summary.")
    Path dataset;

    @CommandLine.Mixin
    LossOptions loss;

    @CommandLine.Mixin
    EngineOption engine;

    @CommandLine.Option(names = "--calibration", description = "Scan with calibration: each image's ECE and the dataset's"
            + " reliability diagram (the Dataset tab's Calibration option).")
    boolean calibration;

    @Override
    public Integer call() {
        engine.engine();
        var settings = loss.settings();
        if (!Files.exists(dataset)) {
            throw InputException.of(dataset.toString(), "no such folder or file");
        }
        OpenCommand.requireDisplay();
        return OpenCommand.exitStatus(FocalscopeApp.launch(new FocalscopeApp.Startup(null, null, io.focalscope.io.LogitsLayout.CHANNELS_FIRST, null, null, engine.name(), dataset,
                settings, null, calibration)));
    }
}
