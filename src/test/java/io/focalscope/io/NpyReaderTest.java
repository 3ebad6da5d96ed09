package io.focalscope.io;

import static io.focalscope.TestFiles.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NpyReaderTest {

    @TempDir
    Path tmp;

    /** Every dtype in both byte orders and both memory orders, as NumPy wrote them (make_fixtures.py). */
    static Stream<Arguments> dtypeFixtures() {
        return Stream.of("f2", "f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "b1")
                .flatMap(code -> Stream.of("le_c", "le_f", "be_c", "be_f")
                        .filter(variant -> !(variant.startsWith("be") && Arrays.asList("i1", "u1", "b1").contains(code)))
                        .map(variant -> Arguments.of(code, code + "_" + variant + ".npy")));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("dtypeFixtures")
    void readsEveryDtypeByteOrderAndMemoryOrder(String code, String file) {
        NdArray a = NpyReader.read(fixture(file));
        assertEquals(DType.fromCode(code), a.dtype(), "dtype");
        assertArrayEquals(new int[] {2, 3, 4}, a.shape(), "shape");
        float[] values = a.toFloats();
        for (int i = 0; i < 24; i++) {
            assertEquals(expected(code, i), values[i], 0.0, "C-order element " + i + " of " + file);
        }
    }

    private static float expected(String code, int i) {
        return switch (code.charAt(0)) {
            case 'f' -> i * 0.5f - 3;
            case 'i' -> i - 5;
            case 'u' -> i;
            default -> i % 3 == 0 ? 1 : 0;
        };
    }

    @Test
    void readsIntegersExactlyAsInts() {
        assertArrayEquals(new int[] {-5, -4, -3}, Arrays.copyOf(NpyReader.read(fixture("i8_be_f.npy")).toInts(), 3));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, Arrays.copyOf(NpyReader.read(fixture("u2_be_f.npy")).toInts(), 5));
    }

    @ParameterizedTest
    @MethodSource("headerVersions")
    void readsHeaderVersionsTwoAndThree(String file) {
        NdArray a = NpyReader.read(fixture(file));
        assertArrayEquals(NpyReader.read(fixture("f4_le_c.npy")).toFloats(), a.toFloats());
    }

    static Stream<String> headerVersions() {
        return Stream.of("f4_v2.npy", "f4_v3.npy");
    }

    @Test
    void refusesWrongMagic() throws IOException {
        Path f = write("bad.npy", "NUMPY? not really".getBytes(StandardCharsets.US_ASCII));
        assertMessage(f + ": not a .npy file (wrong magic bytes)", f);
    }

    @Test
    void refusesCorruptHeader() throws IOException {
        byte[] bytes = Files.readAllBytes(fixture("f4_le_c.npy"));
        String header = new String(bytes, StandardCharsets.ISO_8859_1).replace("'shape': (2, 3, 4)", "'shape': (2, 3; 4)");
        Path f = write("corrupt.npy", header.getBytes(StandardCharsets.ISO_8859_1));
        assertMessage(f + ": corrupt .npy header: expected ',' or ')' at offset 55", f);
    }

    @Test
    void refusesHeaderLengthBeyondTheFile() throws IOException {
        byte[] bytes = Files.readAllBytes(fixture("f4_le_c.npy"));
        bytes[8] = (byte) 0xff;
        bytes[9] = (byte) 0x7f;
        Path f = write("long-header.npy", bytes);
        assertMessage(f + ": truncated: the file ends inside its header", f);
    }

    @Test
    void refusesTruncatedData() throws IOException {
        byte[] bytes = Files.readAllBytes(fixture("f4_le_c.npy"));
        Path f = write("truncated.npy", Arrays.copyOf(bytes, bytes.length - 10));
        assertMessage(f + ": truncated: the header announces 96 bytes of data ((2, 3, 4) float32) but only 86 follow", f);
    }

    @Test
    void refusesBytesAfterTheData() throws IOException {
        byte[] bytes = Files.readAllBytes(fixture("f4_le_c.npy"));
        Path f = write("long.npy", Arrays.copyOf(bytes, bytes.length + 4));
        assertMessage(f + ": 4 unexpected bytes after the data of the array (2, 3, 4) float32 (corrupt header or file)", f);
    }

    @Test
    void refusesStructuredAndStringArrays() {
        assertMessage(fixture("structured.npy") + ": unsupported dtype: structured (record) arrays are not supported;"
                + " save a plain numeric array", fixture("structured.npy"));
        assertMessage(fixture("strings.npy") + ": unsupported dtype '<U1': expected float16/32/64, int8/16/32/64,"
                + " uint8/16/32/64 or bool", fixture("strings.npy"));
    }

    @Test
    void refusesAnArrayLargerThanMemoryBeforeReadingIt() throws IOException {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 19), }";
        Path f = write("huge.npy", npy(dict, new byte[0]));
        InputException e = assertThrows(InputException.class, () -> NpyReader.read(f));
        assertEquals(f + ": truncated: the header announces 760000000000 bytes of data ((100000, 100000, 19) float32)"
                + " but only 0 follow", e.getMessage());

        // a header that tells the truth, about an array whose working arrays would not fit any heap
        Path g = write("honest.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1000,), }", new byte[4000]));
        InputException big = assertThrows(InputException.class, () -> NpyReader.read(g, FloatArrays.FRESH, shape -> 1L << 50));
        assertEquals(g + ": the array (1000,) float32 needs 0 MB of memory to load and 1125899907 MB more to compute with,"
                + " 1125899907 MB in all, more than the N MB this app may still use (raise the limit with FOCALSCOPE_HEAP,"
                + " e.g. FOCALSCOPE_HEAP=16g)", io.focalscope.TestFiles.heapFigureHidden(big.getMessage()));
    }

    @Test
    void refusesAMissingFile() {
        Path f = tmp.resolve("nothing-here.npy");
        assertMessage(f + ": cannot read: no such file", f);
    }

    @Test
    void refusesUnknownFormatVersion() throws IOException {
        byte[] bytes = Files.readAllBytes(fixture("f4_le_c.npy"));
        bytes[6] = 9;
        Path f = write("v9.npy", bytes);
        assertMessage(f + ": unsupported .npy format version 9.0", f);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(tmp.resolve(name), bytes);
    }

    static byte[] npy(String dict, byte[] data) {
        byte[] header = (dict + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[10 + header.length + data.length];
        System.arraycopy(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length, (byte) (header.length >> 8)}, 0, out, 0, 10);
        System.arraycopy(header, 0, out, 10, header.length);
        System.arraycopy(data, 0, out, 10 + header.length, data.length);
        return out;
    }

    private static void assertMessage(String expected, Path file) {
        InputException e = assertThrows(InputException.class, () -> NpyReader.read(file));
        assertEquals(expected, e.getMessage());
    }
}
