package io.focalscope.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FloatArraysTest {

    @Test
    void reusingHandsOutTheLastArrayOfTheSameLength() {
        FloatArrays arrays = FloatArrays.reusing();
        float[] first = arrays.take(12);
        assertSame(first, arrays.take(12));
        assertNotSame(first, arrays.take(13));
        assertNotSame(FloatArrays.FRESH.take(12), FloatArrays.FRESH.take(12));
    }

    /** What the memory budget asks before a read: an array held already costs nothing more. */
    @Test
    void reusingHoldsOnlyTheLengthItHandedOutLast() {
        FloatArrays arrays = FloatArrays.reusing();
        assertFalse(arrays.holds(12));
        arrays.take(12);
        assertTrue(arrays.holds(12));
        assertFalse(arrays.holds(13));
        arrays.take(13);
        assertFalse(arrays.holds(12));
        assertFalse(FloatArrays.FRESH.holds(12));
    }

    @Test
    void aFileReadIntoAReusedArrayHoldsOnlyItsOwnValues(@TempDir Path dir) {
        Path a = dir.resolve("a.npy");
        Path b = dir.resolve("b.npy");
        NpyWriter.writeFloat32(a, new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});
        NpyWriter.writeFloat32(b, new int[] {3, 2}, new float[] {-1, -2, -3, -4, -5, -6});
        FloatArrays arrays = FloatArrays.reusing();
        float[] first = NpyReader.read(a, arrays).toFloats();
        float[] second = NpyReader.read(b, arrays).toFloats();
        assertSame(first, second);
        assertArrayEquals(new float[] {-1, -2, -3, -4, -5, -6}, second);
    }
}
