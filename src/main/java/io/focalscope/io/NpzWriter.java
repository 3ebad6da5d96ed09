package io.focalscope.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes {@code .npz} archives as {@code np.savez_compressed} does: one deflated .npy per array. */
public final class NpzWriter {

    private NpzWriter() {
    }

    public static void writeCompressed(Path file, Map<String, NdArray> arrays) {
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            zip.setLevel(9);
            for (var entry : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey() + ".npy"));
                NpyWriter.write(zip, entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw InputException.of(file.toString(), "cannot write: " + NpyReader.describe(e));
        }
    }
}
