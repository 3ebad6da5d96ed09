package io.focalscope.calibration;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One point of the temperature profile a vector of pixels at a time, its three sums over the classes
 * kept in registers: with the sums in arrays, loads and stores per class and point made the pass
 * 1.1 s at 19 x 1024 x 2048 here. Loaded only where the Vector API is (see {@code DoubleExp.VECTOR_API}).
 */
final class ChainLanes {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final double FLUSH = 1e-150;

    private ChainLanes() {
    }

    /**
     * For each pixel j (a multiple of the lanes, {@code tile} of them): Σ_c v, Σ_c d v, Σ_c d² v with
     * v = e[c * tile + j] and d = gap[c * tile + j]; then each v squared in place (0 below the flush).
     */
    static void point(double[] e, double[] gap, int classes, int tile, double[] s0, double[] s1, double[] s2) {
        DoubleVector zero = DoubleVector.zero(D);
        for (int j = 0; j < tile; j += D.length()) {
            DoubleVector a0 = zero;
            DoubleVector a1 = zero;
            DoubleVector a2 = zero;
            for (int c = 0; c < classes; c++) {
                int at = c * tile + j;
                DoubleVector v = DoubleVector.fromArray(D, e, at);
                DoubleVector d = DoubleVector.fromArray(D, gap, at);
                DoubleVector dv = d.mul(v);
                a0 = a0.add(v);
                a1 = a1.add(dv);
                a2 = d.fma(dv, a2);
                v.mul(v).blend(zero, v.compare(VectorOperators.LT, FLUSH)).intoArray(e, at);
            }
            a0.intoArray(s0, j);
            a1.intoArray(s1, j);
            a2.intoArray(s2, j);
        }
    }

    /**
     * A tile's labelled pixels (label ≥ 0) at point k into the profile: Σ S1/S0, Σ (S2/S0 - (S1/S0)²)
     * and the product of S0 (each S0 is at most the class count, so a tile's product per lane stays
     * far from overflow; the product of the lanes goes to the running product once a tile).
     */
    static void profile(double[] s0, double[] s1, double[] s2, int[] label, int tile, TemperatureProfile p, int k,
                        CalibrationPass.LogProduct partition) {
        DoubleVector one = DoubleVector.broadcast(D, 1);
        DoubleVector zero = DoubleVector.zero(D);
        DoubleVector mean = zero;
        DoubleVector variance = zero;
        DoubleVector product = one;
        double[] labelled = new double[D.length()];
        for (int j = 0; j < tile; j += D.length()) {
            for (int l = 0; l < labelled.length; l++) {
                labelled[l] = label[j + l] >= 0 ? 1 : 0;
            }
            var keep = DoubleVector.fromArray(D, labelled, 0).compare(VectorOperators.GT, 0);
            DoubleVector a0 = DoubleVector.fromArray(D, s0, j);
            DoubleVector inv = one.div(a0);
            DoubleVector m = DoubleVector.fromArray(D, s1, j).mul(inv);
            DoubleVector v = DoubleVector.fromArray(D, s2, j).mul(inv).sub(m.mul(m));
            mean = mean.add(m.blend(zero, keep.not()));
            variance = variance.add(v.blend(zero, keep.not()));
            product = product.mul(a0.blend(one, keep.not()));
        }
        p.meanGap[k] += mean.reduceLanes(VectorOperators.ADD);
        p.variance[k] += variance.reduceLanes(VectorOperators.ADD);
        for (int l = 0; l < D.length(); l++) {
            partition.multiply(product.lane(l));
        }
    }
}
