package io.focalscope.numeric;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp(x) in double for an array of x ≤ 0, a vector of lanes at a time, within about an ulp of
 * Math.exp: 2^n e^r with n = round(x log2 e), |r| ≤ ln 2 / 2 and e^r by its Taylor series to r^12
 * (the rest under 2e-16 relative). By hand because Math.exp per logit was most of label-issues'
 * time (19 exps a pixel, about 4.6 s for 12 images of 19 x 512 x 1024 here), and the Vector API's
 * own EXP answers differently compiled and interpreted. Below -700, where 2^n would leave the
 * normal doubles, and for -∞ or NaN, the lanes go through Math.exp.
 */
public final class DoubleExp {

    private DoubleExp() {
    }

    /**
     * Whether the JVM was started with the Vector API's module: a Spark executor may not be, and
     * this class's vectors would not load there; Math.exp gives the same figures to an ulp, slower.
     */
    public static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /** {@code out[j] = exp(x[j])} for j < len, a vector at a time where the Vector API is there. */
    public static void exp(double[] x, double[] out, int len) {
        if (VECTOR_API) {
            Lanes.exp(x, out, len);
        } else {
            for (int j = 0; j < len; j++) {
                out[j] = Math.exp(x[j]);
            }
        }
    }

    /**
     * {@code sum[j] += exp(x[j])} for j < len: a class plane's terms of a tile's softmax sums, x the
     * shifted logits (z - max), with no array of the exponentials between.
     */
    public static void addExp(double[] x, double[] sum, int len) {
        if (VECTOR_API) {
            Lanes.addExp(x, sum, len);
        } else {
            for (int j = 0; j < len; j++) {
                sum[j] += Math.exp(x[j]);
            }
        }
    }

    /** The vector half, in a class of its own so that it loads only where the module is there. */
    static final class Lanes {

        private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
        private static final double LOG2_E = 1.4426950408889634;
        /** 1.5 * 2^52 + 1023: added to x log2 e, it leaves round(x log2 e) + 1023 in the low bits. */
        private static final double SHIFTER = 6755399441055744.0 + 1023;
        private static final double LN2_HIGH = 6.93147180369123816490e-01;
        private static final double LN2_LOW = 1.90821492927058770002e-10;
        private static final double[] TAYLOR = new double[13]; // 1/k!, k = 0..12

        static {
            double f = 1;
            for (int k = 0; k < TAYLOR.length; k++) {
                f = k == 0 ? 1 : f * k;
                TAYLOR[k] = 1 / f;
            }
        }

        private Lanes() {
        }

        static void exp(double[] x, double[] out, int len) {
            int j = 0;
            for (; j + D.length() <= len; j += D.length()) {
                DoubleVector v = DoubleVector.fromArray(D, x, j);
                VectorMask<Double> usual = v.compare(VectorOperators.GE, -700.0);
                if (usual.allTrue()) {
                    expOfUsual(v).intoArray(out, j);
                } else {
                    System.arraycopy(byOwnLane(v), 0, out, j, D.length());
                }
            }
            for (; j < len; j++) {
                out[j] = Math.exp(x[j]);
            }
        }

        /**
         * exp of a vector in which some lanes are not usual, lane by lane: the polynomial where the lane
         * is usual, Math.exp where it is not. Each lane's exp then depends on its own value only, not on
         * which others share its vector (the label's term, taken again in another grouping, is the one
         * its class's sum holds, bit for bit).
         */
        private static double[] byOwnLane(DoubleVector x) {
            double[] values = x.toArray();
            double[] out = new double[values.length];
            expOfUsual(x).intoArray(out, 0);
            for (int k = 0; k < values.length; k++) {
                if (!(values[k] >= -700.0)) {
                    out[k] = Math.exp(values[k]);
                }
            }
            return out;
        }

        static void addExp(double[] x, double[] sum, int len) {
            int j = 0;
            for (; j + D.length() <= len; j += D.length()) {
                DoubleVector v = DoubleVector.fromArray(D, x, j);
                VectorMask<Double> usual = v.compare(VectorOperators.GE, -700.0);
                DoubleVector s = DoubleVector.fromArray(D, sum, j);
                if (usual.allTrue()) {
                    s.add(expOfUsual(v)).intoArray(sum, j);
                } else {
                    s.add(DoubleVector.fromArray(D, byOwnLane(v), 0)).intoArray(sum, j);
                }
            }
            for (; j < len; j++) {
                sum[j] += Math.exp(x[j]);
            }
        }

        private static DoubleVector expOfUsual(DoubleVector x) {
            DoubleVector t = x.fma(DoubleVector.broadcast(D, LOG2_E), DoubleVector.broadcast(D, SHIFTER));
            DoubleVector n = t.sub(SHIFTER);
            DoubleVector r = n.fma(DoubleVector.broadcast(D, -LN2_HIGH), x);
            r = n.fma(DoubleVector.broadcast(D, -LN2_LOW), r);
            DoubleVector p = DoubleVector.broadcast(D, TAYLOR[12]);
            for (int k = 11; k >= 0; k--) {
                p = p.fma(r, DoubleVector.broadcast(D, TAYLOR[k]));
            }
            DoubleVector scale = t.reinterpretAsLongs().lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            return p.mul(scale);
        }
    }
}
