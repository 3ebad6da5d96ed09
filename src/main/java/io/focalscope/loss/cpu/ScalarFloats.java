package io.focalscope.loss.cpu;

/**
 * {@link VectorLanes}' exp and ln one float at a time, operation for operation, so that they give
 * the same bits: the same constants (held here, and broadcast by {@link VectorLanes}), the same
 * fused multiply-adds, the same order. Plain float code runs fast before the JIT has compiled it
 * (see {@link ScalarSoftmax}).
 */
public final class ScalarFloats {

    static final float LOG2_E = 1.44269504088896341f;
    /** 1.5 * 2^23 + 127: added to x log2(e), it leaves round(x log2(e)) + 127 in the low bits of the sum. */
    static final float SHIFTER = 12582912f + 127f;
    static final float LN2_HIGH = 0.693359375f;
    static final float LN2_LOW = -2.12194440e-4f;
    /** Cephes' polynomial for e^r, |r| ≤ ln 2 / 2. */
    static final float EXP_P0 = 1.9875691500e-4f;
    static final float EXP_P1 = 1.3981999507e-3f;
    static final float EXP_P2 = 8.3334519073e-3f;
    static final float EXP_P3 = 4.1665795894e-2f;
    static final float EXP_P4 = 1.6666665459e-1f;
    static final float EXP_P5 = 5.0000001201e-1f;
    /** Above it exp overflows to ∞; below the other, exp is subnormal (flushed to 0 where asked). */
    static final float EXP_OVERFLOW = 88.72283f;
    static final float EXP_SUBNORMAL = -87.33654f;
    /** 2^-32, and 32 ln 2: exp(x) = exp(x + 32 ln 2) 2^-32 below -87.3, where 2^n alone is no normal float. */
    static final float TWO_MINUS_32 = 2.3283064e-10f;
    static final float LN2_TIMES_32 = 22.18070977791825f;
    static final float SQRT_HALF = 0.70710678118654752f;
    static final float TWO_23 = 8388608f;
    /** 23 ln 2, taken off the ln of a subnormal scaled by 2^23. */
    static final float LN_TWO_23 = 23 * 0.693147180559945f;
    /** Cephes' logf polynomial in m - 1. */
    static final float LOG_P0 = 7.0376836292e-2f;
    static final float LOG_P1 = -1.1514610310e-1f;
    static final float LOG_P2 = 1.1676998740e-1f;
    static final float LOG_P3 = -1.2420140846e-1f;
    static final float LOG_P4 = 1.4249322787e-1f;
    static final float LOG_P5 = -1.6668057665e-1f;
    static final float LOG_P6 = 2.0000714765e-1f;
    static final float LOG_P7 = -2.4999993993e-1f;
    static final float LOG_P8 = 3.3333331174e-1f;

    private ScalarFloats() {
    }

    /** {@link VectorLanes#expOfNonPositive}. */
    public static float expOfNonPositive(float x) {
        float t = Math.fma(x, LOG2_E, SHIFTER);
        float n = t - SHIFTER;
        float r = Math.fma(n, -LN2_HIGH, x);
        r = Math.fma(n, -LN2_LOW, r);
        float p = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(EXP_P0, r, EXP_P1), r, EXP_P2), r, EXP_P3), r, EXP_P4), r, EXP_P5);
        p = Math.fma(p, r * r, r) + 1f;
        float scale = Float.intBitsToFloat(Float.floatToRawIntBits(t) << 23);
        return x < EXP_SUBNORMAL ? 0f : p * scale;
    }

    /** {@link VectorLanes#expFlushed}. */
    static float expFlushed(float x) {
        return x > EXP_OVERFLOW ? Float.POSITIVE_INFINITY : expOfNonPositive(x);
    }

    /** {@link VectorLanes#exp}: subnormal where it is. */
    static float exp(float x) {
        boolean low = x < EXP_SUBNORMAL;
        float shifted = expFlushed(low ? x + LN2_TIMES_32 : x);
        return shifted * (low ? TWO_MINUS_32 : 1f);
    }

    /** {@link VectorLanes#log}: for a positive normal float, -∞ at 0. */
    static float log(float x) {
        int bits = Float.floatToRawIntBits(x);
        float e = (float) ((bits >>> 23) - 126);
        float m = Float.intBitsToFloat(bits & 0x007fffff | 0x3f000000);
        boolean small = m < SQRT_HALF;
        e = e - (small ? 1f : 0f);
        float f = m + (small ? m : 0f) - 1f;
        float z = f * f;
        float y = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(LOG_P0, f, LOG_P1), f, LOG_P2), f,
                LOG_P3), f, LOG_P4), f, LOG_P5), f, LOG_P6), f, LOG_P7), f, LOG_P8) * f * z;
        y = Math.fma(e, LN2_LOW, y);
        y = Math.fma(z, -0.5f, y);
        return x == 0f ? Float.NEGATIVE_INFINITY : Math.fma(e, LN2_HIGH, f + y);
    }

    /** {@link VectorLanes#logAnywhere}: also right for subnormals, negative numbers and NaN (NaN), and ∞. */
    static float logAnywhere(float x) {
        boolean tiny = x < Float.MIN_NORMAL;
        float scaled = log(tiny ? x * TWO_23 : x) - (tiny ? LN_TWO_23 : 0f);
        if (!(x >= 0f)) {
            return Float.NaN;
        }
        if (x == 0f) {
            return Float.NEGATIVE_INFINITY;
        }
        return x == Float.POSITIVE_INFINITY ? Float.POSITIVE_INFINITY : scaled;
    }
}
