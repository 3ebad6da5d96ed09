package io.focalscope;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;

/** Comparisons with the PyTorch golden values: float32 results against float64 references. */
public final class GoldenAssertions {

    /** Relative tolerance of float32 arithmetic against the float64 references. */
    public static final double RELATIVE = 2e-5;

    private GoldenAssertions() {
    }

    public static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, RELATIVE * Math.max(1e-3, Math.abs(expected)), what);
    }

    public static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertClose(expected[i], actual[i], what + "[" + i + "]");
        }
    }

    public static double[] doubles(JsonArray a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i).getAsDouble();
        }
        return d;
    }
}
