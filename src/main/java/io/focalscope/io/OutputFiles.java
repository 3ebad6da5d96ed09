package io.focalscope.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
        if (writtenInPlace(file)) {
            try (OutputStream out = Files.newOutputStream(file)) {
                body.writeTo(out);
                return;
            } catch (IOException e) {
                throw InputException.of(source, "cannot write: " + NpyReader.describe(e));
            }
        }
        Path target = realTarget(file);
        if (Files.isDirectory(target)) {
            throw InputException.of(source, "cannot write: a folder has that name");
        }
        Path temporary = target.resolveSibling(".focalscope-" + Long.toHexString(System.nanoTime()) + "-"
                + Integer.toHexString(System.identityHashCode(body)) + ".tmp"); // short: a long output name may be at the limit
        try {
            // created as any new file is (the umask's permissions, not createTempFile's owner-only ones)
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), 1 << 16)) {
                body.writeTo(out);
            }
            keepPermissions(target, temporary);
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw InputException.of(source, "cannot write: " + NpyReader.describe(e));
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the move took it, or there is nothing more to do about it
            }
        }
    }

    /**
     * Devices, pipes and what /dev and /proc name ({@code /dev/stdout} is a link to the shell's
     * redirection, which a moved file would replace): written as they are.
     */
    private static boolean writtenInPlace(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith("/dev") || absolute.startsWith("/proc")
                || Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file);
    }

    /** The file a link names (the link stays a link), or the path itself where it does not exist yet. */
    private static Path realTarget(Path file) {
        try {
            return Files.exists(file) ? file.toRealPath() : file.toAbsolutePath();
        } catch (IOException e) {
            return file.toAbsolutePath();
        }
    }

    /** An existing file's permissions carried over to its replacement. */
    private static void keepPermissions(Path target, Path replacement) {
        try {
            if (Files.exists(target)) {
                Files.setPosixFilePermissions(replacement, Files.getPosixFilePermissions(target));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system, or not ours to change: the umask's permissions stay
        }
    }

    /**
     * An image's output file under a folder, as a path relative to it: the image's name (which may
     * hold sub-folders) and the suffix. A name that would leave the folder ("..") is kept inside it.
     */
    public static String perImageName(String imageName, String suffix) {
        String safe = imageName.replace('\\', '/').replace("../", "__/");
        // an absolute name, or a URI's (a list's row "hdfs://nn/x/a"), keeps its last part
        if (safe.startsWith("/") || safe.contains(":/")) {
            return safe.substring(safe.lastIndexOf('/') + 1) + suffix;
        }
        Path relative = Path.of(safe + suffix).normalize();
        return relative.startsWith("..") ? Path.of(safe).getFileName() + suffix : relative.toString().replace('\\', '/');
    }

    /** A per-image map's shape on disk, from its {@code [N, H, W]}: {@code [H, W]} for one sample. */
    public static int[] mapShape(int[] samplesHeightWidth) {
        return samplesHeightWidth[0] == 1 ? java.util.Arrays.copyOfRange(samplesHeightWidth, 1, 3) : samplesHeightWidth;
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
            if (writtenInPlace(file)) {
                continue; // a device, a pipe or /dev/stdout: written as it is
            }
            Path folder = realTarget(file).getParent();
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
