package io.focalscope.numeric;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Each pixel's largest logit and its class (the first of equal largest; NaN never wins) over the
 * class planes of a tile, a vector of pixels at a time where the Vector API is there. By hand
 * because the plain loop keeps two figures per pixel, which the JIT does not vectorise: it took as
 * long as the 19 exponentials of label-issues' softmax in double.
 */
public final class LargestLogit {

    private LargestLogit() {
    }

    /**
     * @param z   logits {@code [C, stride]} from {@code planes}: class c's value of pixel j at {@code planes + c * stride + j}
     * @param max out: each pixel's largest logit
     * @param arg out: its class, as a float (exact for any class count an array can hold planes of)
     */
    public static void find(float[] z, int planes, int stride, int classes, float[] max, float[] arg, int len) {
        int j = 0;
        if (DoubleExp.VECTOR_API) {
            j = Lanes.find(z, planes, stride, classes, max, arg, len);
        }
        for (; j < len; j++) {
            float m = z[planes + j];
            int a = 0;
            for (int c = 1; c < classes; c++) {
                float v = z[planes + c * stride + j];
                if (v > m) {
                    m = v;
                    a = c;
                }
            }
            max[j] = m;
            arg[j] = a;
        }
    }

    /** The vector half, in a class of its own so that it loads only where the module is there. */
    private static final class Lanes {

        private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

        /**
         * The class is a float lane blended by the compare's own mask, counted up in a vector: an int
         * vector needs the mask cast to int lanes, and a class blended in as a scalar is broadcast
         * through a long, neither of which Java 17 compiles to plain instructions on AVX2 (16 ns a
         * pixel of 19 classes against 2, in the L1 cache).
         *
         * @return the pixels done, whole vectors of them
         */
        static int find(float[] z, int planes, int stride, int classes, float[] max, float[] arg, int len) {
            int j = 0;
            for (; j + F.length() <= len; j += F.length()) {
                // made here, not once before the loop: a vector held across the loop's back edge was
                // boxed on the heap at each turn (8 times slower)
                FloatVector one = FloatVector.broadcast(F, 1f);
                FloatVector m = FloatVector.fromArray(F, z, planes + j);
                FloatVector a = FloatVector.zero(F);
                FloatVector c = FloatVector.zero(F);
                for (int k = 1; k < classes; k++) {
                    c = c.add(one);
                    FloatVector v = FloatVector.fromArray(F, z, planes + k * stride + j);
                    VectorMask<Float> above = v.compare(VectorOperators.GT, m);
                    m = m.blend(v, above);
                    a = a.blend(c, above);
                }
                m.intoArray(max, j);
                a.intoArray(arg, j);
            }
            return j;
        }
    }
}
