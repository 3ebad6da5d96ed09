package io.focalscope.cli;

import io.focalscope.options.EngineOption;
import io.focalscope.io.InputException;
import io.focalscope.options.LossOptions;
import io.focalscope.render.MapLayer;
import io.focalscope.ui.FocalscopeApp;
import java.awt.GraphicsEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code focalscope open}: the inspector window on the files given. */
@Command(name = "open", mixinStandardHelpOptions = true, versionProvider = FocalscopeCli.VersionProvider.class, sortOptions = false,
        description = {"Opens the inspector window on logits and labels.",
                "One .npz may hold both; the window opens at the loss settings given."})
final class OpenCommand implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Mixin
    LogitsLayoutOption layout;

    @CommandLine.Mixin
    InputOptions input;

    @CommandLine.Mixin
    InputOptions.Scene scene;

    @CommandLine.Mixin
    LossOptions loss;

    @CommandLine.Mixin
    EngineOption engine;

    @Option(names = "--layer", paramLabel = "LAYER", description = "The map layer to open on: focal (the default), ce, modulation,"
            + " pt, ratio, diff, as-written, gradient, gradient-ratio, gamma-used, predicted, label, error, label-issues,"
            + " confidence or confident-wrong. Not gamma-change, which compares two γ (turn on the window's second"
            + " pane), nor the data-map layers (data-confidence, data-variability, data-correctness, hard-stable),"
            + " which draw a training run's image (open-dynamics).")
    String layer;

    @Override
    public Integer call() {
        engine.engine(); // a wrong name or setting is refused here, before the window opens
        var settings = loss.settings();
        MapLayer shown = null;
        if (layer != null) {
            try {
                shown = MapLayer.parse(layer);
            } catch (IllegalArgumentException e) {
                throw new InputException("--layer: " + e.getMessage());
            }
            if (shown.needsDataMaps()) {
                throw new InputException("--layer " + layer + " shows a training run's data maps: open the run with 'focalscope"
                        + " open-dynamics DIR', or draw one of its images with 'focalscope render --run DIR --run-image NAME --layer "
                        + shown.id() + "'");
            }
            if (shown.needsSecondGamma()) {
                throw new InputException("--layer " + layer + " compares two γ: open the window and turn on its second pane");
            }
        }
        requireDisplay();
        return exitStatus(FocalscopeApp.launch(new FocalscopeApp.Startup(input.logits, input.labels, layout.layout(), scene.image, scene.classes,
                engine.name(), null, settings, shown, false)));
    }

    /** A window closed while the start's file was refused ends as the command line's refusal does: exit status 1. */
    static int exitStatus(java.util.Optional<String> startRefusal) {
        return startRefusal.isPresent() ? FocalscopeCli.EXIT_BAD_INPUT : 0;
    }

    static void requireDisplay() {
        if (!hasDisplay()) {
            throw new InputException("no display: the window needs one (is DISPLAY set?); 'focalscope compute' works without");
        }
    }

    static boolean hasDisplay() {
        return !GraphicsEnvironment.isHeadless();
    }
}
