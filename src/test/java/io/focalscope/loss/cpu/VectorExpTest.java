package io.focalscope.loss.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The kernels' own exp against {@link Math#exp} in double, over the range the softmax and the terms feed it. */
class VectorExpTest {

    private static float exp(float x) {
        return VectorLanes.exp(FloatVector.broadcast(VectorLanes.F, x)).lane(0);
    }

    private static float expFlushed(float x) {
        return VectorLanes.expFlushed(FloatVector.broadcast(VectorLanes.F, x)).lane(0);
    }

    private static float expOfNonPositive(float x) {
        return VectorLanes.expOfNonPositive(FloatVector.broadcast(VectorLanes.F, x)).lane(0);
    }

    @Test
    void withinTwoFloatStepsFromMinus87To88() {
        double worst = 0;
        for (int i = 0; i <= 2_000_000; i++) {
            float x = -87.3f + i * (175.3f / 2_000_000);
            double exact = Math.exp(x);
            worst = Math.max(worst, Math.abs(exp(x) - exact) / Math.ulp((float) exact));
            worst = Math.max(worst, Math.abs(expFlushed(x) - exact) / Math.ulp((float) exact));
        }
        assertTrue(worst <= 2, "worst error " + worst + " float steps");
    }

    @Test
    void subnormalResultsAreThereUnlessFlushedAndWithinAFewOfTheirStepsOfTheExactOnes() {
        double worst = 0;
        for (int i = 0; i <= 100_000; i++) {
            float x = -103.9f + i * (16.5f / 100_000);
            double exact = Math.exp(x);
            worst = Math.max(worst, Math.abs(exp(x) - exact) / Math.ulp((float) exact));
        }
        // float steps between subnormals are 1.4e-45, and x + 32 ln 2 rounds to a step of x: a few steps
        assertTrue(worst <= 4, "worst error " + worst + " float steps");
        assertEquals((float) Math.exp(-95), exp(-95f), Math.ulp((float) Math.exp(-95)) * 4);
    }

    @Test
    void edges() {
        assertEquals(1f, exp(0f));
        assertEquals(1f, exp(-0f));
        assertEquals(1f, exp(-1e-9f));
        assertEquals(0f, expFlushed(-87.34f)); // exp is subnormal below about -87.34: 0, as a sum needs
        assertEquals(0f, expFlushed(-1000f));
        assertEquals(0f, exp(-1000f));
        assertEquals(0f, exp(-104f));
        assertEquals(Float.POSITIVE_INFINITY, exp(88.8f));
        assertEquals(Float.POSITIVE_INFINITY, exp(Float.POSITIVE_INFINITY));
        assertEquals(0f, exp(Float.NEGATIVE_INFINITY)); // a class whose logit is -∞ adds nothing
        assertTrue(Float.isNaN(exp(Float.NaN)));
    }

    /** The softmax sums' exp, without the overflow check: the flushed exp bit for bit wherever its argument can be (x ≤ 0, NaN). */
    @Test
    void withoutTheOverflowCheckItIsTheFlushedExpForEveryArgumentUpToZero() {
        for (int bits = Float.floatToRawIntBits(-0f); bits <= Float.floatToRawIntBits(Float.NEGATIVE_INFINITY); bits += 997) {
            float x = Float.intBitsToFloat(bits);
            assertEquals(Float.floatToRawIntBits(expFlushed(x)), Float.floatToRawIntBits(expOfNonPositive(x)), "exp(" + x + ")");
        }
        for (float x : new float[] {0f, -0f, Float.NEGATIVE_INFINITY, -Float.MIN_VALUE, -87.33654f, -87.33655f, -1e-30f}) {
            assertEquals(Float.floatToRawIntBits(expFlushed(x)), Float.floatToRawIntBits(expOfNonPositive(x)), "exp(" + x + ")");
        }
        assertTrue(Float.isNaN(expOfNonPositive(Float.NaN)));
    }
}
