package io.focalscope.loss.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The kernels' own ln, ln(1 + x) and e^x - 1 against {@link Math} in double, over every exponent and at the edges. */
class VectorLogTest {

    private static float lane(UnaryOperator<FloatVector> f, float x) {
        return f.apply(FloatVector.broadcast(VectorLanes.F, x)).lane(0);
    }

    /** The worst error in float steps of the exact value over x = 2^k (1 + i/steps), k over the given exponents. */
    private static double worst(UnaryOperator<FloatVector> f, java.util.function.DoubleUnaryOperator exact, int fromExponent,
                                int toExponent, boolean negative) {
        double worst = 0;
        for (int k = fromExponent; k <= toExponent; k++) {
            for (int i = 0; i < 4096; i++) {
                float x = (float) Math.scalb(1 + i / 4096.0, k) * (negative ? -1 : 1);
                double want = exact.applyAsDouble(x);
                worst = Math.max(worst, Math.abs(lane(f, x) - want) / Math.ulp((float) want));
            }
        }
        return worst;
    }

    @Test
    void logIsWithinTwoFloatStepsOverEveryNormalExponentAndLogAnywhereOverSubnormalsToo() {
        assertTrue(worst(VectorLanes::log, Math::log, -126, 127, false) <= 2);
        assertTrue(worst(VectorLanes::logAnywhere, Math::log, -149, 127, false) <= 2);
    }

    /** The array forms, each loop a method of its own: ln gives the vector form's bits, ln(1+x) and e^x-1 are within their steps of Math's. */
    @Test
    void theArrayFormsGiveTheVectorFormsValues() {
        int len = 1000; // not a multiple of the lanes: the masked tail too
        float[] x = new float[len];
        float[] out = new float[len];
        float[] scratch = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) Math.scalb(1 + (i % 97) / 97.0, i % 60 - 40);
        }
        VectorLanes.log(x, out, len);
        for (int i = 0; i < len; i++) {
            assertEquals(lane(VectorLanes::log, x[i]), out[i], "log " + x[i]);
        }
        VectorLanes.log1p(x, out, len);
        for (int i = 0; i < len; i++) {
            assertEquals(Math.log1p(x[i]), out[i], 3 * Math.ulp((float) Math.log1p(x[i])), "log1p " + x[i]);
        }
        for (int i = 0; i < len; i++) {
            x[i] = -x[i];
        }
        VectorLanes.expm1(x, out, scratch, len);
        for (int i = 0; i < len; i++) {
            assertEquals(Math.expm1(x[i]), out[i], 2 * Math.ulp((float) Math.expm1(x[i])), "expm1 " + x[i]);
        }
    }

    @Test
    void log1pIsWithinThreeFloatStepsFromTinyToHugeAndDownToMinusOne() {
        // Goldberg's correction leaves up to about 2.2 steps near 6e-5
        assertTrue(worst(VectorLanes::log1p, Math::log1p, -140, 127, false) <= 3);
        assertTrue(worst(VectorLanes::log1p, Math::log1p, -140, -1, true) <= 3);
    }

    @Test
    void expm1IsWithinTwoFloatStepsBelowZeroAndThreeAbove() {
        // the kernels give it log p_t and such: at most 0 (Kahan's correction leaves 2.4 steps near 0.03 above it);
        // positive arguments up to 64, below float's range
        assertTrue(worst(VectorLanes::expm1, Math::expm1, -140, 6, true) <= 2);
        assertTrue(worst(VectorLanes::expm1, Math::expm1, -140, 5, false) <= 3);
    }

    @Test
    void edges() {
        assertEquals(0f, lane(VectorLanes::log, 1f));
        assertEquals(Float.NEGATIVE_INFINITY, lane(VectorLanes::log, 0f));
        assertEquals(Float.NEGATIVE_INFINITY, lane(VectorLanes::log, -0f));
        assertEquals(Float.NEGATIVE_INFINITY, lane(VectorLanes::logAnywhere, 0f));
        assertEquals(Float.POSITIVE_INFINITY, lane(VectorLanes::logAnywhere, Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(lane(VectorLanes::logAnywhere, -1f)));
        assertTrue(Float.isNaN(lane(VectorLanes::logAnywhere, Float.NaN)));
        assertEquals(-0f, lane(VectorLanes::log1p, -0f));
        assertEquals(Float.NEGATIVE_INFINITY, lane(VectorLanes::log1p, -1f));
        assertEquals(Float.POSITIVE_INFINITY, lane(VectorLanes::log1p, Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(lane(VectorLanes::log1p, -2f)));
        assertEquals(0f, lane(VectorLanes::expm1, 0f));
        assertEquals(-1f, lane(VectorLanes::expm1, -100f));
        assertEquals(-1f, lane(VectorLanes::expm1, Float.NEGATIVE_INFINITY));
        assertTrue(Float.isNaN(lane(VectorLanes::expm1, Float.NaN)));
    }
}
