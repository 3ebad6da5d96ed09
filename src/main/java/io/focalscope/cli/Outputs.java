package io.focalscope.cli;

import io.focalscope.io.InputException;
import io.focalscope.io.OutputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writing a command's output files, with the message a user gets when one cannot be written. */
final class Outputs {

    private Outputs() {
    }

    static void write(Path file, String text) {
        OutputFiles.writeText(file, text);
    }

    /**
     * The folder of a file per image ({@code --masks}, {@code --maps}), made where missing, checked
     * before the work as {@link OutputFiles#checkBeforeWork} checks a single output: a file in its
     * place, a folder that cannot be written, or a folder where one of the files goes is refused.
     *
     * @param files the files the command will write there
     */
    static void perImageFolder(Path folder, String option, String what, List<Path> files) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw InputException.of(folder.toString(), option + " names a folder for the " + what + ", and this is a file");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw InputException.of(folder.toString(), option + ": cannot create the folder: " + e.getMessage());
        }
        if (!Files.isWritable(folder)) {
            throw InputException.of(folder.toString(), option + ": the folder is not writable");
        }
        for (Path file : files) {
            if (Files.isDirectory(file)) {
                throw InputException.of(file.toString(), option + " would write one of the " + what + " here, and a folder has this name");
            }
        }
    }

    /** An image's file NAME + suffix under the folder; a name that would leave the folder ("..") is kept inside it. */
    static Path perImageFile(Path folder, String imageName, String suffix) {
        return folder.resolve(OutputFiles.perImageName(imageName, suffix));
    }
}
