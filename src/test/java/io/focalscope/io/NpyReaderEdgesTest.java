package io.focalscope.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader where its paths divide: files too short to hold a header, arrays past one chunk, the budget's figure per layout. */
class NpyReaderEdgesTest {

    @TempDir
    Path tmp;

    private static final byte[] V1 = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

    private static String refusal(byte[] bytes) {
        return assertThrows(InputException.class, () -> NpyReader.read("s.npy", bytes, FloatArrays.FRESH)).getMessage();
    }

    @Test
    void filesTooShortForAHeaderSayWhere() {
        assertEquals("s.npy: truncated: 0 bytes, too short for a .npy header", refusal(new byte[0]));
        assertEquals("s.npy: truncated: 7 bytes, too short for a .npy header", refusal(Arrays.copyOf(V1, 7)));
        assertEquals("s.npy: truncated: the file ends inside its header", refusal(V1));
        assertEquals("s.npy: truncated: the file ends inside its header", refusal(Arrays.copyOf(V1, 9)));
        // the length field is whole and says 0: the header is there, and empty
        assertEquals("s.npy: corrupt .npy header: the header ends early", refusal(Arrays.copyOf(V1, 10)));
    }

    /** Past a megabyte the floats come in chunks, from a file and from a stream alike. */
    @Test
    void floatsLongerThanOneChunkAreReadWhole() throws IOException {
        float[] values = new float[300_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.25f - 7;
        }
        Path file = tmp.resolve("long.npy");
        NpyWriter.writeFloat32(file, new int[] {values.length}, values);
        assertArrayEquals(values, NpyReader.read(file).toFloats(), "through the file's channel");
        byte[] bytes = Files.readAllBytes(file);
        assertArrayEquals(values, NpyReader.read("long.npy", bytes, FloatArrays.FRESH).toFloats(), "through a stream");
    }

    /** A 2-D float32 array in Fortran order is re-laid, not streamed as if it were in C order. */
    @Test
    void aFortranOrderMatrixOfFloatsIsReadInCOrder() {
        String dict = "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }";
        ByteBuffer data = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : new float[] {1, 4, 2, 5, 3, 6}) { // columns of [[1, 2, 3], [4, 5, 6]]
            data.putFloat(v);
        }
        NdArray a = NpyReader.read("m.npy", NpyReaderTest.npy(dict, data.array()), FloatArrays.FRESH);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, a.toFloats());
    }

    /**
     * What a refusal says reading would take: float32 in C order goes straight into its floats;
     * other arrays are read as bytes and converted (float64: 8 + 4 bytes a value), and re-laid
     * first where they are in Fortran order (8 more).
     */
    @Test
    void theMemoryAReadNeedsDependsOnHowItIsRead() throws IOException {
        long elements = (Runtime.getRuntime().maxMemory() / 4 + 1_000_000) / 2 * 2; // even: 2 columns
        assertEquals(MemoryBudget.megabytes(4 * elements), needed(sparse("f4.npy", "<f4", false, elements, 4)));
        assertEquals(MemoryBudget.megabytes(12 * elements), needed(sparse("f8.npy", "<f8", false, elements, 8)));
        assertEquals(MemoryBudget.megabytes(20 * elements), needed(sparse("f8f.npy", "<f8", true, elements, 8)));
    }

    /** A file as large as its header says, of holes: nothing is really written. */
    private Path sparse(String name, String descr, boolean fortran, long elements, int size) throws IOException {
        Path f = tmp.resolve(name);
        long rows = elements / 2;
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': (" + rows + ", 2), }";
        try (SeekableByteChannel ch = Files.newByteChannel(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(NpyReaderTest.npy(dict, new byte[0])));
            ch.position(ch.position() + rows * 2 * size - 1);
            ch.write(ByteBuffer.wrap(new byte[1]));
        }
        return f;
    }

    /** The "needs N MB of memory to load" of a refusal. */
    private static String needed(Path f) {
        String m = assertThrows(InputException.class, () -> NpyReader.read(f)).getMessage();
        java.util.regex.Matcher g = java.util.regex.Pattern.compile(" needs (\\d+ MB) of memory to load, more than ").matcher(m);
        return g.find() ? g.group(1) : m;
    }

    @Test
    void readErrorsAreDescribedByWhatHappened() {
        assertEquals("permission denied", NpyReader.describe(new java.nio.file.AccessDeniedException("/x")));
        assertEquals("no such file", NpyReader.describe(new java.nio.file.NoSuchFileException("/x")));
        assertEquals("the disk went away", NpyReader.describe(new IOException("the disk went away")));
        assertEquals("EOFException", NpyReader.describe(new java.io.EOFException()));
    }
}
