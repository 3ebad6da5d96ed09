package io.focalscope.numeric;

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

    /** Each value in a vector of its own, the other lanes ordinary: the lanes through the polynomial. */
    private static double[] expInOwnVectors(double... edges) {
        int group = 16; // at least a vector of doubles on any machine
        double[] x = new double[edges.length * group];
        java.util.Arrays.fill(x, -1);
        for (int i = 0; i < edges.length; i++) {
            x[i * group] = edges[i];
        }
        double[] out = new double[x.length];
        DoubleExp.exp(x, out, x.length);
        double[] picked = new double[edges.length];
        for (int i = 0; i < edges.length; i++) {
            picked[i] = out[i * group];
            assertEquals(Math.exp(-1), out[i * group + 1], Math.ulp(Math.exp(-1)), "the lane beside " + edges[i]);
        }
        return picked;
    }

    @Test
    void theUsualEdgesThroughThePolynomial() {
        double[] out = expInOwnVectors(0, -0.0, -700, Math.log(0.5), -1e-300, -0.34657359027997264);
        assertEquals(1, out[0]);
        assertEquals(1, out[1]);
        assertEquals(Math.exp(-700), out[2], 2 * Math.ulp(Math.exp(-700)));
        assertEquals(0.5, out[3], Math.ulp(0.5));
        assertEquals(1, out[4]);
        assertEquals(Math.exp(-0.34657359027997264), out[5], Math.ulp(1.0), "r at the edge of its range, -ln 2 / 2");
    }

    @Test
    void beyondTheNormalRangeThroughMathExp() {
        double[] out = expInOwnVectors(Double.NEGATIVE_INFINITY, -700.0000001, -745.2, -746);
        assertEquals(0, out[0], "-∞ gives 0, not what its bits would give");
        assertEquals(Math.exp(-700.0000001), out[1]);
        assertEquals(Math.exp(-745.2), out[2], "subnormal where it is");
        assertEquals(0, out[3]);
    }

    @Test
    void nanStaysNan() {
        double[] x = {Double.NaN, -1, -2, -3, -4, -5, -6, -7};
        double[] out = new double[x.length];
        DoubleExp.exp(x, out, x.length);
        assertEquals(Double.NaN, out[0]);
        assertEquals(Math.exp(-7), out[7], Math.ulp(Math.exp(-7)));
    }

    /**
     * exp of the shifted logits (float logit widened, less the float max) added to a running sum: bit
     * for bit what {@link DoubleExp#exp} gives for the same values (the label's term is taken through
     * it again), and the lanes below -700, NaN and the tail through Math.exp.
     */
    @Test
    void addExpAddsWhatExpGivesForTheSameDifferences() {
        SplittableRandom rng = new SplittableRandom(8);
        int n = 1_003;
        float[] z = new float[n + 5];
        float[] max = new float[n];
        for (int j = 0; j < n; j++) {
            z[5 + j] = (float) (rng.nextDouble() * 60 - 30);
            max[j] = (float) (rng.nextDouble() * 30);
        }
        z[5 + 17] = -1000f; // a lane beyond -700
        z[5 + 40] = Float.NaN;
        double[] sum = new double[n];
        java.util.Arrays.setAll(sum, j -> j * 0.25);
        double[] shifted = new double[n];
        java.util.Arrays.setAll(shifted, j -> (double) z[5 + j] - max[j]);
        DoubleExp.addExp(shifted, sum, n);

        double[] exp = new double[n];
        DoubleExp.exp(shifted, exp, n);
        for (int j = 0; j < n; j++) {
            assertEquals(j * 0.25 + exp[j], sum[j], "pixel " + j);
        }
        assertEquals(17 * 0.25 + Math.exp((double) -1000f - max[17]), sum[17]);
        assertEquals(Double.NaN, sum[40]);
    }

    /**
     * A lane's exp does not depend on the lanes beside it: in a vector with a lane below -700 (which
     * goes through Math.exp), the others still take the polynomial, so that the same value gives the
     * same bits in any grouping (label-issues takes the label's term again, grouped otherwise).
     */
    @Test
    void aLanesExpIsTheSameWhateverItsNeighbours() {
        int n = 16;
        double[] alone = new double[n];
        double[] beside = new double[n];
        for (int j = 0; j < n; j++) {
            alone[j] = -0.37 - 0.61 * j;
            beside[j] = j % 2 == 1 ? -1000 : alone[j];
        }
        double[] a = new double[n];
        double[] b = new double[n];
        DoubleExp.exp(alone, a, n);
        DoubleExp.exp(beside, b, n);
        float[] z = new float[n];
        float[] max = new float[n];
        double[] sum = new double[n];
        for (int j = 0; j < n; j++) {
            z[j] = j % 2 == 1 ? -1000f : (float) (alone[j] + 3);
            max[j] = 3f;
        }
        double[] shifted = new double[n];
        java.util.Arrays.setAll(shifted, j -> (double) z[j] - max[j]);
        DoubleExp.addExp(shifted, sum, n);
        for (int j = 0; j < n; j += 2) {
            assertEquals(Double.doubleToRawLongBits(a[j]), Double.doubleToRawLongBits(b[j]), "exp(" + alone[j] + ") beside -1000");
            double[] own = new double[n];
            double[] x = new double[n];
            java.util.Arrays.fill(x, -1);
            x[j] = shifted[j];
            DoubleExp.exp(x, own, n);
            assertEquals(Double.doubleToRawLongBits(own[j]), Double.doubleToRawLongBits(sum[j]), "the sum's term of pixel " + j);
        }
        assertEquals(Math.exp(-1000.0 - 3), sum[1]);
    }
}
