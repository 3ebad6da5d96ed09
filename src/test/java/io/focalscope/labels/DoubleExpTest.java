package io.focalscope.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The vector exp the label-issue search takes its softmax with, against Math.exp. */
class DoubleExpTest {

    @Test
    void withinTwoUlpOfMathExpFromMinus745ToZero() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 100_003; // not a multiple of the lanes: the tail goes through Math.exp
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i % 5 == 0 ? -rng.nextDouble() * 745 : -rng.nextDouble() * 40;
        }
        double[] out = new double[n];
        DoubleExp.exp(x, out, n);
        for (int i = 0; i < n; i++) {
            double want = Math.exp(x[i]);
            assertEquals(want, out[i], 2 * Math.ulp(want), "exp(" + x[i] + ")");
        }
    }

    @Test
    void theEdgesAreExact() {
        double[] x = {0, -0.0, Double.NEGATIVE_INFINITY, -700, -700.0000001, -745.2, -746, Math.log(0.5)};
        double[] out = new double[x.length];
        DoubleExp.exp(x, out, x.length);
        assertEquals(1, out[0]);
        assertEquals(1, out[1]);
        assertEquals(0, out[2], "-∞ gives 0, not what its bits would give");
        assertEquals(Math.exp(-700), out[3], Math.ulp(Math.exp(-700)));
        assertEquals(Math.exp(-700.0000001), out[4], "below -700 through Math.exp, subnormal where it is");
        assertEquals(Math.exp(-745.2), out[5]);
        assertEquals(0, out[6]);
        assertEquals(0.5, out[7], Math.ulp(0.5));
    }

    @Test
    void nanStaysNan() {
        double[] x = {Double.NaN, -1, -2, -3, -4, -5, -6, -7};
        double[] out = new double[x.length];
        DoubleExp.exp(x, out, x.length);
        assertEquals(Double.NaN, out[0]);
        assertEquals(Math.exp(-7), out[7], Math.ulp(Math.exp(-7)));
    }
}
