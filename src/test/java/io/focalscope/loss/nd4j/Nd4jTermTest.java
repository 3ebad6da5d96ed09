package io.focalscope.loss.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.focalscope.loss.ElementTerm;
import io.focalscope.loss.LossTerm;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's ops compute each term as its definition in double does, value and slope, over p_t from
 * 1e-30 to 1 - 1e-30 (u and log(1 - p_t) as the engines keep them) and three weights: the same check
 * as the CPU kernel's lanes get, on one array of every point.
 */
class Nd4jTermTest {

    static final List<ElementTerm> TERMS = List.of(ElementTerm.CROSS_ENTROPY, ElementTerm.focal(0.5), ElementTerm.focal(2),
            ElementTerm.focal(5), new LossTerm.Poly1(2, 1).positive(), new LossTerm.Poly1(0, -1).positive(),
            new LossTerm.Flsd53().positive(), new LossTerm.Asl(1, 4, 0.05).positive(), new LossTerm.Asl(1, 4, 0.05).negative(),
            new LossTerm.Asl(0, 2, 0).negative());

    @Test
    void opsAreTheDefinition() {
        int decades = 601; // -30 to 30 in steps of 0.1
        double[] alphas = {0.25, 1, 2.5};
        int n = decades * alphas.length;
        float[] u = new float[n];
        float[] lm = new float[n];
        float[] a = new float[n];
        for (int i = 0; i < decades; i++) {
            // decade < 0: p_t = 10^decade; decade > 0: 1 - p_t = 10^-decade
            double decade = -30 + 0.1 * i;
            double ud = decade <= 0 ? -decade * Math.log(10) : -Math.log1p(-Math.pow(10, -decade));
            double lmd = decade <= 0 ? Math.log1p(-Math.pow(10, decade)) : -decade * Math.log(10);
            for (int k = 0; k < alphas.length; k++) {
                u[i * alphas.length + k] = (float) ud;
                lm[i * alphas.length + k] = (float) lmd;
                a[i * alphas.length + k] = (float) alphas[k];
            }
        }
        try (INDArray us = Nd4j.createFromArray(u); INDArray lms = Nd4j.createFromArray(lm); INDArray as = Nd4j.createFromArray(a)) {
            for (ElementTerm t : TERMS) {
                try (INDArray values = Nd4jTerm.value(t, as, us, lms); INDArray slopes = Nd4jTerm.slope(t, as, us, lms)) {
                    float[] v = values.toFloatVector();
                    float[] s = slopes.toFloatVector();
                    for (int e = 0; e < n; e++) {
                        double pt = Math.exp(-u[e]);
                        if (t.picksGamma() && Math.abs(pt - t.threshold()) < 1e-5 || t.shifts() && Math.abs(1 - pt - t.clip()) < 1e-4
                                || t.floors() && Math.abs(u[e] - t.uCeiling()) < 1e-5 * t.uCeiling()) {
                            continue; // at a pick or a kink float and double may fall on either side
                        }
                        // float rounding is relative to the parts added (see VectorTermPropertiesTest)
                        double valueScale = Math.abs(a[e] * t.weighted(u[e], lm[e])) + Math.abs(t.added(u[e], lm[e]));
                        double slopeScale = Math.abs(t.withoutAdded().slope(a[e], u[e], lm[e])) + Math.abs(t.slope(0, u[e], lm[e]));
                        String at = t + " at u " + u[e] + ", α " + a[e];
                        assertEquals(t.value(a[e], u[e], lm[e]), v[e], 2e-5 * valueScale + 1e-37, "value " + at);
                        assertEquals(t.slope(a[e], u[e], lm[e]), s[e], 2e-5 * slopeScale + 1e-37, "slope " + at);
                    }
                }
            }
        }
    }
}
