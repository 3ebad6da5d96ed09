package io.focalscope.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the small files a user names (class lists, weights, scan summaries, CSV lists) with the
 * checks every one of them needs: a regular file (a FIFO would block and {@code /dev/zero} never
 * ends), and at most a cap of bytes, counted while reading because a size of 0 is what
 * {@code /proc} files and some mounts report whatever they hold.
 */
public final class SmallFiles {

    /** A class list, weights file, list or summary of a million entries still fits in 64 MB. */
    public static final int DEFAULT_CAP_BYTES = 64 << 20;

    private SmallFiles() {
    }

    /** The file's bytes; {@code what} names the kind of file in messages ("a class list"). */
    public static byte[] readBytes(Path file, String what, int capBytes) {
        String source = file.toString();
        if (!Files.exists(file)) {
            throw InputException.of(source, Files.isSymbolicLink(file) ? "a link to a file that does not exist" : "no such file");
        }
        if (Files.isDirectory(file)) {
            throw InputException.of(source, "is a folder, not " + what);
        }
        if (!Files.isRegularFile(file)) {
            throw InputException.of(source, "not a regular file (a pipe or device), so not " + what);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(capBytes + 1);
            if (bytes.length > capBytes) {
                throw InputException.of(source, "too large for " + what + " (more than " + MemoryBudget.megabytes(capBytes) + ")");
            }
            return bytes;
        } catch (IOException e) {
            throw InputException.of(source, "cannot read: " + NpyReader.describe(e));
        }
    }

    /** The file's text, UTF-8, with the same checks. */
    public static String readText(Path file, String what, int capBytes) {
        return new String(readBytes(file, what, capBytes), StandardCharsets.UTF_8);
    }

    public static String readText(Path file, String what) {
        return readText(file, what, DEFAULT_CAP_BYTES);
    }
}
