package io.focalscope.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
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
     * first where they are in Fortran order on more than one axis (8 more). A million values each,
     * refused for a petabyte of working arrays to come, whatever this JVM's heap.
     */
    @Test
    void theMemoryAReadNeedsDependsOnHowItIsRead() throws IOException {
        assertEquals("4 MB", needed(file("f4.npy", "<f4", false, "(500000, 2)", 4)));
        assertEquals("12 MB", needed(file("f8.npy", "<f8", false, "(500000, 2)", 8)));
        assertEquals("20 MB", needed(file("f8f.npy", "<f8", true, "(500000, 2)", 8)));
        assertEquals("12 MB", needed(file("f8f1.npy", "<f8", true, "(1000000,)", 8)), "one axis in Fortran order is C order");
    }

    /** A file of a million zeros of {@code size} bytes under the header given. */
    private Path file(String name, String descr, boolean fortran, String shape, int size) throws IOException {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
        return Files.write(tmp.resolve(name), NpyReaderTest.npy(dict, new byte[1_000_000 * size]));
    }

    /** The "needs N MB of memory to load" of a refusal. */
    private static String needed(Path f) {
        String m = assertThrows(InputException.class, () -> NpyReader.read(f, FloatArrays.FRESH, shape -> 1L << 50)).getMessage();
        java.util.regex.Matcher g = java.util.regex.Pattern.compile(" needs (\\d+ MB) of memory to load and ").matcher(m);
        return g.find() ? g.group(1) : m;
    }

    /** A version 2.0 header (a 4-byte length) may be as long as 64 KiB, padding and all; one byte more is refused. */
    @Test
    void aHeaderMayTake64KiB() {
        for (int length : new int[] {65536, 65537}) {
            String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
            String header = dict + " ".repeat(length - dict.length() - 1) + "\n";
            ByteBuffer b = ByteBuffer.allocate(12 + length + 8).order(ByteOrder.LITTLE_ENDIAN);
            b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(length);
            b.put(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putFloat(1.5f).putFloat(-2f);
            if (length == 65536) {
                assertArrayEquals(new float[] {1.5f, -2f}, NpyReader.read("long.npy", b.array(), FloatArrays.FRESH).toFloats());
            } else {
                assertEquals("s.npy: corrupt .npy header: it claims 65537 bytes", refusal(b.array()));
            }
        }
    }

    /** Version 3.0 headers are UTF-8, older ones Latin-1: a key's accent reads back as written in each. */
    @Test
    void headerTextIsDecodedAsItsVersionSays() {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'note\u00e9': 1, }\n";
        for (int version : new int[] {1, 3}) {
            byte[] text = dict.getBytes(version == 3 ? java.nio.charset.StandardCharsets.UTF_8 : java.nio.charset.StandardCharsets.ISO_8859_1);
            ByteBuffer b = ByteBuffer.allocate(12 + text.length).order(ByteOrder.LITTLE_ENDIAN);
            b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
            if (version == 1) {
                b.putShort((short) text.length);
            } else {
                b.putInt(text.length);
            }
            byte[] bytes = java.util.Arrays.copyOf(b.put(text).array(), b.position());
            assertEquals("s.npy: corrupt .npy header: unexpected entries [descr, fortran_order, shape, note\u00e9]", refusal(bytes),
                    "version " + version);
        }
    }

    @Test
    void readErrorsAreDescribedByWhatHappened() {
        assertEquals("permission denied", NpyReader.describe(new java.nio.file.AccessDeniedException("/x")));
        assertEquals("no such file", NpyReader.describe(new java.nio.file.NoSuchFileException("/x")));
        assertEquals("the disk went away", NpyReader.describe(new IOException("the disk went away")));
        assertEquals("EOFException", NpyReader.describe(new java.io.EOFException()));
    }
}
