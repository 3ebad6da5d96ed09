package io.focalscope.render;

/**
 * log2 of a positive float from its exponent bits and a table of its mantissa's top 12 bits,
 * within 2e-4: enough to place a value among a colormap's 256 shades on a log scale, at a
 * fraction of Math.log's cost (a view of 2 million pixels is coloured, or binned, at every γ).
 */
final class FastLog {

    private static final int MANTISSA_BITS = 12;
    private static final float[] MANTISSA = new float[1 << MANTISSA_BITS];

    static {
        for (int k = 0; k < MANTISSA.length; k++) {
            MANTISSA[k] = (float) (Math.log(1 + (k + 0.5) / MANTISSA.length) / Math.log(2));
        }
    }

    private FastLog() {
    }

    /** log2(v) for a positive, finite v (a subnormal v is taken as if its exponent were -127). */
    static float log2(float v) {
        int bits = Float.floatToRawIntBits(v);
        int exponent = ((bits >>> 23) & 0xff) - 127;
        return exponent + MANTISSA[(bits >>> (23 - MANTISSA_BITS)) & (MANTISSA.length - 1)];
    }
}
