package io.focalscope.loss.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.focalscope.loss.ElementTerm;
import io.focalscope.loss.LossTerm;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The kernel's lanes where the engines rely on them: an element left out (u = 0, log(1 - p_t) = -∞),
 * a pixel with p_t = 1 exactly, and lanes that differ from one another (each lane its own element).
 */
class VectorTermEdgesTest {

    static final List<ElementTerm> TERMS = List.of(ElementTerm.CROSS_ENTROPY, ElementTerm.focal(0.5), ElementTerm.focal(2),
            new LossTerm.Poly1(2, 1).positive(), new LossTerm.Poly1(0, -1).positive(), new LossTerm.Flsd53().positive(),
            new LossTerm.Asl(1, 4, 0.05).positive(), new LossTerm.Asl(1, 4, 0.05).negative(), new LossTerm.Asl(0, 2, 0).negative());

    @Test
    void anElementLeftOutAddsNothingAndItsSlopeIsFinite() {
        FloatVector zero = FloatVector.zero(VectorLanes.F);
        FloatVector minusInfinity = FloatVector.broadcast(VectorLanes.F, Float.NEGATIVE_INFINITY);
        FloatVector alpha = FloatVector.broadcast(VectorLanes.F, 1.5f);
        for (ElementTerm t : TERMS) {
            VectorTerm v = new VectorTerm(t);
            assertEquals(0f, v.value(alpha, zero, minusInfinity).lane(0), t.toString());
            assertEquals(0f, v.value(zero, minusInfinity).lane(0), t.toString()); // α u = 0, as kept for softmax
            float slope = v.slope(alpha, zero, minusInfinity).lane(0);
            assertEquals(t.slope(1.5, 0, Double.NEGATIVE_INFINITY), slope, 1e-6, t.toString());
        }
    }

    @Test
    void eachLaneIsItsOwnElement() {
        int l = VectorLanes.L;
        float[] u = new float[l];
        float[] lm = new float[l];
        float[] a = new float[l];
        for (int j = 0; j < l; j++) {
            double p = (j + 0.5) / l; // p_t from near 0 to near 1 across the lanes
            u[j] = (float) -Math.log(p);
            lm[j] = (float) Math.log1p(-p);
            a[j] = 0.5f + j;
        }
        for (ElementTerm t : TERMS) {
            VectorTerm v = new VectorTerm(t);
            FloatVector values = v.value(FloatVector.fromArray(VectorLanes.F, a, 0), FloatVector.fromArray(VectorLanes.F, u, 0),
                    FloatVector.fromArray(VectorLanes.F, lm, 0));
            FloatVector slopes = v.slope(FloatVector.fromArray(VectorLanes.F, a, 0), FloatVector.fromArray(VectorLanes.F, u, 0),
                    FloatVector.fromArray(VectorLanes.F, lm, 0));
            for (int j = 0; j < l; j++) {
                double value = t.value(a[j], u[j], lm[j]);
                double slope = t.slope(a[j], u[j], lm[j]);
                assertEquals(value, values.lane(j), 1e-5 * Math.abs(value) + 1e-6, t + " lane " + j);
                assertEquals(slope, slopes.lane(j), 1e-5 * Math.abs(slope) + 1e-6, t + " lane " + j);
            }
        }
    }
}
