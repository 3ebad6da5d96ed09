package io.focalscope.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/** Writes {@code .npy} files (format 1.0, little-endian, C order) that NumPy loads as they are. */
public final class NpyWriter {

    private NpyWriter() {
    }

    public static void writeFloat32(Path file, int[] shape, float[] values) {
        if (NdArray.elementCount(shape) != values.length) {
            throw new IllegalArgumentException("shape " + NdArray.formatShape(shape) + " does not hold "
                    + values.length + " values");
        }
        write(file, NdArray.ofFloats(file.toString(), DType.FLOAT32, shape, values));
    }

    /**
     * Writes a float32 array value by value, {@code next} giving them in C order, without holding
     * the array in memory (for large synthetic inputs).
     */
    public static void writeFloat32(Path file, int[] shape, java.util.function.DoubleSupplier next) {
        OutputFiles.write(file, out -> {
            out.write(NpyHeader.MAGIC);
            byte[] header = NpyHeader.format(DType.FLOAT32, shape);
            out.write(new byte[] {1, 0, (byte) header.length, (byte) (header.length >>> 8)});
            out.write(header);
            java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(1 << 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (long i = NdArray.elementCount(shape); i > 0; i--) {
                if (!chunk.hasRemaining()) {
                    out.write(chunk.array(), 0, chunk.position());
                    chunk.clear();
                }
                chunk.putFloat((float) next.getAsDouble());
            }
            out.write(chunk.array(), 0, chunk.position());
        });
    }

    public static void write(Path file, NdArray array) {
        OutputFiles.write(file, out -> write(out, array));
    }

    /** The bytes of the {@code .npy} file of an array (for a file system other than this machine's). */
    public static byte[] bytes(NdArray array) {
        var out = new java.io.ByteArrayOutputStream();
        try {
            write(out, array);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array's stream does not fail
        }
        return out.toByteArray();
    }

    static void write(OutputStream out, NdArray array) throws IOException {
        out.write(NpyHeader.MAGIC);
        byte[] header = NpyHeader.format(array.dtype(), array.shape());
        out.write(new byte[] {1, 0, (byte) header.length, (byte) (header.length >>> 8)});
        out.write(header);
        var data = array.data().duplicate();
        byte[] chunk = new byte[1 << 16];
        while (data.hasRemaining()) {
            int n = Math.min(chunk.length, data.remaining());
            data.get(chunk, 0, n);
            out.write(chunk, 0, n);
        }
    }
}
