package io.focalscope.cli;

import io.focalscope.io.InputException;
import io.focalscope.ui.FocalscopeApp;
import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code focalscope open}: the inspector window on the files given. */
@Command(name = "open", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Opens the inspector window on logits and labels (one .npz may hold both).")
final class OpenCommand implements Runnable {

    @Option(names = "--logits", required = true, paramLabel = "FILE", description = "Logits [N,C,H,W] or [C,H,W].")
    String logits;

    @Option(names = "--labels", required = true, paramLabel = "FILE", description = "Labels [N,H,W] or [H,W].")
    String labels;

    @Option(names = "--image", paramLabel = "FILE", description = "A PNG or JPEG picture of the scene, H x W.")
    Path image;

    @Option(names = "--classes", paramLabel = "FILE", description = "Class names and colours, JSON or CSV.")
    Path classes;

    @Override
    public void run() {
        requireDisplay();
        FocalscopeApp.launch(new FocalscopeApp.Startup(logits, labels, image, classes));
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
