package io.focalscope.cli;

import io.focalscope.io.InputException;
import io.focalscope.io.OutputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writing a command's output files, with the message a user gets when one cannot be written. */
final class Outputs {

    private Outputs() {
    }

    static void write(Path file, String text) {
        OutputFiles.writeText(file, text);
    }

    /** The folder of a file per image ({@code --masks}, {@code --maps}), made where missing; a file there is refused. */
    static void perImageFolder(Path folder, String option, String what) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw InputException.of(folder.toString(), option + " names a folder for the " + what + ", and this is a file");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw InputException.of(folder.toString(), option + ": cannot create the folder: " + e.getMessage());
        }
    }

    /** An image's file NAME + suffix under the folder; a name that would leave the folder ("..") is kept inside it. */
    static Path perImageFile(Path folder, String imageName, String suffix) {
        return folder.resolve(OutputFiles.perImageName(imageName, suffix));
    }
}
