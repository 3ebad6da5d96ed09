package io.focalscope.numeric;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
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
     * @param z      logits {@code [C, stride]} from {@code planes}: class c's value of pixel j at {@code planes + c * stride + j}
     * @param max    out: each pixel's largest logit
     * @param arg    out: its class
     */
    public static void find(float[] z, int planes, int stride, int classes, float[] max, int[] arg, int len) {
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
        private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());

        /** @return the pixels done, whole vectors of them */
        static int find(float[] z, int planes, int stride, int classes, float[] max, int[] arg, int len) {
            int j = 0;
            for (; j + F.length() <= len; j += F.length()) {
                FloatVector m = FloatVector.fromArray(F, z, planes + j);
                IntVector a = IntVector.zero(I);
                for (int c = 1; c < classes; c++) {
                    FloatVector v = FloatVector.fromArray(F, z, planes + c * stride + j);
                    VectorMask<Float> above = v.compare(VectorOperators.GT, m);
                    m = m.blend(v, above);
                    a = a.blend(c, above.cast(I));
                }
                m.intoArray(max, j);
                a.intoArray(arg, j);
            }
            return j;
        }
    }
}
