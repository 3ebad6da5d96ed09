package io.focalscope.numeric;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FirstLargestTest {

    /**
     * Against the definition, pixel by pixel: the largest logit and the first class that has it, a
     * NaN never taking the place of a number after it (at class 0 it stays, as the plain comparison
     * leaves it). Logits from a few values, so that most pixels have ties; whole and partial vectors,
     * one to 33 classes, a tile that starts inside its plane.
     */
    @Test
    void theLargestAndTheFirstClassThatHasIt() {
        SplittableRandom rng = new SplittableRandom(11);
        float[] values = {-3f, 0f, 0f, 2.5f, 2.5f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, -0f};
        for (int classes : new int[] {1, 2, 3, 19, 33}) {
            for (int len : new int[] {1, 7, 8, 9, 16, 37, 256}) {
                int hw = len + 11;
                int offset = 5;
                float[] z = new float[classes * hw];
                for (int i = 0; i < z.length; i++) {
                    z[i] = values[rng.nextInt(values.length)];
                }
                float[] max = new float[len];
                float[] arg = new float[len];
                FirstLargest.of(z, offset, hw, classes, max, arg, len);
                for (int j = 0; j < len; j++) {
                    float m = z[offset + j];
                    int a = 0;
                    for (int c = 1; c < classes; c++) {
                        if (z[offset + c * hw + j] > m) {
                            m = z[offset + c * hw + j];
                            a = c;
                        }
                    }
                    String where = classes + " classes, " + len + " pixels, pixel " + j;
                    assertEquals(Float.floatToRawIntBits(m), Float.floatToRawIntBits(max[j]), where);
                    assertEquals(a, (int) arg[j], where);
                }
            }
        }
    }

    /** Ties go to the first class, and the class is exact up to many classes (a float holds it); beyond 2^24 none is given. */
    @Test
    void tiesGoToTheFirstClass() {
        int classes = 300;
        int len = 20;
        float[] z = new float[classes * len];
        for (int j = 0; j < len; j++) {
            z[(100 + j) * len + j] = 7f; // pixel j's largest at class 100 + j, and again at class 250
            z[250 * len + j] = 7f;
        }
        float[] max = new float[len];
        float[] arg = new float[len];
        FirstLargest.of(z, 0, len, classes, max, arg, len);
        assertEquals("16777217 classes: a float holds a class index exactly up to 16777216", org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> FirstLargest.of(new float[0], 0, 0, (1 << 24) + 1, max, arg, 0)).getMessage());
        for (int j = 0; j < len; j++) {
            assertEquals(7f, max[j]);
            assertEquals(100 + j, (int) arg[j], "pixel " + j);
        }
    }
}
