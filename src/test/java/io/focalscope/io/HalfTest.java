package io.focalscope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** float16 against NumPy 1.24's conversions (values in the comments: {@code np.float16} both ways). */
class HalfTest {

    @Test
    void halvesBecomeTheFloatsNumPyGives() {
        short[] bits = {0x0000, (short) 0x8000, 0x0001, 0x03FF, 0x0400, 0x3C00, 0x3555, 0x7BFF, 0x7C00, (short) 0xFC00, (short) 0xC000};
        float[] expected = {0f, -0f, 5.960464477539063e-08f, 6.097555160522461e-05f, 6.103515625e-05f, 1f, 0.333251953125f, 65504f,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -2f};
        for (int i = 0; i < bits.length; i++) {
            // bit for bit, so that -0 is not 0
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(Half.toFloat(bits[i])), Integer.toHexString(bits[i] & 0xFFFF));
        }
        assertTrue(Float.isNaN(Half.toFloat((short) 0x7E00)));
    }

    @Test
    void floatsRoundToTheHalvesNumPyGives() {
        float[] values = {0.1f, 1f / 3, 65504f, 65520f, 65519.99f, 1e-8f, 3e-8f, 6e-8f, -2.5f, 1e-5f, 6.103515625e-05f, 2049f, 2051f,
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        int[] expected = {0x2e66, 0x3555, 0x7bff, 0x7c00, 0x7bff, 0x0, 0x1, 0x1, 0xc100, 0xa8, 0x400, 0x6800, 0x6802, 0x7c00, 0xfc00};
        for (int i = 0; i < values.length; i++) {
            assertEquals(expected[i], Half.fromFloat(values[i]) & 0xFFFF, "from " + values[i]);
        }
        assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(Float.NaN))));
    }

    /**
     * Where the conversion changes path: float exponents beyond the half's largest (65536 and up, not
     * rounded there from below), halves without the implicit bit (2^-15 up to 2^-14), the signed zero
     * under the smallest half, and exact ties between two subnormal halves, which go to the even one.
     */
    @Test
    void floatsAtTheConversionsEdgesRoundAsNumPyDoes() {
        float[] values = {65536f, 70000f, 1e5f, -70000f, 3.0517578125e-05f, 4e-5f, -4e-5f, 6.1e-5f, -1e-8f, 0x1p-25f, 0x3p-25f, 0x5p-25f,
            -0x3p-25f};
        int[] expected = {0x7c00, 0x7c00, 0x7c00, 0xfc00, 0x200, 0x29f, 0x829f, 0x3ff, 0x8000, 0x0, 0x2, 0x2, 0x8002};
        for (int i = 0; i < values.length; i++) {
            assertEquals(expected[i], Half.fromFloat(values[i]) & 0xFFFF, "from " + values[i]);
        }
    }
}
