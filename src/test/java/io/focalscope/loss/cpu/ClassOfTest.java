package io.focalscope.loss.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import org.junit.jupiter.api.Test;

/** The arg-max's float-to-int conversion through the bits of c + 2^23: every class a float holds exactly, -1 where none. */
class ClassOfTest {

    private static int[] classOf(float[] c, boolean[] none) {
        FloatVector v = FloatVector.fromArray(VectorLanes.F, c, 0);
        VectorMask<Float> m = VectorMask.fromArray(VectorLanes.F, none, 0);
        int[] out = new int[VectorLanes.L];
        IntVector r = VectorLanes.classOf(v, m);
        r.intoArray(out, 0);
        return out;
    }

    @Test
    void everyClassUpToAMillionAndMinusOneWhereNone() {
        int lanes = VectorLanes.L;
        float[] c = new float[lanes];
        boolean[] none = new boolean[lanes];
        for (int first = 0; first < 1 << 20; first += lanes) {
            for (int j = 0; j < lanes; j++) {
                c[j] = first + j;
                none[j] = (first / lanes + j) % 7 == 0;
            }
            int[] out = classOf(c, none);
            for (int j = 0; j < lanes; j++) {
                assertEquals(none[j] ? -1 : first + j, out[j], "class " + (first + j));
            }
        }
        // the largest a float holds exactly below 2^23, and a NaN or ∞ class where the pixel has none
        c[0] = (1 << 23) - 1;
        c[1] = Float.NaN;
        c[2] = Float.POSITIVE_INFINITY;
        none[0] = false;
        none[1] = true;
        none[2] = true;
        int[] out = classOf(c, none);
        assertEquals((1 << 23) - 1, out[0]);
        assertEquals(-1, out[1]);
        assertEquals(-1, out[2]);
    }
}
