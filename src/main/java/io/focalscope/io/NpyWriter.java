package io.focalscope.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes float32 {@code .npy} files (format 1.0, little-endian, C order) that NumPy loads as they are. */
public final class NpyWriter {

    private NpyWriter() {
    }

    public static void writeFloat32(Path file, int[] shape, float[] values) {
        if (NdArray.elementCount(shape) != values.length) {
            throw new IllegalArgumentException("shape " + NdArray.formatShape(shape) + " does not hold "
                    + values.length + " values");
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(NpyHeader.MAGIC);
            byte[] header = NpyHeader.format(DType.FLOAT32, shape);
            out.write(new byte[] {1, 0, (byte) header.length, (byte) (header.length >>> 8)});
            out.write(header);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                if (!chunk.hasRemaining()) {
                    out.write(chunk.array(), 0, chunk.position());
                    chunk.clear();
                }
                chunk.putFloat(v);
            }
            out.write(chunk.array(), 0, chunk.position());
        } catch (IOException e) {
            throw InputException.of(file.toString(), "cannot write: " + NpyReader.describe(e));
        }
    }
}
