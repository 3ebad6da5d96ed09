package io.focalscope.loss.cpu;

import static io.focalscope.loss.cpu.VectorLanes.F;
import static io.focalscope.loss.cpu.VectorLanes.L;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.focalscope.loss.ElementTerm;
import io.focalscope.loss.LossTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plain float exp, ln and term values against the vector code's, value by value: a stride
 * through every float's bit pattern, the special values, and the floats either side of each edge
 * the code tests (exp's overflow and its subnormal range, ln's √½, FLSD-53's threshold).
 */
class ScalarFloatsTest {

    /** Every 9,973rd bit pattern (NaNs of many payloads among them), the specials, and each edge's neighbours. */
    static float[] inputs(float... edges) {
        List<Float> xs = new ArrayList<>();
        for (long bits = 0; bits <= 0xffffffffL; bits += 9_973) {
            xs.add(Float.intBitsToFloat((int) bits));
        }
        float[] specials = {0f, -0f, 1f, -1f, Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.NaN, -87.33654f, 88.72283f, -103.97f, -104f, 0.70710678118654752f, 2f, 0.5f};
        for (float[] group : new float[][] {specials, edges}) {
            for (float e : group) {
                xs.add(e);
                xs.add(Math.nextUp(e));
                xs.add(Math.nextDown(e));
                xs.add(-e);
            }
        }
        float[] out = new float[xs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = xs.get(i);
        }
        return out;
    }

    @Test
    void expAndLnGiveTheVectorCodesBits() {
        float[] x = inputs();
        same(x, VectorLanes::expOfNonPositive, ScalarFloats::expOfNonPositive, "expOfNonPositive");
        same(x, VectorLanes::expFlushed, ScalarFloats::expFlushed, "expFlushed");
        same(x, VectorLanes::exp, ScalarFloats::exp, "exp");
        same(x, VectorLanes::log, ScalarFloats::log, "log");
        same(x, VectorLanes::logAnywhere, ScalarFloats::logAnywhere, "logAnywhere");
    }

    static Stream<Arguments> terms() {
        return Stream.of(
                Arguments.of("focal γ 2", ElementTerm.focal(2)),
                Arguments.of("focal γ 2.5", ElementTerm.focal(2.5)),
                Arguments.of("cross-entropy", ElementTerm.CROSS_ENTROPY),
                Arguments.of("Poly-1 ε 1", new LossTerm.Poly1(2, 1).positive()),
                Arguments.of("Poly-1 ε -0.5", new LossTerm.Poly1(0, -0.5).positive()),
                Arguments.of("FLSD-53", new LossTerm.Flsd53().positive()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("terms")
    void termValuesGiveTheVectorCodesBits(String what, ElementTerm t) {
        VectorTerm v = new VectorTerm(t);
        float threshold = (float) t.logOneMinusThreshold();
        float[] logOneMinus = inputs(threshold, (float) Math.log1p(-0.2));
        for (float alphaU : new float[] {0f, 1e-30f, 1e-8f, 0.3f, 5f, 100f, 3e38f, Float.POSITIVE_INFINITY, Float.NaN}) {
            float[] a = new float[L];
            java.util.Arrays.fill(a, alphaU);
            FloatVector alpha = FloatVector.fromArray(F, a, 0);
            same(logOneMinus, lom -> v.value(alpha, lom), lom -> v.value(alphaU, lom), what + " at α u " + alphaU);
        }
    }

    private static void same(float[] x, UnaryOperator<FloatVector> vector, ScalarOp scalar, String what) {
        float[] padded = java.util.Arrays.copyOf(x, (x.length + L - 1) / L * L);
        float[] out = new float[padded.length];
        for (int i = 0; i < padded.length; i += L) {
            vector.apply(FloatVector.fromArray(F, padded, i)).intoArray(out, i);
        }
        for (int i = 0; i < x.length; i++) {
            float s = scalar.apply(x[i]);
            if (Float.floatToIntBits(s) != Float.floatToIntBits(out[i])) {
                assertEquals(out[i], s, what + "(" + x[i] + ", bits " + Integer.toHexString(Float.floatToRawIntBits(x[i])) + ")");
            }
        }
    }

    private interface ScalarOp {
        float apply(float x);
    }
}
