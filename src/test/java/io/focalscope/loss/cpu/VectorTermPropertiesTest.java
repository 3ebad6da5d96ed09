package io.focalscope.loss.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.focalscope.loss.ElementTerm;
import io.focalscope.loss.LossTerm;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/**
 * The kernel's float lanes compute each term as its definition in double does, value and slope,
 * for any p_t from 1e-30 to 1 - 1e-30 (u and log(1 - p_t) as the engines keep them), any α.
 */
class VectorTermPropertiesTest {

    @Provide
    Arbitrary<ElementTerm> terms() {
        return Arbitraries.of(List.of(ElementTerm.CROSS_ENTROPY, ElementTerm.focal(0.5), ElementTerm.focal(2), ElementTerm.focal(5),
                new LossTerm.Poly1(2, 1).positive(), new LossTerm.Poly1(0, -1).positive(), new LossTerm.Flsd53().positive(),
                new LossTerm.Asl(1, 4, 0.05).positive(), new LossTerm.Asl(1, 4, 0.05).negative(),
                new LossTerm.Asl(0, 2, 0).negative()));
    }

    /** log10 of p_t: from p_t = 1e-30 (u = 69) to 1 - p_t = 1e-30 (near 1), both kept exactly. */
    @Property(tries = 3000)
    void lanesAreTheDefinition(@ForAll("terms") ElementTerm t, @ForAll @DoubleRange(min = -30, max = 30) double decade,
                               @ForAll @DoubleRange(min = 0, max = 3) double alpha) {
        // decade < 0: p_t = 10^decade; decade > 0: 1 - p_t = 10^-decade
        double u = decade <= 0 ? -decade * Math.log(10) : -Math.log1p(-Math.pow(10, -decade));
        double lm = decade <= 0 ? Math.log1p(-Math.pow(10, decade)) : -decade * Math.log(10);
        float uf = (float) u;
        float lmf = (float) lm;
        double pt = Math.exp(-u);
        if (t.picksGamma() && Math.abs(pt - t.threshold()) < 1e-5 || t.shifts() && Math.abs(1 - pt - t.clip()) < 1e-4
                || t.floors() && Math.abs(u - t.uCeiling()) < 1e-5 * t.uCeiling()) {
            return; // at a pick or a kink (the shift's, the floor's) float and double may fall on either side: not checked here
        }
        VectorTerm v = new VectorTerm(t);
        FloatVector a = FloatVector.broadcast(VectorLanes.F, (float) alpha);
        FloatVector us = FloatVector.broadcast(VectorLanes.F, uf);
        FloatVector lms = FloatVector.broadcast(VectorLanes.F, lmf);
        double value = t.value(alpha, uf, lmf);
        double slope = t.slope(alpha, uf, lmf);
        // float rounding is relative to the parts added: Poly-1's ε < 0 takes the added part from the weighted one,
        // and near p_t = 1 the difference is second order in 1 - p_t (u - (1 - p_t) ≈ (1 - p_t)^2 / 2)
        double valueScale = Math.abs(alpha * t.weighted(uf, lmf)) + Math.abs(t.added(uf, lmf));
        double slopeScale = Math.abs(t.withoutAdded().slope(alpha, uf, lmf)) + Math.abs(t.slope(0, uf, lmf));
        assertEquals(value, v.value(a, us, lms).lane(0), 2e-5 * valueScale + 1e-37, "value at u " + u);
        assertEquals(slope, v.slope(a, us, lms).lane(0), 2e-5 * slopeScale + 1e-37, "slope at u " + u);
        if (!t.shifts() && !t.floors()) { // the softmax path: α u kept, the term from it
            assertEquals(value, v.value(a.mul(us), lms).lane(0), 2e-5 * valueScale + 1e-37, "value from α u at u " + u);
        }
    }
}
