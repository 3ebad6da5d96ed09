package io.focalscope.cli;

import io.focalscope.io.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writing a command's output files, with the message a user gets when one cannot be written. */
final class Outputs {

    private Outputs() {
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw InputException.of(file.toString(), "cannot write: " + e.getMessage());
        }
    }
}
