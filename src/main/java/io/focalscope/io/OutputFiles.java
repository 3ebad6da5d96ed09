package io.focalscope.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writing the files a command produces. Each is written to a temporary file beside it and moved
 * into place only when whole, so a full disk or a failure leaves the old file as it was, never a
 * truncated one; a device or pipe named as the output ({@code /dev/stdout}) is written directly.
 * And the outputs are checked before the work that fills them, so a scan of an hour does not end
 * in "no such folder", or write its loss map over its own logits.
 */
public final class OutputFiles {

    /** What writes an output's bytes. */
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private OutputFiles() {
    }

    public static void write(Path file, Body body) {
        String source = file.toString();
        if (Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file)) {
            try (OutputStream out = Files.newOutputStream(file)) {
                body.writeTo(out);
                return;
            } catch (IOException e) {
                throw InputException.of(source, "cannot write: " + NpyReader.describe(e));
            }
        }
        Path folder = file.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            temporary = Files.createTempFile(folder, "." + file.getFileName(), ".tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 16)) {
                body.writeTo(out);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw InputException.of(source, "cannot write: " + NpyReader.describe(e));
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the move took it, or there is nothing more to do about it
                }
            }
        }
    }

    public static void writeText(Path file, String text) {
        write(file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** An output or input by its option, for {@link #checkBeforeWork}. */
    public record Named(String option, Path file) {
    }

    /**
     * Checks, before any work, that each output can be written: its folder exists and is
     * writable, it is not a folder, and it is neither an input nor another output. Nulls (options
     * not given) are skipped.
     */
    public static void checkBeforeWork(List<Named> outputs, List<Named> inputs) {
        Map<Path, String> taken = new HashMap<>();
        for (Named in : inputs) {
            if (in.file() != null) {
                taken.put(identity(in.file()), in.option());
            }
        }
        for (Named out : outputs) {
            if (out.file() == null) {
                continue;
            }
            Path file = out.file();
            String source = file.toString();
            Path id = identity(file);
            String other = taken.putIfAbsent(id, out.option());
            if (other != null) {
                throw InputException.of(source, out.option() + " names the same file as " + other + "; give it another name");
            }
            if (Files.isDirectory(file)) {
                throw InputException.of(source, out.option() + " names a folder, not a file");
            }
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                continue; // a device or pipe: written as it is
            }
            Path folder = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(folder)) {
                throw InputException.of(source, out.option() + ": the folder " + folder + " does not exist");
            }
            if (!Files.isWritable(folder)) {
                throw InputException.of(source, out.option() + ": the folder " + folder + " is not writable");
            }
        }
    }

    /** One name per file: links and "a/../b" resolved where the file exists. */
    private static Path identity(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }
}
