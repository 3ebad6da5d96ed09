package io.focalscope.numeric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LargestLogitTest {

    /** Each pixel's maximum and its class, found one pixel at a time. */
    private static void expected(float[] z, int planes, int stride, int classes, float[] max, float[] arg, int len) {
        for (int j = 0; j < len; j++) {
            max[j] = z[planes + j];
            arg[j] = 0;
            for (int c = 1; c < classes; c++) {
                if (z[planes + c * stride + j] > max[j]) {
                    max[j] = z[planes + c * stride + j];
                    arg[j] = c;
                }
            }
        }
    }

    @Test
    void theLargestAndTheFirstClassThatHasItOnVectorsAndTheTail() {
        SplittableRandom rng = new SplittableRandom(2);
        int classes = 7;
        int stride = 301; // a plane longer than the tile read, from an offset: not a multiple of any vector
        int len = 259;
        int planes = 3;
        float[] z = new float[planes + classes * stride];
        for (int i = 0; i < z.length; i++) {
            z[i] = rng.nextInt(4) == 0 ? 2f : (float) rng.nextGaussian(); // many ties at 2
        }
        float[] max = new float[len];
        float[] arg = new float[len];
        LargestLogit.find(z, planes, stride, classes, max, arg, len);
        float[] wantMax = new float[len];
        float[] wantArg = new float[len];
        expected(z, planes, stride, classes, wantMax, wantArg, len);
        assertArrayEquals(wantMax, max);
        assertArrayEquals(wantArg, arg);
    }

    @Test
    void tiesGoToTheFirstClassAndNanNeverWins() {
        int classes = 3;
        int len = 16; // two vectors of 8 floats, or one of 16
        float[] z = new float[classes * len];
        for (int j = 0; j < len; j++) {
            z[j] = 1f;
            z[len + j] = j % 2 == 0 ? 1f : Float.NaN;
            z[2 * len + j] = j == 5 ? 3f : 0f;
        }
        float[] max = new float[len];
        float[] arg = new float[len];
        LargestLogit.find(z, 0, len, classes, max, arg, len);
        for (int j = 0; j < len; j++) {
            assertEquals(j == 5 ? 3f : 1f, max[j], "pixel " + j);
            assertEquals(j == 5 ? 2 : 0, arg[j], "pixel " + j);
        }
    }
}
