package io.focalscope.cli;

import io.focalscope.io.OutputFiles;
import java.nio.file.Path;

/** Writing a command's output files, with the message a user gets when one cannot be written. */
final class Outputs {

    private Outputs() {
    }

    static void write(Path file, String text) {
        OutputFiles.writeText(file, text);
    }
}
