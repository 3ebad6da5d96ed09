package io.focalscope.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The header's dict: what other writers put there besides NumPy's exact text, and each refusal's words. */
class NpyHeaderTest {

    private static final String DICT = "{'descr': '<f4', 'fortran_order': False, 'shape': %s, }";

    private static String refusal(String text) {
        return assertThrows(InputException.class, () -> NpyHeader.parse("h.npy", text)).getMessage();
    }

    @Test
    void readsTheLiteralsOtherWritersSpaceOrEndOtherwise() {
        // spaces before colons and commas, no trailing comma, Python 2's long suffix, double quotes
        NpyHeader h = NpyHeader.parse("h.npy", "{ \"descr\" : '<f4' , 'fortran_order' : False , 'shape' : ( 2L , 3L ) }");
        assertArrayEquals(new int[] {2, 3}, h.shape());
        assertEquals(DType.FLOAT32, h.dtype());
        assertArrayEquals(new int[] {4}, NpyHeader.parse("h.npy", String.format(DICT, "(4L,)")).shape());
        assertArrayEquals(new int[] {}, NpyHeader.parse("h.npy", String.format(DICT, "()")).shape());
    }

    @Test
    void refusesHeadersThatEndEarly() {
        assertEquals("h.npy: corrupt .npy header: the header ends early", refusal("{'descr':"));
        assertEquals("h.npy: corrupt .npy header: the header ends early", refusal("{'descr': '<f4', 'shape': (2"));
        assertEquals("h.npy: corrupt .npy header: the header ends early", refusal("{'descr': '<f4', 'shape': (2L"));
        assertEquals("h.npy: corrupt .npy header: the header ends early", refusal("{'descr'"));
        assertEquals("h.npy: corrupt .npy header: unterminated string", refusal("{'descr: 1}"));
    }

    /** Depth counts brackets open at once, not brackets met: forty tuples side by side nest one deep. */
    @Test
    void nestingIsCountedByDepthNotByCount() {
        String many = "(" + "(), ".repeat(40) + ")";
        assertEquals("h.npy: corrupt .npy header: shape holds [], not a dimension", refusal(String.format(DICT, many)));
        String deep = "(".repeat(40) + ")".repeat(40);
        assertEquals("h.npy: corrupt .npy header: brackets nested more than 32 deep at offset 81", refusal(String.format(DICT, deep)));
    }

    /** Dimensions up to the int range pass the header (an array's own limits come after); beyond, no. */
    @Test
    void dimensionsAreBoundedByTheIntRange() {
        assertArrayEquals(new int[] {Integer.MAX_VALUE}, NpyHeader.parse("h.npy", String.format(DICT, "(2147483647,)")).shape());
        assertEquals("h.npy: array dimension 2147483648 is too large", refusal(String.format(DICT, "(2147483648,)")));
        assertEquals("h.npy: array dimension 999999999999999999 is too large", refusal(String.format(DICT, "(999999999999999999,)")));
        assertEquals("h.npy: corrupt .npy header: dimension 1000000000000000000 is too large",
                refusal(String.format(DICT, "(1000000000000000000,)")));
        assertEquals("h.npy: array shape [2147483647, 2147483647, 2147483647] is too large",
                refusal(String.format(DICT, "(2147483647, 2147483647, 2147483647)")));
    }

    @Test
    void refusesDescriptionsWithoutAType() {
        assertEquals("h.npy: unsupported dtype '<f': expected float16/32/64, int8/16/32/64, uint8/16/32/64 or bool",
                refusal("{'descr': '<f', 'fortran_order': False, 'shape': (2,), }"));
        assertEquals("h.npy: unsupported dtype '*f4': expected float16/32/64, int8/16/32/64, uint8/16/32/64 or bool",
                refusal("{'descr': '*f4', 'fortran_order': False, 'shape': (2,), }"));
    }

    /** The header we write, byte for byte as NumPy 1.24's np.save writes these arrays' (padded to 128). */
    @Test
    void writesTheHeaderNumPyWrites() {
        assertEquals("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3), }" + " ".repeat(58) + "\n",
                text(NpyHeader.format(DType.UINT8, new int[] {2, 3})));
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }" + " ".repeat(60) + "\n",
                text(NpyHeader.format(DType.FLOAT32, new int[] {5})));
        assertEquals("{'descr': '<f2', 'fortran_order': False, 'shape': (2, 2), }" + " ".repeat(58) + "\n",
                text(NpyHeader.format(DType.FLOAT16, new int[] {2, 2})));
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 19, 512, 1024), }" + " ".repeat(46) + "\n",
                text(NpyHeader.format(DType.FLOAT32, new int[] {1, 19, 512, 1024})));
        // a longer shape goes on to the next multiple of 64 (with the 10 bytes before it): 12 dimensions of 7 digits
        int[] twelve = new int[12];
        java.util.Arrays.fill(twelve, 1000000);
        String wide = text(NpyHeader.format(DType.FLOAT32, twelve));
        assertEquals(182, wide.length());
        assertEquals('\n', wide.charAt(181));
        assertEquals(' ', wide.charAt(180));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
