package io.focalscope.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * An n-dimensional array as read from a file: its element type, its shape and its values in C
 * (row-major) order, whatever order the file had. The values are raw little-endian bytes, or, for
 * float32 (the usual logits), the floats themselves: a reader fills those directly, so a large
 * logits file passes through memory once, not as bytes and then as floats.
 */
public final class NdArray {

    private final String source;
    private final DType dtype;
    private final int[] shape;
    private final ByteBuffer data;
    private final float[] floats;

    /**
     * @param source where it came from, as the user named it (for messages)
     * @param data   the values as little-endian bytes in C order
     */
    public NdArray(String source, DType dtype, int[] shape, ByteBuffer data) {
        this.source = source;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.floats = null;
        long expected = elementCount(shape) * dtype.size();
        if (this.data.remaining() != expected) {
            throw new IllegalArgumentException("data holds " + this.data.remaining() + " bytes, shape needs " + expected);
        }
    }

    /** A float32 array holding {@code values} themselves (not a copy). */
    public NdArray(String source, int[] shape, float[] values) {
        if (elementCount(shape) != values.length) {
            throw new IllegalArgumentException("shape " + formatShape(shape) + " does not hold " + values.length + " values");
        }
        this.source = source;
        this.dtype = DType.FLOAT32;
        this.shape = shape.clone();
        this.data = null;
        this.floats = values;
    }

    public String source() {
        return source;
    }

    public DType dtype() {
        return dtype;
    }

    /** The values as little-endian bytes in C order (made on demand for a float-backed array). */
    public ByteBuffer data() {
        if (data != null) {
            return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        }
        ByteBuffer b = ByteBuffer.allocate(floats.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(floats);
        return b;
    }

    /** An array of floats stored as {@code dtype} (float16 or float32), for writing. */
    public static NdArray ofFloats(String source, DType dtype, int[] shape, float[] values) {
        if (dtype == DType.FLOAT32) {
            return new NdArray(source, shape, values);
        }
        ByteBuffer b = ByteBuffer.allocate(values.length * dtype.size()).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            switch (dtype) {
                case FLOAT16 -> b.putShort(Half.fromFloat(v));
                case FLOAT32 -> b.putFloat(v);
                default -> throw new IllegalArgumentException("floats are stored as float16 or float32, not " + dtype);
            }
        }
        return new NdArray(source, dtype, shape, b.flip());
    }

    /** An array of small non-negative ints (class ids) stored as uint8, for writing. */
    public static NdArray ofBytes(String source, int[] shape, int[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length);
        for (int v : values) {
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("value " + v + " does not fit uint8");
            }
            b.put((byte) v);
        }
        return new NdArray(source, DType.UINT8, shape, b.flip());
    }

    /** An array of ints stored as int32, for writing. */
    public static NdArray ofInts(String source, int[] shape, int[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        return new NdArray(source, DType.INT32, shape, b);
    }

    public static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    public int rank() {
        return shape.length;
    }

    public int elementCount() {
        return (int) elementCount(shape);
    }

    public int[] shape() {
        return shape.clone();
    }

    /** The shape as NumPy prints it: {@code (2, 19, 64, 128)}. */
    public String shapeText() {
        return formatShape(shape);
    }

    public static String formatShape(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        return Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * The values as floats; integers convert exactly up to 2^24, float64 rounds to nearest. A
     * float-backed array returns its own floats: treat them as read-only.
     */
    public float[] toFloats() {
        if (floats != null) {
            return floats;
        }
        int n = elementCount();
        float[] out = new float[n];
        ByteBuffer b = data();
        switch (dtype) {
            case FLOAT32 -> b.asFloatBuffer().get(out);
            case FLOAT64 -> {
                var d = b.asDoubleBuffer();
                for (int i = 0; i < n; i++) {
                    out[i] = (float) d.get(i);
                }
            }
            case FLOAT16 -> {
                var s = b.asShortBuffer();
                for (int i = 0; i < n; i++) {
                    out[i] = Half.toFloat(s.get(i));
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) integerAt(b, i);
                }
            }
        }
        return out;
    }

    /**
     * What narrowing these values to float32 ({@link #toFloats}) costs, where it costs something a
     * loss would show: float64 values of 8192 and more are rounded in steps of 0.001 and more, and a
     * softmax depends on the differences between a pixel's logits (a common offset of 1e8 moved a
     * loss by 39 %). Empty for float32 and for float64 values below that.
     */
    public java.util.Optional<String> float32PrecisionNote() {
        if (dtype != DType.FLOAT64) {
            return java.util.Optional.empty();
        }
        var d = data().asDoubleBuffer();
        double largest = 0;
        for (int i = 0, n = elementCount(); i < n; i++) {
            double v = Math.abs(d.get(i));
            largest = v > largest && v != Double.POSITIVE_INFINITY ? v : largest;
        }
        if (!(largest >= PRECISE_FLOAT32_LIMIT)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(String.format(java.util.Locale.ROOT, "%s: float64 logits as large as %.3g are computed in"
                + " float32, which holds numbers of that size only in steps of %.3g: the loss may differ from float64's"
                + " (subtract each pixel's largest logit before saving, which leaves the softmax as it is)",
                source, largest, (double) Math.ulp((float) largest)));
    }

    /** Below this, float32 steps are under 0.001: too small to move a softmax loss visibly. */
    static final double PRECISE_FLOAT32_LIMIT = 8192;

    /**
     * The values as ints, for integral types only; a value outside the int range is an error (a
     * label map holds small class ids, so such a value means a corrupt or wrong file).
     */
    public int[] toInts() {
        if (!dtype.isIntegral()) {
            throw InputException.of(source, "expected integers, found " + dtype);
        }
        int n = elementCount();
        int[] out = new int[n];
        ByteBuffer b = data();
        if (widenedInBulk(b, out)) {
            return out;
        }
        for (int i = 0; i < n; i++) {
            long v = integerAt(b, i);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                // uint64 values beyond Long's range were refused in integerAt: v is the value itself
                throw InputException.of(source, "value " + v + " at flat index " + i + " does not fit a class id");
            }
            out[i] = (int) v;
        }
        return out;
    }

    /**
     * The types whose every value fits an int, copied in bulk and widened by a plain loop, which the
     * JIT compiles early: element by element through {@link #integerAt}, uncompiled, the first image
     * of label-issues (19 x 512 x 1024 and its uint8 labels) took 59-86 ms to read, against 41-50 ms
     * so and 10-20 ms for later images.
     *
     * @return false for the types whose values must be checked against the int range
     */
    private boolean widenedInBulk(ByteBuffer b, int[] out) {
        int n = out.length;
        switch (dtype) {
            case INT32 -> b.asIntBuffer().get(out);
            case INT8, UINT8, BOOL -> {
                byte[] bytes = new byte[n];
                b.get(0, bytes);
                int mask = dtype == DType.INT8 ? -1 : 0xff;
                for (int i = 0; i < n; i++) {
                    out[i] = bytes[i] & mask;
                }
            }
            case INT16, UINT16 -> {
                short[] shorts = new short[n];
                b.asShortBuffer().get(shorts);
                int mask = dtype == DType.INT16 ? -1 : 0xffff;
                for (int i = 0; i < n; i++) {
                    out[i] = shorts[i] & mask;
                }
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** An integral element widened to long; uint64 values above Long.MAX_VALUE come back negative. */
    private long integerAt(ByteBuffer b, int i) {
        return switch (dtype) {
            case INT8 -> b.get(i);
            case UINT8, BOOL -> b.get(i) & 0xffL;
            case INT16 -> b.getShort(2 * i);
            case UINT16 -> b.getShort(2 * i) & 0xffffL;
            case INT32 -> b.getInt(4 * i);
            case UINT32 -> b.getInt(4 * i) & 0xffffffffL;
            case INT64, UINT64 -> {
                long v = b.getLong(8 * i);
                if (dtype == DType.UINT64 && v < 0) {
                    throw InputException.of(source, "value " + Long.toUnsignedString(v) + " at flat index " + i
                            + " does not fit a class id");
                }
                yield v;
            }
            default -> throw new IllegalStateException(dtype + " is not integral");
        };
    }

    @Override
    public String toString() {
        return source + " " + dtype + " " + shapeText();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NdArray other && dtype == other.dtype && Arrays.equals(shape, other.shape)
                && data().equals(other.data());
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + dtype.hashCode();
    }
}
