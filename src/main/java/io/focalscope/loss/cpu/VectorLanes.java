package io.focalscope.loss.cpu;

import static io.focalscope.loss.cpu.ScalarFloats.EXP_OVERFLOW;
import static io.focalscope.loss.cpu.ScalarFloats.EXP_SUBNORMAL;
import static io.focalscope.loss.cpu.ScalarFloats.LN2_HIGH;
import static io.focalscope.loss.cpu.ScalarFloats.LN2_LOW;
import static io.focalscope.loss.cpu.ScalarFloats.LN2_TIMES_32;
import static io.focalscope.loss.cpu.ScalarFloats.LN_TWO_23;
import static io.focalscope.loss.cpu.ScalarFloats.LOG2_E;
import static io.focalscope.loss.cpu.ScalarFloats.SHIFTER;
import static io.focalscope.loss.cpu.ScalarFloats.SQRT_HALF;
import static io.focalscope.loss.cpu.ScalarFloats.TWO_23;
import static io.focalscope.loss.cpu.ScalarFloats.TWO_MINUS_32;

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

    private static final FloatVector EXP_P0 = FloatVector.broadcast(F, ScalarFloats.EXP_P0);
    private static final FloatVector EXP_P1 = FloatVector.broadcast(F, ScalarFloats.EXP_P1);
    private static final FloatVector EXP_P2 = FloatVector.broadcast(F, ScalarFloats.EXP_P2);
    private static final FloatVector EXP_P3 = FloatVector.broadcast(F, ScalarFloats.EXP_P3);
    private static final FloatVector EXP_P4 = FloatVector.broadcast(F, ScalarFloats.EXP_P4);
    private static final FloatVector EXP_P5 = FloatVector.broadcast(F, ScalarFloats.EXP_P5);

    /**
     * exp(x) within 2 float steps for x up to 88.7, ∞ above, where float's range ends, 0 below -87.3
     * where exp is subnormal; NaN stays NaN. 2^n e^r with n = round(x log2 e),
     * |r| ≤ ln 2 / 2 and Cephes' polynomial for e^r. By hand: the Vector API's EXP calls a stub
     * around which the JIT spills every live vector; inline, the softmax read took about 5 ms less
     * at 19 x 1024 x 2048 (2 threads, AVX2).
     */
    static FloatVector expFlushed(FloatVector x) {
        return expOfNonPositive(x).blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, EXP_OVERFLOW));
    }

    /**
     * exp(x) as {@link #expFlushed} for x ≤ 0 (and NaN), without its check for overflow: the
     * softmax sums take exp(z_c - max), and that check was two of the 19 operations they make per
     * class and pixel.
     */
    static FloatVector expOfNonPositive(FloatVector x) {
        VectorMask<Float> under = x.compare(VectorOperators.LT, EXP_SUBNORMAL);
        FloatVector t = x.fma(FloatVector.broadcast(F, LOG2_E), FloatVector.broadcast(F, SHIFTER));
        FloatVector n = t.sub(SHIFTER);
        FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_HIGH), x);
        r = n.fma(FloatVector.broadcast(F, -LN2_LOW), r);
        FloatVector p = EXP_P0.fma(r, EXP_P1).fma(r, EXP_P2).fma(r, EXP_P3).fma(r, EXP_P4).fma(r, EXP_P5);
        p = p.fma(r.mul(r), r).add(1f);
        FloatVector scale = t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(scale).blend(0f, under);
    }


    /**
     * exp(x) as {@link #expFlushed}, and subnormal where it is (down to -103.97, below which it
     * rounds to 0): the source post's p_t underflows to 0 only where PyTorch's does. One more add,
     * blend and multiply: the sums of the softmax, where a subnormal adds nothing to at least 1,
     * keep the flushed form.
     */
    static FloatVector exp(FloatVector x) {
        VectorMask<Float> low = x.compare(VectorOperators.LT, EXP_SUBNORMAL);
        FloatVector shifted = expFlushed(x.blend(x.add(LN2_TIMES_32), low));
        return shifted.mul(FloatVector.broadcast(F, 1f).blend(TWO_MINUS_32, low));
    }

    // Cephes' logf polynomial, as vectors: a constant vector is one load, where a broadcast in the
    // body adds bytecode enough that the JIT would not inline ln (430 bytes, over its limit of 325),
    // and a vector passed to a method not inlined is boxed on the heap
    private static final FloatVector LOG_P0 = FloatVector.broadcast(F, ScalarFloats.LOG_P0);
    private static final FloatVector LOG_P1 = FloatVector.broadcast(F, ScalarFloats.LOG_P1);
    private static final FloatVector LOG_P2 = FloatVector.broadcast(F, ScalarFloats.LOG_P2);
    private static final FloatVector LOG_P3 = FloatVector.broadcast(F, ScalarFloats.LOG_P3);
    private static final FloatVector LOG_P4 = FloatVector.broadcast(F, ScalarFloats.LOG_P4);
    private static final FloatVector LOG_P5 = FloatVector.broadcast(F, ScalarFloats.LOG_P5);
    private static final FloatVector LOG_P6 = FloatVector.broadcast(F, ScalarFloats.LOG_P6);
    private static final FloatVector LOG_P7 = FloatVector.broadcast(F, ScalarFloats.LOG_P7);
    private static final FloatVector LOG_P8 = FloatVector.broadcast(F, ScalarFloats.LOG_P8);
    private static final FloatVector LN2_LOW_V = FloatVector.broadcast(F, LN2_LOW);
    private static final FloatVector LN2_HIGH_V = FloatVector.broadcast(F, LN2_HIGH);
    private static final FloatVector MINUS_HALF = FloatVector.broadcast(F, -0.5f);
    private static final FloatVector ONE = FloatVector.broadcast(F, 1f);
    private static final FloatVector ZERO = FloatVector.zero(F);

    /**
     * ln(x) within 2 float steps for x a positive normal float, -∞ at 0 (anything else: see
     * {@link #logAnywhere}). Cephes' logf: x = 2^e m with m in [√½, √2) and a polynomial in m - 1.
     * By hand, as {@link #expFlushed}, and for one more reason: the Vector API's LOG gives, in the
     * last bit, one answer compiled (a stub) and another interpreted (Math.log per lane), so a loss
     * map depended on which pixels a thread reached before the JIT did (0.3 % of pixels, run to
     * run). Arithmetic and fma round the same either way. Lean on purpose: the JIT stops inlining a
     * method past about 18,000 nodes, and each vector operation costs hundreds; the checks of
     * {@link #logAnywhere} would take a loop with ln in it over that, and a vector handed to a call
     * it does not inline is boxed (ln took 3.6 ns an element instead of 1.1).
     */
    static FloatVector log(FloatVector x) {
        IntVector bits = x.reinterpretAsInts();
        FloatVector e = (FloatVector) bits.lanewise(VectorOperators.LSHR, 23).sub(126).convert(VectorOperators.I2F, 0);
        FloatVector m = bits.lanewise(VectorOperators.AND, 0x007fffff).lanewise(VectorOperators.OR, 0x3f000000).reinterpretAsFloats();
        VectorMask<Float> small = m.compare(VectorOperators.LT, SQRT_HALF);
        e = e.sub(ONE.blend(ZERO, small.not()));
        FloatVector f = m.add(m.blend(ZERO, small.not())).sub(ONE); // 2m - 1 below √½, else m - 1
        FloatVector z = f.mul(f);
        FloatVector y = LOG_P0.fma(f, LOG_P1).fma(f, LOG_P2).fma(f, LOG_P3).fma(f, LOG_P4).fma(f, LOG_P5).fma(f, LOG_P6)
                .fma(f, LOG_P7).fma(f, LOG_P8).mul(f).mul(z);
        y = e.fma(LN2_LOW_V, y);
        y = z.fma(MINUS_HALF, y);
        return e.fma(LN2_HIGH_V, f.add(y)).blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
    }

    /** ln(x) as {@link #log}, and also right for subnormals, negative numbers and NaN (NaN) and ∞. */
    static FloatVector logAnywhere(FloatVector x) {
        VectorMask<Float> tiny = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        FloatVector scaled = log(x.blend(x.mul(TWO_23), tiny)).sub(ZERO.blend(LN_TWO_23, tiny));
        // NaN for x < 0 and NaN (which compare false), -∞ at 0, ∞ at ∞
        return scaled.blend(Float.NaN, x.compare(VectorOperators.GE, 0f).not())
                .blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f))
                .blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
    }

    /**
     * ln(1 + x) without the loss of ln's argument rounding for small x: u = 1 + x rounded, then
     * ln(u) x / (u - 1), which cancels the rounding (Goldberg); x itself where u is 1.
     */
    static FloatVector log1p(FloatVector x) {
        FloatVector u = x.add(1f);
        FloatVector d = u.sub(1f);
        FloatVector lnU = logAnywhere(u);
        return lnU.mul(x.div(d)).blend(x, d.compare(VectorOperators.EQ, 0f))
                .blend(lnU, u.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
    }

    /**
     * e^x - 1 without cancellation for small x: u = e^x, then (u - 1) x / ln u (Kahan); x where u
     * rounds to 1, -1 where u is 0, u itself where it is ∞.
     */
    static FloatVector expm1(FloatVector x) {
        FloatVector u = expFlushed(x);
        FloatVector d = u.sub(1f);
        return d.mul(x.div(logAnywhere(u))).blend(x, u.compare(VectorOperators.EQ, 1f).or(x.compare(VectorOperators.NE, x)))
                .blend(-1f, d.compare(VectorOperators.EQ, -1f))
                .blend(u, u.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
    }

    // The same over an array's first len values, in to out (which may be the same array). Each loop
    // is a method of its own, and a method that calls them holds no vector code: the JIT stops
    // inlining past about 18,000 nodes (a vector operation costs hundreds, ln alone about 15,000),
    // and then a vector that crosses a call it did not inline is boxed on the heap; an array never is.

    static void exp(float[] in, float[] out, int len) {
        for (int j = 0; j < len; j += L) {
            VectorMask<Float> lanes = tail(j, len);
            store(exp(load(in, j, lanes)), out, j, lanes);
        }
    }

    static void expFlushed(float[] in, float[] out, int len) {
        for (int j = 0; j < len; j += L) {
            VectorMask<Float> lanes = tail(j, len);
            store(expFlushed(load(in, j, lanes)), out, j, lanes);
        }
    }

    static void log(float[] in, float[] out, int len) {
        for (int j = 0; j < len; j += L) {
            VectorMask<Float> lanes = tail(j, len);
            store(log(load(in, j, lanes)), out, j, lanes);
        }
    }

    static void negate(float[] in, float[] out, int len) {
        for (int j = 0; j < len; j += L) {
            VectorMask<Float> lanes = tail(j, len);
            store(load(in, j, lanes).neg(), out, j, lanes);
        }
    }

    /**
     * ln(1 + x) for finite x ≥ 0 (∞ gives NaN: ∞/∞): ln of 1 + x rounded, then Goldberg's correction;
     * {@code out} must not be {@code in}.
     */
    static void log1p(float[] in, float[] out, int len) {
        logOfOnePlus(in, out, len);
        goldberg(in, out, len);
    }

    static void logOfOnePlus(float[] in, float[] out, int len) {
        for (int j = 0; j < len; j += L) {
            VectorMask<Float> lanes = tail(j, len);
            store(log(load(in, j, lanes).add(ONE)), out, j, lanes);
        }
    }

    /** ln(u) x / (u - 1) with u = 1 + x rounded, which cancels the rounding; x where u is 1. */
    static void goldberg(float[] x, float[] lnU, int len) {
        for (int j = 0; j < len; j += L) {
            VectorMask<Float> lanes = tail(j, len);
            FloatVector v = load(x, j, lanes);
            FloatVector d = v.add(ONE).sub(ONE);
            store(load(lnU, j, lanes).mul(v.div(d)).blend(v, d.compare(VectorOperators.EQ, 0f)), lnU, j, lanes);
        }
    }

    /**
     * e^x - 1 (x up to 88): u = e^x, then Kahan's (u - 1) x / ln u; {@code u} is scratch, and
     * {@code out} must not be {@code in}.
     */
    static void expm1(float[] in, float[] out, float[] u, int len) {
        expFlushed(in, u, len);
        log(u, out, len);
        kahan(in, u, out, len);
    }

    /** (u - 1) x / ln u, x where u rounds to 1 (and NaN), -1 where u is 0. */
    static void kahan(float[] x, float[] u, float[] lnU, int len) {
        for (int j = 0; j < len; j += L) {
            VectorMask<Float> lanes = tail(j, len);
            FloatVector v = load(x, j, lanes);
            FloatVector e = load(u, j, lanes);
            FloatVector d = e.sub(ONE);
            store(d.mul(v.div(load(lnU, j, lanes))).blend(v, e.compare(VectorOperators.EQ, 1f).or(v.compare(VectorOperators.NE, v)))
                    .blend(-1f, d.compare(VectorOperators.EQ, -1f)), lnU, j, lanes);
        }
    }

    /** 2^23: a whole float below it, added to it, leaves its value in the low bits of the sum's. */
    private static final float TWO_23_BIAS = 8388608f;
    /** The float whose bits less 2^23's are -1. */
    private static final float MINUS_ONE_BIASED = 8388607.5f;

    /**
     * A class held as a whole float, as an int, -1 where {@code none}: through the bits of c + 2^23.
     * On AVX2 the Vector API's float-to-int conversion is no intrinsic (its fallback allocated 86 MB
     * a softmax read), and a loop lane by lane took about 4 of the read's 86 thread-ms.
     */
    static IntVector classOf(FloatVector c, VectorMask<Float> none) {
        return c.add(TWO_23_BIAS).blend(MINUS_ONE_BIASED, none).reinterpretAsInts().sub(Float.floatToRawIntBits(TWO_23_BIAS));
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
