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

    @Test
    void withinTwoFloatStepsFromMinus87To88() {
        double worst = 0;
        for (int i = 0; i <= 2_000_000; i++) {
            float x = -87.3f + i * (175.3f / 2_000_000);
            double exact = Math.exp(x);
            worst = Math.max(worst, Math.abs(exp(x) - exact) / Math.ulp((float) exact));
        }
        assertTrue(worst <= 2, "worst error " + worst + " float steps");
    }

    @Test
    void edges() {
        assertEquals(1f, exp(0f));
        assertEquals(1f, exp(-0f));
        assertEquals(1f, exp(-1e-9f));
        assertEquals(0f, exp(-87.34f)); // exp is subnormal below about -87.34: 0, as a sum needs
        assertEquals(0f, exp(-1000f));
        assertEquals(0f, exp(Float.NEGATIVE_INFINITY)); // a class whose logit is -∞ adds nothing
        assertTrue(Float.isNaN(exp(Float.NaN)));
    }
}
