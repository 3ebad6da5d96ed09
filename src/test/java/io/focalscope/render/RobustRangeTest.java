package io.focalscope.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The automatic colour range: percentiles, not the extremes; and the fast log it is binned with. */
class RobustRangeTest {

    @Test
    void aFewExtremePixelsDoNotStretchTheLinearRange() {
        // 10,000 values 0..9,999 and 8 pixels at 1e6 (0.08 %): the 99.9th percentile lies below them
        float[] v = new float[10_008];
        for (int i = 0; i < 10_000; i++) {
            v[i] = i;
        }
        for (int i = 10_000; i < v.length; i++) {
            v[i] = 1e6f;
        }
        Range r = RobustRange.of(v, 0, v.length, 1, all(v.length), Scale.LINEAR);
        // bins are 1/16 of a power of two wide: within about 4 % of the exact percentiles
        assertEquals(0.005 * 10_007, r.lo(), 0.07 * 50, "the 0.5th percentile");
        assertEquals(9_997, r.hi(), 0.07 * 10_000, "the 99.9th percentile, not the outliers");
    }

    @Test
    void onALogScaleTheRangeSpansThePositiveValuesPercentiles() {
        // log-uniform values over 12 decades, a zero and NaN: the range is their 0.5th to 99.9th percentile
        Random rng = new Random(3);
        float[] v = new float[100_002];
        for (int i = 0; i < 100_000; i++) {
            v[i] = (float) Math.pow(10, -12 + 12 * rng.nextDouble());
        }
        v[100_000] = 0;
        v[100_001] = Float.NaN;
        Range r = RobustRange.of(v, 0, v.length, 1, all(v.length), Scale.LOG);
        assertEquals(-12 + 12 * 0.005, Math.log10(r.lo()), 0.03);
        assertEquals(-12 + 12 * 0.999, Math.log10(r.hi()), 0.03);
    }

    @Test
    void hiddenPixelsAndAnEmptyMapGiveNoRange() {
        float[] v = {1, 2, 3};
        assertNull(RobustRange.of(v, 0, 3, 1, none(3), Scale.LINEAR));
        assertNull(RobustRange.of(new float[] {0, -1}, 0, 2, 1, all(2), Scale.LOG));
        Range one = RobustRange.of(new float[] {5, 5}, 0, 2, 1, all(2), Scale.LINEAR);
        assertEquals(5, one.lo());
        assertEquals(5, one.hi());
    }

    @Test
    void binsFollowTheFloatsOrderAcrossZero() {
        float[] ordered = {-1e30f, -5f, -1e-30f, 0f, 1e-30f, 5f, 1e30f};
        for (int i = 1; i < ordered.length; i++) {
            int a = RobustRange.bin(ordered[i - 1]);
            int b = RobustRange.bin(ordered[i]);
            assertTrue(a <= b, ordered[i - 1] + " in bin " + a + ", " + ordered[i] + " in bin " + b);
            assertTrue(RobustRange.lowest(b) <= ordered[i] && ordered[i] < RobustRange.lowest(b + 1) || ordered[i] == 0,
                    ordered[i] + " lies in its bin");
        }
        Range mixed = RobustRange.of(new float[] {-2, -1, 0, 1, 2}, 0, 5, 1, all(5), Scale.LINEAR);
        assertEquals(-2, mixed.lo());
        assertEquals(2, mixed.hi());
    }

    /** Every pixel of a one-row map of n shown (labelled, finite, of a class not hidden). */
    static RobustRange.ShownPixels all(int n) {
        return new RobustRange.ShownPixels(new int[n], new int[n], 0, -1, new boolean[1]);
    }

    /** No pixel shown: their one class is hidden. */
    static RobustRange.ShownPixels none(int n) {
        return new RobustRange.ShownPixels(new int[n], new int[n], 0, -1, new boolean[] {true});
    }

    @Test
    void fastLogIsWithinTwoTenThousandthsOfLog2() {
        Random rng = new Random(9);
        for (int i = 0; i < 100_000; i++) {
            float x = (float) Math.pow(10, -37.9 + 75.9 * rng.nextDouble()); // the normal floats
            assertEquals(Math.log(x) / Math.log(2), FastLog.log2(x), 2e-4, "log2 of " + x);
        }
    }
}
