package io.focalscope.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The array the readers and writers pass around: how values are stored, converted and compared. */
class NdArrayTest {

    private static NdArray doubles(double... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            b.putDouble(v);
        }
        return new NdArray("z.npy", DType.FLOAT64, new int[] {values.length}, b.flip());
    }

    private static NdArray longs(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return new NdArray("y.npy", DType.INT64, new int[] {values.length}, b.flip());
    }

    @Test
    void floatsAreStoredAsTheDtypeAsked() {
        float[] values = {0.1f, -2.5f, 65504f};
        NdArray half = NdArray.ofFloats("h.npy", DType.FLOAT16, new int[] {3}, values);
        assertEquals(DType.FLOAT16, half.dtype());
        ByteBuffer bytes = half.data();
        assertEquals(6, bytes.remaining());
        // NumPy: np.float16([0.1, -2.5, 65504]).view(np.uint16) is [0x2e66, 0xc100, 0x7bff]
        assertArrayEquals(new int[] {0x2e66, 0xc100, 0x7bff},
                new int[] {bytes.getShort(0) & 0xffff, bytes.getShort(2) & 0xffff, bytes.getShort(4) & 0xffff});
        NdArray single = NdArray.ofFloats("f.npy", DType.FLOAT32, new int[] {3}, values);
        assertEquals(DType.FLOAT32, single.dtype());
        assertArrayEquals(values, single.toFloats());
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                () -> NdArray.ofFloats("d.npy", DType.FLOAT64, new int[] {3}, values));
        assertEquals("floats are stored as float16 or float32, not float64", wide.getMessage());
    }

    @Test
    void classIdsAreStoredAsBytesOrInts() {
        NdArray bytes = NdArray.ofBytes("b.npy", new int[] {2, 2}, new int[] {0, 1, 255, 7});
        assertEquals(DType.UINT8, bytes.dtype());
        assertEquals(2, bytes.rank());
        assertArrayEquals(new int[] {0, 1, 255, 7}, bytes.toInts());
        assertEquals("value 256 does not fit uint8", assertThrows(IllegalArgumentException.class,
                () -> NdArray.ofBytes("b.npy", new int[] {1}, new int[] {256})).getMessage());
        assertEquals("value -1 does not fit uint8", assertThrows(IllegalArgumentException.class,
                () -> NdArray.ofBytes("b.npy", new int[] {1}, new int[] {-1})).getMessage());
        NdArray ints = NdArray.ofInts("i.npy", new int[] {3}, new int[] {-5, 70000, 3});
        assertEquals(DType.INT32, ints.dtype());
        assertEquals(12, ints.data().remaining());
        assertArrayEquals(new int[] {-5, 70000, 3}, ints.toInts());
    }

    /** Every narrow integer type at its range's ends, signed and unsigned, as NumPy reads the same bytes. */
    @Test
    void narrowIntegersWidenWithTheirSign() {
        byte[] raw = {(byte) 0x80, (byte) 0xff, 0x00, 0x7f, 0x01, (byte) 0xfe, 0x34, 0x12};
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        // np.frombuffer(raw, 'i1'), 'u1', '?' (as stored), '<i2', '<u2', '<i4', '<u4'
        assertArrayEquals(new int[] {-128, -1, 0, 127, 1, -2, 52, 18}, new NdArray("a", DType.INT8, new int[] {8}, b).toInts());
        assertArrayEquals(new int[] {128, 255, 0, 127, 1, 254, 52, 18}, new NdArray("a", DType.UINT8, new int[] {8}, b).toInts());
        assertArrayEquals(new int[] {128, 255, 0, 127, 1, 254, 52, 18}, new NdArray("a", DType.BOOL, new int[] {8}, b).toInts());
        assertArrayEquals(new int[] {-128, 32512, -511, 4660}, new NdArray("a", DType.INT16, new int[] {4}, b).toInts());
        assertArrayEquals(new int[] {65408, 32512, 65025, 4660}, new NdArray("a", DType.UINT16, new int[] {4}, b).toInts());
        assertArrayEquals(new int[] {2130771840, 305462785}, new NdArray("a", DType.INT32, new int[] {2}, b).toInts());
        assertEquals("a: value 4278255871 at flat index 0 does not fit a class id", assertThrows(InputException.class,
                () -> new NdArray("a", DType.UINT32, new int[] {2}, ByteBuffer.wrap(new byte[] {-1, 0, 1, -1, 0, 0, 0, 0})
                        .order(ByteOrder.LITTLE_ENDIAN)).toInts()).getMessage());
    }

    /** int64 labels: the int range's two ends are ids (refused later, as any id outside the classes); beyond them, no. */
    @Test
    void wideIntegersConvertUpToTheIntRangesEnds() {
        assertArrayEquals(new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE}, longs(Integer.MAX_VALUE, Integer.MIN_VALUE).toInts());
        assertEquals("y.npy: value 2147483648 at flat index 1 does not fit a class id",
                assertThrows(InputException.class, () -> longs(0, 1L << 31).toInts()).getMessage());
        // a negative value as itself (it read 18446744071562067967, as if unsigned)
        assertEquals("y.npy: value -2147483649 at flat index 0 does not fit a class id",
                assertThrows(InputException.class, () -> longs(Integer.MIN_VALUE - 1L).toInts()).getMessage());
        ByteBuffer unsigned = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MIN_VALUE);
        assertEquals("u.npy: value 9223372036854775808 at flat index 0 does not fit a class id", assertThrows(InputException.class,
                () -> new NdArray("u.npy", DType.UINT64, new int[] {1}, unsigned).toInts()).getMessage());
    }

    /** float64 logits from 8192 up are noted, by their largest finite magnitude and float32's step there. */
    @Test
    void float64LogitsAsLargeAsFloat32StepsOfAThousandthAreNoted() {
        assertEquals(Optional.empty(), doubles(8191.99, -8191.99, 3).float32PrecisionNote());
        assertEquals(Optional.empty(), doubles(Double.POSITIVE_INFINITY, 1).float32PrecisionNote(), "infinities are not large values");
        assertEquals(Optional.empty(), NdArray.ofFloats("f.npy", DType.FLOAT32, new int[] {1}, new float[] {1e9f}).float32PrecisionNote());
        assertEquals(Optional.of("z.npy: float64 logits as large as 8.19e+03 are computed in float32, which holds numbers of that size"
                + " only in steps of 0.000977: the loss may differ from float64's (subtract each pixel's largest logit before saving,"
                + " which leaves the softmax as it is)"), doubles(1, -8192, Double.NEGATIVE_INFINITY).float32PrecisionNote());
        assertTrue(doubles(3, 1e8, 2e8, 5).float32PrecisionNote().orElseThrow().contains("as large as 2.00e+08 are computed in"
                + " float32, which holds numbers of that size only in steps of 16.0"));
    }

    @Test
    void arraysAreEqualByTypeShapeAndValues() {
        float[] values = {1f, 2f, 3f, 4f};
        NdArray floats = new NdArray("a.npy", new int[] {2, 2}, values);
        NdArray bytes = new NdArray("b.npy", DType.FLOAT32, new int[] {2, 2}, floats.data());
        assertEquals(floats, bytes, "held as floats or as bytes, whatever their sources");
        assertEquals(floats.hashCode(), bytes.hashCode());
        assertNotEquals(floats, new NdArray("a.npy", new int[] {4}, values), "another shape");
        assertNotEquals(floats, new NdArray("a.npy", new int[] {2, 2}, new float[] {1f, 2f, 3f, 5f}), "another value");
        assertNotEquals(floats, NdArray.ofInts("a.npy", new int[] {2, 2}, new int[] {1065353216, 1073741824, 1077936128, 1082130432}),
                "the same bytes as int32");
        assertNotEquals(floats, "a.npy");
        assertEquals("a.npy float32 (2, 2)", floats.toString());
    }
}
