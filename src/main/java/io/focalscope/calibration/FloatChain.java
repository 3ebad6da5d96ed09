package io.focalscope.calibration;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A tile's per-class work in float vectors, twice the lanes of double: each pixel's largest logit
 * and its class, d = z - z_max, exp(β₀ d) and exp(β₁ d), and the three sums over the classes at
 * each point of the profile, squared up the chains. In double this was 0.5 s a pass at
 * 19 x 1024 x 2048 here; the sums' relative error in float (about 1e-7) is far under the figures'
 * tolerances (3e-4 absolute for the ECEs, 1e-3 relative for T). Loaded only where the Vector API is.
 */
final class FloatChain {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Below it a value is set to 0 before it is squared: its square would be a slow subnormal float. */
    private static final float FLUSH = 1e-19f;

    private final int classes;
    private final int tile;
    private final float[] logits;
    private final float[] gap;
    private final float[] ea;
    private final float[] eb;
    private final float[] max;
    /** Each pixel's arg-max class, and its label (-1 left out), as floats: compared in float lanes without a mask cast. */
    private final float[] argOf;
    private final float[] labelOf;
    private final float[] sums;
    private final float[] atOne;
    private final float[] inverse;
    /** One vector's lanes, read one by one (Vector.lane is slow here, not an intrinsic). */
    private final float[] lanes = new float[F.length()];

    FloatChain(int classes, int tile) {
        if (tile % F.length() != 0) {
            throw new IllegalStateException("a tile of " + tile + " pixels is no whole number of " + F.length() + "-lane vectors");
        }
        this.classes = classes;
        this.tile = tile;
        logits = new float[classes * tile];
        gap = new float[classes * tile];
        ea = new float[classes * tile];
        eb = new float[classes * tile];
        max = new float[tile];
        argOf = new float[tile];
        labelOf = new float[tile];
        sums = new float[3 * tile];
        atOne = new float[classes * tile];
        inverse = new float[tile];
    }

    /**
     * One tile of {@code len} pixels from {@code z} (class c's at {@code planes + c * hw}).
     *
     * @param label    each pixel's label, -1 where left out (and for a short tile's unused lanes)
     * @param out      takes the profile's sums of the labelled pixels and (softmax, {@code binned}) the classwise bins
     * @param maxOut   each pixel's largest logit
     * @param arg      its class, the first of equal largest
     * @param others   Σ over the other classes of exp(z_c - z_max)
     * @param s0       per point, Σ_c exp(β d)
     * @return the first pixel of the tile with a NaN or infinite logit (d = z - z_max not finite), -1 where none is
     */
    int tile(float[] z, int planes, int hw, int len, int[] label, CalibrationSums out, boolean binned,
             CalibrationPass.LogProduct[] partition, double[] maxOut, int[] arg, double[] others, double[][] s0) {
        boolean finite = read(z, planes, hw, len, (float) TemperatureProfile.BETAS[0], (float) TemperatureProfile.BETAS[1]);
        int firstBad = finite ? -1 : firstNonFinite(len);
        for (int j = 0; j < tile; j++) {
            labelOf[j] = label[j];
        }
        for (int k = 0; k < TemperatureProfile.POINTS; k++) {
            float[] e = (k & 1) == 0 ? ea : eb;
            if (k == TemperatureProfile.AT_ONE) {
                others(e, others);
                System.arraycopy(e, 0, atOne, 0, classes * tile);
            }
            point(e);
            profile(out.profile, k, partition[k]);
            for (int j = 0; j < tile; j++) {
                s0[k][j] = sums[j];
            }
            if (k == TemperatureProfile.AT_ONE && !out.positive && binned) {
                classwise(out);
            }
        }
        for (int j = 0; j < tile; j++) {
            maxOut[j] = max[j];
            arg[j] = (int) argOf[j];
        }
        return firstBad;
    }

    /**
     * A tile's logits, each pixel's largest and its class, d = z - z_max, and exp(β₀ d) and exp(β₁ d)
     * into the two chains.
     *
     * @return whether every d was finite
     */
    private boolean read(float[] z, int planes, int hw, int len, float betaA, float betaB) {
        for (int c = 0; c < classes; c++) {
            System.arraycopy(z, planes + c * hw, logits, c * tile, len);
            java.util.Arrays.fill(logits, c * tile + len, (c + 1) * tile, 0f); // a short tile's lanes: computed, never read
        }
        io.focalscope.numeric.FirstLargest.of(logits, 0, tile, classes, max, argOf, tile);
        FloatVector beta0 = FloatVector.broadcast(F, betaA);
        FloatVector beta1 = FloatVector.broadcast(F, betaB);
        VectorMask<Float> finite = F.maskAll(true);
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < tile; j += F.length()) {
                int at = c * tile + j;
                FloatVector d = FloatVector.fromArray(F, logits, at).sub(FloatVector.fromArray(F, max, j));
                finite = finite.and(d.test(VectorOperators.IS_FINITE));
                d.intoArray(gap, at);
                exp(d.mul(beta0)).intoArray(ea, at);
                exp(d.mul(beta1)).intoArray(eb, at);
            }
        }
        return finite.allTrue();
    }

    /**
     * A tile at one temperature, for the figures after it (the pass runs on these methods, which the
     * JIT has compiled by then): per pixel S = Σ_c exp(β (z_c - z_max)), its arg-max class and
     * z_max; NaN in S where a logit is not finite.
     */
    void atBeta(float[] z, int planes, int hw, int len, float beta, double[] sum, double[] maxOut, int[] arg) {
        boolean finite = read(z, planes, hw, len, beta, beta);
        point(ea);
        for (int j = 0; j < tile; j++) {
            sum[j] = sums[j];
            maxOut[j] = max[j];
            arg[j] = (int) argOf[j];
        }
        if (!finite) {
            int bad = firstNonFinite(len);
            for (int j = bad; bad >= 0 && j < len; j++) {
                for (int c = 0; c < classes; c++) {
                    sum[j] = Float.isFinite(logits[c * tile + j] - max[j]) ? sum[j] : Double.NaN;
                }
            }
        }
    }

    /** Where some lane of some class was not finite: the first such pixel, found again one by one. */
    private int firstNonFinite(int len) {
        for (int j = 0; j < len; j++) {
            for (int c = 0; c < classes; c++) {
                if (!Float.isFinite(logits[c * tile + j] - max[j])) {
                    return j;
                }
            }
        }
        return -1;
    }

    private void others(float[] e, double[] others) {
        for (int j = 0; j < tile; j += F.length()) {
            FloatVector a = FloatVector.fromArray(F, argOf, j);
            FloatVector rest = FloatVector.zero(F);
            for (int c = 0; c < classes; c++) {
                FloatVector v = FloatVector.fromArray(F, e, c * tile + j);
                rest = rest.add(v.blend(0f, a.compare(VectorOperators.EQ, (float) c)));
            }
            rest.intoArray(lanes, 0);
            for (int l = 0; l < F.length(); l++) {
                others[j + l] = lanes[l];
            }
        }
    }

    /**
     * The labelled pixels at point k into the profile: Σ S1/S0, Σ (S2/S0 - (S1/S0)²), and the product
     * of S0 (each at most the class count: a tile's product per lane stays in float's range, at most
     * 256^8 = 2^64 with 64 pixels on 8 lanes, 256^16 = 2^128 on 4 lanes (just under float's 2^128
     * times 2), and one value with the 16-pixel tiles of more classes).
     */
    private void profile(TemperatureProfile p, int k, CalibrationPass.LogProduct partition) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        FloatVector mean = FloatVector.zero(F);
        FloatVector variance = FloatVector.zero(F);
        FloatVector product = one;
        for (int j = 0; j < tile; j += F.length()) {
            VectorMask<Float> left = FloatVector.fromArray(F, labelOf, j).compare(VectorOperators.LT, 0f);
            FloatVector a0 = FloatVector.fromArray(F, sums, j);
            FloatVector inv = one.div(a0);
            FloatVector m = FloatVector.fromArray(F, sums, tile + j).mul(inv);
            FloatVector v = FloatVector.fromArray(F, sums, 2 * tile + j).mul(inv).sub(m.mul(m));
            mean = mean.add(m.blend(0f, left));
            variance = variance.add(v.blend(0f, left));
            product = product.mul(a0.blend(1f, left));
        }
        p.meanGap[k] += mean.reduceLanes(VectorOperators.ADD);
        p.variance[k] += variance.reduceLanes(VectorOperators.ADD);
        product.intoArray(lanes, 0);
        for (int l = 0; l < F.length(); l++) {
            partition.multiply(lanes[l]);
        }
    }

    /**
     * Each class's bins of p_k = exp(z_k - z_max) / S0 against (label == k), the tile's sums of S0 at
     * T = 1 in {@link #sums}: the first bin (p_k < 1/B, nearly every pixel for all classes but one or
     * two) a vector at a time, the rest lane by lane.
     */
    private void classwise(CalibrationSums out) {
        int bins = out.bins();
        float first = 1f / bins;
        for (int j = 0; j < tile; j += F.length()) {
            FloatVector.broadcast(F, 1f).div(FloatVector.fromArray(F, sums, j)).intoArray(inverse, j);
        }
        for (int c = 0; c < classes; c++) {
            FloatVector count = FloatVector.zero(F);
            FloatVector confidence = FloatVector.zero(F);
            FloatVector hits = FloatVector.zero(F);
            for (int j = 0; j < tile; j += F.length()) {
                FloatVector y = FloatVector.fromArray(F, labelOf, j);
                VectorMask<Float> kept = y.compare(VectorOperators.GE, 0f);
                VectorMask<Float> hit = y.compare(VectorOperators.EQ, (float) c);
                // -1 in the lanes left out: no test of the label in the lanes below (a branch first
                // taken at an image's first ignored pixel would send the compiled code back, see fromEnd)
                FloatVector pk = FloatVector.fromArray(F, atOne, c * tile + j).mul(FloatVector.fromArray(F, inverse, j))
                        .blend(-1f, kept.not());
                VectorMask<Float> low = pk.compare(VectorOperators.LT, first).and(kept);
                count = count.add(1f, low);
                confidence = confidence.add(pk, low);
                hits = hits.add(1f, low.and(hit));
                if (kept.andNot(low).anyTrue()) {
                    pk.intoArray(lanes, 0);
                    for (int l = 0; l < F.length(); l++) {
                        if (lanes[l] >= first) {
                            out.classwise[c].add(lanes[l], (int) labelOf[j + l] == c ? 1 : 0);
                        }
                    }
                }
            }
            out.classwise[c].addBin(0, count.reduceLanes(VectorOperators.ADD), confidence.reduceLanes(VectorOperators.ADD),
                    hits.reduceLanes(VectorOperators.ADD));
        }
    }

    /** One point's three sums over the classes, in registers; then each value squared for its chain's next point. */
    private void point(float[] e) {
        FloatVector zero = FloatVector.zero(F);
        for (int j = 0; j < tile; j += F.length()) {
            FloatVector a0 = zero;
            FloatVector a1 = zero;
            FloatVector a2 = zero;
            for (int c = 0; c < classes; c++) {
                int at = c * tile + j;
                FloatVector v = FloatVector.fromArray(F, e, at);
                FloatVector d = FloatVector.fromArray(F, gap, at);
                FloatVector dv = d.mul(v);
                a0 = a0.add(v);
                a1 = a1.add(dv);
                a2 = d.fma(dv, a2);
                v.mul(v).blend(zero, v.compare(VectorOperators.LT, FLUSH)).intoArray(e, at);
            }
            a0.intoArray(sums, j);
            a1.intoArray(sums, tile + j);
            a2.intoArray(sums, 2 * tile + j);
        }
    }

    private static final float LOG2_E = 1.44269504088896341f;
    private static final float SHIFTER = 12582912f + 127f;
    private static final float LN2_HIGH = 0.693359375f;
    private static final float LN2_LOW = -2.12194440e-4f;

    /**
     * exp(x) for x ≤ 0 within 2 float steps, 0 below -87.3 where it would be subnormal (a term that
     * adds nothing to sums of at least 1): 2^n e^r and Cephes' polynomial, as the CPU kernel's own
     * (kept apart: the kernel's package stays the engine's, and the JIT inlines each where it is used).
     */
    private static FloatVector exp(FloatVector x) {
        VectorMask<Float> under = x.compare(VectorOperators.LT, -87.33654f);
        FloatVector t = x.fma(FloatVector.broadcast(F, LOG2_E), FloatVector.broadcast(F, SHIFTER));
        FloatVector n = t.sub(SHIFTER);
        FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_HIGH), x);
        r = n.fma(FloatVector.broadcast(F, -LN2_LOW), r);
        FloatVector p = FloatVector.broadcast(F, 1.9875691500e-4f).fma(r, FloatVector.broadcast(F, 1.3981999507e-3f))
                .fma(r, FloatVector.broadcast(F, 8.3334519073e-3f)).fma(r, FloatVector.broadcast(F, 4.1665795894e-2f))
                .fma(r, FloatVector.broadcast(F, 1.6666665459e-1f)).fma(r, FloatVector.broadcast(F, 5.0000001201e-1f));
        p = p.fma(r.mul(r), r).add(1f);
        FloatVector scale = t.reinterpretAsInts().lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(scale).blend(0f, under);
    }
}
