package io.focalscope.loss.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector shape the kernels compute in (the widest this processor has) and loads and stores
 * that take a mask only for the last, partial block of a range: with a null mask they are the
 * plain, fast forms. One code path for full and partial blocks, instead of a scalar copy of the
 * arithmetic for the tail.
 */
final class VectorLanes {

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    static final int L = F.length();

    private VectorLanes() {
    }

    /** Null for a full block, else the mask of the lanes before {@code to}. */
    static VectorMask<Float> tail(int i, int to) {
        return i + L <= to ? null : F.indexInRange(i, to);
    }

    static FloatVector load(float[] a, int offset, VectorMask<Float> lanes) {
        return lanes == null ? FloatVector.fromArray(F, a, offset) : FloatVector.fromArray(F, a, offset, lanes);
    }

    static IntVector load(int[] a, int offset, VectorMask<Float> lanes) {
        return lanes == null ? IntVector.fromArray(I, a, offset) : IntVector.fromArray(I, a, offset, lanes.cast(I));
    }

    static void store(FloatVector v, float[] a, int offset, VectorMask<Float> lanes) {
        if (lanes == null) {
            v.intoArray(a, offset);
        } else {
            v.intoArray(a, offset, lanes);
        }
    }

    static void store(IntVector v, int[] a, int offset, VectorMask<Float> lanes) {
        if (lanes == null) {
            v.intoArray(a, offset);
        } else {
            v.intoArray(a, offset, lanes.cast(I));
        }
    }

    /**
     * {@code a[index[indexOffset + j]]} for each lane j (0 past the range's end), through the caller's
     * scratch array of {@link #L} floats. By hand: the Vector API's gather is no intrinsic on AVX2 in
     * Java 17, and its fallback allocated about 70 MB a pass at 2 million pixels (the post's pass took
     * 42 ms instead of 6).
     */
    static FloatVector gather(float[] a, int[] index, int indexOffset, VectorMask<Float> lanes, float[] scratch) {
        for (int j = 0; j < L; j++) {
            scratch[j] = lanes == null || lanes.laneIsSet(j) ? a[index[indexOffset + j]] : 0f;
        }
        return FloatVector.fromArray(F, scratch, 0);
    }

    /**
     * Sums lanes in float for 64 blocks at a time, then in double. The running lanes live in an
     * array, not in a vector field: a vector stored in an object's field is boxed at each add unless
     * the JIT removes the object, and it did not (34 MB of vectors a pass at 2 million pixels, the
     * softmax re-γ 8.6 ms against 5.9 without them).
     */
    static final class FloatSum {
        private final float[] lanes = new float[L];
        private int blocks;
        double total;

        void add(FloatVector v, boolean last) {
            FloatVector running = FloatVector.fromArray(F, lanes, 0).add(v);
            if (++blocks % 64 == 0 || last) {
                total += running.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
                running = FloatVector.zero(F);
            }
            running.intoArray(lanes, 0);
        }
    }

    private static final float LOG2_E = 1.44269504088896341f;
    /** 1.5 * 2^23 + 127: added to x log2(e), it leaves round(x log2(e)) + 127 in the low bits of the sum. */
    private static final float SHIFTER = 12582912f + 127f;
    private static final float LN2_HIGH = 0.693359375f;
    private static final float LN2_LOW = -2.12194440e-4f;

    /**
     * exp(x) within 2 float steps for x up to 88 (every use here is at most 0, or a rounding above
     * it), 0 below -87.3 where exp is subnormal; NaN stays NaN. 2^n e^r with n = round(x log2 e),
     * |r| ≤ ln 2 / 2 and Cephes' polynomial for e^r. By hand: the Vector API's EXP calls a stub
     * around which the JIT spills every live vector; inline, the softmax read took about 5 ms less
     * at 19 x 1024 x 2048 (2 threads, AVX2).
     */
    static FloatVector exp(FloatVector x) {
        VectorMask<Float> under = x.compare(VectorOperators.LT, -87.33654f);
        FloatVector t = x.fma(FloatVector.broadcast(F, LOG2_E), FloatVector.broadcast(F, SHIFTER));
        FloatVector n = t.sub(SHIFTER);
        FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_HIGH), x);
        r = n.fma(FloatVector.broadcast(F, -LN2_LOW), r);
        FloatVector p = FloatVector.broadcast(F, 1.9875691500e-4f);
        p = p.fma(r, FloatVector.broadcast(F, 1.3981999507e-3f));
        p = p.fma(r, FloatVector.broadcast(F, 8.3334519073e-3f));
        p = p.fma(r, FloatVector.broadcast(F, 4.1665795894e-2f));
        p = p.fma(r, FloatVector.broadcast(F, 1.6666665459e-1f));
        p = p.fma(r, FloatVector.broadcast(F, 5.0000001201e-1f));
        p = p.fma(r.mul(r), r).add(1f);
        FloatVector scale = t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(scale).blend(0f, under);
    }

    /** The lanes before the range's end as they are, those past it 0 (so that sums may take whole vectors). */
    static FloatVector inRange(FloatVector v, VectorMask<Float> lanes) {
        return lanes == null ? v : v.blend(0f, lanes.not());
    }

    /** Whether each lane's pixel is left out of the loss (its class index is C), lanes past the end too. */
    static VectorMask<Float> leftOut(int[] classIndex, int classes, int offset, VectorMask<Float> lanes) {
        VectorMask<Float> out = load(classIndex, offset, lanes).eq(classes).cast(F);
        return lanes == null ? out : out.or(lanes.not());
    }
}
