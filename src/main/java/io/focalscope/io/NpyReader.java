package io.focalscope.io;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads {@code .npy} files in Java, checking every byte count against the header before any value
 * is used. Written by hand because ND4J's own reader aborts the JVM on a corrupt header and reads
 * past the end of a truncated file (PLATFORM-NOTES).
 */
public final class NpyReader {

    private NpyReader() {
    }

    public static NdArray read(Path file) {
        return read(file, FloatArrays.FRESH);
    }

    /** @param arrays where float32 data goes */
    public static NdArray read(Path file, FloatArrays arrays) {
        return read(file, arrays, MemoryBudget.AfterReading.NOTHING);
    }

    /** The same, checking with the array what {@code after} will be allocated for it once it is read. */
    public static NdArray read(Path file, FloatArrays arrays, MemoryBudget.AfterReading after) {
        String source = file.toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(source, Channels.newInputStream(channel), channel, channel.size(), arrays, after);
        } catch (IOException e) {
            throw InputException.of(source, "cannot read: " + describe(e));
        }
    }

    /**
     * Reads one array from a stream that holds exactly {@code totalBytes} bytes: a header and the
     * data it announces, nothing less and nothing more.
     */
    public static NdArray read(String source, InputStream stream, long totalBytes) throws IOException {
        return read(source, stream, null, totalBytes, FloatArrays.FRESH, MemoryBudget.AfterReading.NOTHING);
    }

    /** A whole {@code .npy} file's bytes (as a distributed job hands them over), checked as a file is. */
    public static NdArray read(String source, byte[] bytes, FloatArrays arrays) {
        return read(source, bytes, arrays, MemoryBudget.AfterReading.NOTHING);
    }

    /** The same, checking with the array what {@code after} will be allocated for it once it is read. */
    public static NdArray read(String source, byte[] bytes, FloatArrays arrays, MemoryBudget.AfterReading after) {
        try {
            return read(source, new java.io.ByteArrayInputStream(bytes), null, bytes.length, arrays, after);
        } catch (IOException e) {
            throw InputException.of(source, "cannot read: " + describe(e));
        }
    }

    /** The same, with float32 data read into an array from {@code arrays}. */
    public static NdArray read(String source, InputStream stream, long totalBytes, FloatArrays arrays) throws IOException {
        return read(source, stream, null, totalBytes, arrays, MemoryBudget.AfterReading.NOTHING);
    }

    /**
     * The same, checking with the array what {@code after} will be allocated for it once it is read.
     *
     * @param totalBytes the stream's length, or -1 where it is not known (an archive's member that
     *                   does not record its size): then the header alone says how much to read, and
     *                   the caller checks that nothing follows
     */
    public static NdArray read(String source, InputStream stream, long totalBytes, FloatArrays arrays,
                               MemoryBudget.AfterReading after) throws IOException {
        return read(source, stream, null, totalBytes, arrays, after);
    }

    /** @param channel the file under {@code stream}, read directly for float32 data, or null */
    private static NdArray read(String source, InputStream stream, FileChannel channel, long totalBytes,
                                FloatArrays arrays, MemoryBudget.AfterReading after) throws IOException {
        boolean lengthKnown = totalBytes >= 0;
        DataInputStream in = new DataInputStream(stream);
        byte[] prefix = new byte[8];
        if (lengthKnown && totalBytes < prefix.length) {
            throw InputException.of(source, "truncated: " + totalBytes + " bytes, too short for a .npy header");
        }
        in.readFully(prefix);
        if (!Arrays.equals(Arrays.copyOf(prefix, 6), NpyHeader.MAGIC)) {
            throw InputException.of(source, "not a .npy file (wrong magic bytes)");
        }
        int major = prefix[6];
        int lengthBytes = switch (major) {
            case 1 -> 2;
            case 2, 3 -> 4;
            default -> throw InputException.of(source, "unsupported .npy format version " + major + "." + prefix[7]);
        };
        if (lengthKnown && totalBytes < prefix.length + lengthBytes) {
            throw InputException.of(source, "truncated: the file ends inside its header");
        }
        byte[] len = new byte[lengthBytes];
        in.readFully(len);
        ByteBuffer lenBuf = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = lengthBytes == 2 ? lenBuf.getShort() & 0xffff : lenBuf.getInt() & 0xffffffffL;
        long prefixLength = prefix.length + lengthBytes + headerLength;
        if (headerLength > NpyHeader.MAX_HEADER_BYTES) {
            throw InputException.of(source, "corrupt .npy header: it claims " + headerLength + " bytes");
        }
        if (lengthKnown && prefixLength > totalBytes) {
            throw InputException.of(source, "truncated: the file ends inside its header");
        }
        byte[] headerBytes = new byte[(int) headerLength];
        in.readFully(headerBytes);
        String text = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader header = NpyHeader.parse(source, text);

        long dataBytes = header.dataBytes();
        String what = "the array " + NdArray.formatShape(header.shape()) + " " + header.dtype();
        if (lengthKnown) {
            long present = totalBytes - prefixLength;
            if (present < dataBytes) {
                throw InputException.of(source, "truncated: the header announces " + dataBytes + " bytes of data ("
                        + NdArray.formatShape(header.shape()) + " " + header.dtype() + ") but only " + present + " follow");
            }
            if (present > dataBytes) {
                throw InputException.of(source, (present - dataBytes) + " unexpected bytes after the data of "
                        + what + " (corrupt header or file)");
            }
        }
        boolean floatsStreamed = header.dtype() == DType.FLOAT32 && (!header.fortranOrder() || header.shape().length < 2);
        MemoryBudget.require(source, what, header.elementCount(), bytesToRead(header, floatsStreamed, arrays),
                after.bytes(header.shape()));
        if (dataBytes > MemoryBudget.MAX_ELEMENTS) {
            throw InputException.of(source, what + " is larger than one buffer can hold");
        }

        try {
            if (floatsStreamed) {
                return new NdArray(source, header.shape(), channel != null ? readFloats(channel, header, arrays)
                        : readFloats(in, header, arrays));
            }
            byte[] data = new byte[(int) dataBytes];
            in.readFully(data);
            return finish(source, header, data);
        } catch (EOFException e) {
            throw InputException.of(source, "truncated: the data ends early");
        }
    }

    /**
     * What reading an array allocates, as this reader reads it: float32 in C order goes straight into
     * its floats (none, where {@code arrays} already holds an array of that length); any other array
     * is read as bytes, re-laid in C order where it is in Fortran order, and converted to floats or
     * ints by whoever reads it.
     */
    private static long bytesToRead(NpyHeader header, boolean floatsStreamed, FloatArrays arrays) {
        long elements = header.elementCount();
        long converted = elements * Float.BYTES;
        if (floatsStreamed) {
            return elements <= MemoryBudget.MAX_ELEMENTS && arrays.holds((int) elements) ? 0 : converted;
        }
        long data = header.dataBytes();
        return data + (header.fortranOrder() && header.shape().length > 1 ? data : 0) + converted;
    }

    /** float32 in C order read straight into floats, a chunk at a time, in the file's byte order. */
    private static float[] readFloats(DataInputStream in, NpyHeader header, FloatArrays arrays) throws IOException {
        float[] out = arrays.take((int) header.elementCount());
        byte[] chunk = new byte[1 << 20];
        for (int done = 0; done < out.length; ) {
            int n = Math.min(out.length - done, chunk.length / Float.BYTES);
            in.readFully(chunk, 0, n * Float.BYTES);
            ByteBuffer.wrap(chunk, 0, n * Float.BYTES).order(header.byteOrder()).asFloatBuffer().get(out, done, n);
            done += n;
        }
        return out;
    }

    /**
     * The same from a file, through a direct buffer: one copy from the page cache and a bulk copy
     * into the floats (83 against 95 ms for 160 MB here, where the stream's heap chunks are
     * copied twice before the conversion).
     */
    private static float[] readFloats(FileChannel channel, NpyHeader header, FloatArrays arrays) throws IOException {
        float[] out = arrays.take((int) header.elementCount());
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20).order(header.byteOrder());
        for (int done = 0; done < out.length; ) {
            int n = Math.min(out.length - done, chunk.capacity() / Float.BYTES);
            chunk.clear().limit(n * Float.BYTES);
            while (chunk.hasRemaining()) {
                if (channel.read(chunk) < 0) {
                    throw new EOFException();
                }
            }
            chunk.flip();
            chunk.asFloatBuffer().get(out, done, n);
            done += n;
        }
        return out;
    }

    private static NdArray finish(String source, NpyHeader header, byte[] data) {
        if (header.byteOrder() == ByteOrder.BIG_ENDIAN) {
            swapBytes(data, header.dtype().size());
        }
        if (header.fortranOrder() && header.shape().length > 1) {
            data = fortranToC(data, header.shape(), header.dtype().size());
        }
        return new NdArray(source, header.dtype(), header.shape(), ByteBuffer.wrap(data));
    }

    private static void swapBytes(byte[] data, int size) {
        for (int i = 0; i < data.length; i += size) {
            for (int a = i, b = i + size - 1; a < b; a++, b--) {
                byte t = data[a];
                data[a] = data[b];
                data[b] = t;
            }
        }
    }

    /** Re-lays a column-major array out in row-major order. */
    private static byte[] fortranToC(byte[] src, int[] shape, int size) {
        int rank = shape.length;
        long[] fortranStride = new long[rank];
        long stride = 1;
        for (int d = 0; d < rank; d++) {
            fortranStride[d] = stride;
            stride *= shape[d];
        }
        byte[] out = new byte[src.length];
        int[] index = new int[rank];
        long srcElement = 0;
        int count = src.length / size;
        for (int dst = 0; dst < count; dst++) {
            System.arraycopy(src, (int) (srcElement * size), out, dst * size, size);
            // odometer over C order, last axis fastest, keeping the Fortran offset in step
            for (int d = rank - 1; d >= 0; d--) {
                if (++index[d] < shape[d]) {
                    srcElement += fortranStride[d];
                    break;
                }
                srcElement -= (long) (shape[d] - 1) * fortranStride[d];
                index[d] = 0;
            }
        }
        return out;
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName();
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        return m == null ? kind : m;
    }
}
