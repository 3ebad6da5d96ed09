package io.focalscope.loss.cpu;

import static io.focalscope.loss.cpu.VectorLanes.L;

import io.focalscope.loss.TermPass;

/**
 * {@link FocalKernel}'s passes over a range of pixels, and the post's softmax, in plain float code
 * with the same bits as the vector code, sums included: each sum is kept in {@link VectorLanes#L}
 * running lanes, reduced lane by lane in order, as the vector code's are. Used with
 * {@link ScalarSoftmax} while the Vector API's code is cold (see {@link CpuEngine}): after the
 * plain softmax, the demo's first evaluation still took 1.25 s of a window's start in the vector
 * passes. The lanes of a sum are added in lane order, as Java 17's Vector API adds them for
 * {@code reduceLanes(ADD)}, compiled and interpreted (the API does not promise an order: a later JDK
 * that changes it would make sums differ in their last bits, which {@code PlainCodeTest} would show).
 * The terms are the softmax's, which neither shift p_t nor cap -log p' (ASL is refused with softmax),
 * as {@link FocalKernel}'s vector passes assume too.
 */
final class ScalarPasses {

    private ScalarPasses() {
    }

    /**
     * Float lanes summed as the vector code sums them ({@link VectorLanes.FloatSum}, and the loops of
     * {@link FocalKernel}'s terms): into the double total every 64 blocks and at the last.
     */
    static final class LaneSum {
        private final float[] lanes = new float[L];
        private int blocks;
        double total;

        /** Adds block {@code v} (its lanes past the range 0). */
        void add(float[] v, boolean last) {
            for (int j = 0; j < L; j++) {
                lanes[j] += v[j];
            }
            if (++blocks % 64 == 0 || last) {
                total += reduce(lanes);
                java.util.Arrays.fill(lanes, 0f);
            }
        }
    }

    /** The lanes added in order, as the vector code's reduction adds them. */
    static float reduce(float[] lanes) {
        float s = lanes[0];
        for (int j = 1; j < lanes.length; j++) {
            s += lanes[j];
        }
        return s;
    }

    /** {@link FocalKernel#weigh}'s range: {@code α_y u} stored, and its sum. */
    static double weigh(float[] alpha, int[] classIndex, float[] u, float[] ce, int first, int end) {
        PlainRuns.count(PlainRuns.Pass.WEIGH);
        LaneSum sum = new LaneSum();
        float[] block = new float[L];
        for (int p = first; p < end; p += L) {
            for (int j = 0; j < L; j++) {
                block[j] = p + j < end ? alpha[classIndex[p + j]] * u[p + j] : 0f;
                if (p + j < end) {
                    ce[p + j] = block[j];
                }
            }
            sum.add(block, p + L >= end);
        }
        return sum.total;
    }

    /** {@link FocalKernel}'s onehot terms of a range: stored, and their sum. */
    static double onehotTerms(VectorTerm t, float[] ce, float[] logOneMinus, float[] out, int first, int end) {
        PlainRuns.count(PlainRuns.Pass.TERM);
        LaneSum sum = new LaneSum();
        float[] block = new float[L];
        for (int p = first; p < end; p += L) {
            for (int j = 0; j < L; j++) {
                block[j] = p + j < end ? t.value(ce[p + j], logOneMinus[p + j]) : 0f;
                if (p + j < end) {
                    out[p + j] = block[j];
                }
            }
            sum.add(block, p + L >= end);
        }
        return sum.total;
    }

    /** {@link FocalKernel}'s nll terms of a range: {sum, the largest difference from the stored onehot values}. */
    static double[] nllTerms(VectorTerm t, float[] ce, float[] logOneMinus, float[] onehot, int first, int end) {
        LaneSum sum = new LaneSum();
        float[] block = new float[L];
        float diff = 0f;
        for (int p = first; p < end; p += L) {
            for (int j = 0; j < L; j++) {
                boolean inside = p + j < end;
                block[j] = inside ? t.value(ce[p + j], logOneMinus[p + j]) : 0f;
                diff = Math.max(diff, Math.abs(block[j] - (inside ? onehot[p + j] : 0f)));
            }
            sum.add(block, p + L >= end);
        }
        return new double[] {sum.total, diff};
    }

    /** The "nll" form's map of a range. */
    static void nllMap(VectorTerm t, float[] ce, float[] logOneMinus, float[] out, int first, int end) {
        PlainRuns.count(PlainRuns.Pass.NLL_MAP);
        for (int p = first; p < end; p++) {
            out[p] = t.value(ce[p], logOneMinus[p]);
        }
    }

    /** {@link FocalKernel}'s post's range: -α (1 - p)^γ log p in float32 from the post's own softmax, stored, and its figures. */
    static TermPass.PostFigures post(float gamma, float[] alpha, int[] classIndex, int classes, float[] pt, float[] onehot,
                                     float[] out, int first, int end) {
        PlainRuns.count(PlainRuns.Pass.POST);
        double sum = 0;
        long nonFinite = 0;
        float error = 0f;
        float[] kept = new float[L];
        for (int p = first; p < end; p += L) {
            for (int j = 0; j < L; j++) {
                int q = p + j;
                boolean inside = q < end;
                // p = 1 where left out (and past the range) gives 0
                float p32 = inside && classIndex[q] != classes ? pt[q] : 1f;
                float a = inside ? alpha[classIndex[q]] : 0f;
                float v = -a * power(-p32 + 1f, gamma) * ScalarFloats.logAnywhere(p32);
                if (inside) {
                    out[q] = v;
                }
                boolean broken = v - v != 0f; // NaN and ±infinity
                nonFinite += broken ? 1 : 0;
                kept[j] = broken ? 0f : v;
                float o = inside ? onehot[q] : 0f;
                float e = Math.abs(v - o) / Math.max(Math.abs(o), Float.MIN_NORMAL);
                error = Math.max(error, broken ? 0f : e);
            }
            sum += reduce(kept);
        }
        return new TermPass.PostFigures(sum, nonFinite, error);
    }

    /** {@link FocalKernel}'s power: products for a whole γ up to 8, else exp(γ ln x). */
    private static float power(float x, float gamma) {
        if (gamma == 0) {
            return 1f;
        }
        if (gamma == Math.rint(gamma) && gamma <= 8) {
            float out = x;
            for (int k = 1; k < (int) gamma; k++) {
                out = out * x;
            }
            return out;
        }
        return ScalarFloats.exp(ScalarFloats.logAnywhere(x) * gamma);
    }

    /** {@link SoftmaxKernel#postPt} for pixels [first, end) of sample n: the post's float32 softmax of the label, 1 where left out. */
    static void postPt(float[] z, int[] classIndex, int classes, int hw, int n, int from, int to, float[] out) {
        PlainRuns.count(PlainRuns.Pass.POST_SOFTMAX);
        for (int i = from; i < to; i++) {
            int base = n * classes * hw + i;
            int p = n * hw + i;
            int y = classIndex[p];
            float max = Float.NEGATIVE_INFINITY;
            float labelZ = 0f;
            for (int c = 0; c < classes; c++) {
                float v = z[base + c * hw];
                max = Math.max(max, v);
                if (y == c) {
                    labelZ = v;
                }
            }
            float sum = 0f;
            for (int c = 0; c < classes; c++) {
                sum = sum + ScalarFloats.exp(z[base + c * hw] - max);
            }
            out[p] = y == classes ? 1f : ScalarFloats.exp(labelZ - max) / sum;
        }
    }
}
