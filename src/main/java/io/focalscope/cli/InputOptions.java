package io.focalscope.cli;

import io.focalscope.io.ArrayFiles;
import io.focalscope.io.OutputFiles;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The files a command reads: logits and labels, and for the views an optional picture and class list. */
final class InputOptions {

    @Option(names = "--logits", required = true, paramLabel = "FILE", description = "Logits [N,C,H,W] or [C,H,W].")
    String logits;

    @Option(names = "--labels", required = true, paramLabel = "FILE", description = "Labels [N,H,W] or [H,W].")
    String labels;

    /** The files these options read, for the check that no output overwrites one. */
    List<OutputFiles.Named> named() {
        return List.of(new OutputFiles.Named("--logits", ArrayFiles.Spec.parse(logits).file()),
                new OutputFiles.Named("--labels", ArrayFiles.Spec.parse(labels).file()));
    }

    /** An output option's file, or null where it is not given or is stdout ({@code -}). */
    static Path outputFile(String option) {
        return option == null || option.equals("-") ? null : Path.of(option);
    }

    /** The picture and class list of {@code open} and {@code render}. */
    static final class Scene {
        @Option(names = "--image", paramLabel = "FILE", description = "A PNG or JPEG picture of the scene, H x W.")
        Path image;

        @Option(names = "--classes", paramLabel = "FILE", description = "Class names and colours by class id: JSON"
                + " {\"classes\": [{\"name\": \"road\", \"color\": \"#804080\"}, ...]} or [\"road\", ...], or CSV lines"
                + " name,#rrggbb (see docs/class-files.md).")
        Path classes;
    }
}
