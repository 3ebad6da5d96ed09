package io.focalscope.loss.cpu;

import io.focalscope.io.SegmentationBatch;
import java.util.stream.IntStream;

/**
 * {@link SoftmaxKernel}'s arrays from plain float code, the same bits: the same read as
 * {@link LogitTile}'s (largest logit, its class, the label's logit, ε over the other classes), then
 * the same operations per pixel through {@link ScalarFloats}. Used while the Vector API's code is
 * still cold: uncompiled, a vector operation runs through its boxed fallback, and the softmax of the
 * demo (19 x 256 x 512) took 0.6-0.8 s of a window's start, that of 19 x 1024 x 2048 1.7 s; this
 * code, which the JIT compiles in milliseconds, took 60 ms and 0.3-0.37 s there in a cold JVM
 * (2 threads, 2 cores). Warm it is about 2.5 times slower than the vector kernel (0.25 s at
 * 19 x 1024 x 2048), which is why it is not used then.
 */
final class ScalarSoftmax {

    private final SoftmaxKernel out;
    private final float[] z;
    private final int[] classIndex;
    private final int classes;
    private final int hw;

    private ScalarSoftmax(SoftmaxKernel out, SegmentationBatch batch, int[] classIndex) {
        this.out = out;
        this.z = batch.logits();
        this.classIndex = classIndex;
        this.classes = batch.classes();
        this.hw = batch.height() * batch.width();
    }

    /** @param classIndex each pixel's label, {@code C} for the ignore index */
    static SoftmaxKernel run(SegmentationBatch batch, int[] classIndex, PixelRanges ranges) {
        SoftmaxKernel k = new SoftmaxKernel(batch, classIndex);
        ScalarSoftmax s = new ScalarSoftmax(k, batch, classIndex);
        IntStream.range(0, ranges.count()).parallel().forEach(r -> s.range(ranges, r));
        return k;
    }

    private void range(PixelRanges ranges, int r) {
        PlainRuns.count(PlainRuns.Pass.SOFTMAX);
        int n = ranges.sample()[r];
        int to = ranges.to()[r];
        int width = LogitTile.width(classes);
        Tile t = new Tile(width);
        for (int i = ranges.from()[r]; i < to; i += width) {
            int len = Math.min(width, to - i);
            t.read(n * classes * hw + i, n * hw + i, len);
            for (int j = 0; j < len; j++) {
                pixel(t, n * classes * hw + i + j, n * hw + i + j, j);
            }
        }
    }

    /** A tile's read, class plane by class plane as the vector kernel's: per pixel m, its class, z_y - m, poison, ε. */
    private final class Tile {
        final float[] max;
        final float[] arg;
        final float[] labelZ;
        final float[] poison;
        final float[] eps;

        Tile(int width) {
            max = new float[width];
            arg = new float[width];
            labelZ = new float[width];
            poison = new float[width];
            eps = new float[width];
        }

        void read(int planes, int p0, int len) {
            for (int j = 0; j < len; j++) {
                float v = z[planes + j];
                max[j] = v;
                arg[j] = 0f;
                labelZ[j] = classIndex[p0 + j] == 0 ? v : 0f;
                poison[j] = v * 0f;
            }
            for (int c = 1; c < classes; c++) {
                int plane = planes + c * hw;
                for (int j = 0; j < len; j++) {
                    float v = z[plane + j];
                    if (v > max[j]) {
                        max[j] = v;
                        arg[j] = c;
                    }
                    if (classIndex[p0 + j] == c) {
                        labelZ[j] = v;
                    }
                    poison[j] = Math.fma(v, 0f, poison[j]);
                }
            }
            for (int j = 0; j < len; j++) {
                eps[j] = 0f;
            }
            for (int c = 0; c < classes; c++) {
                int plane = planes + c * hw;
                for (int j = 0; j < len; j++) {
                    if (arg[j] != c) {
                        eps[j] += ScalarFloats.expOfNonPositive(z[plane + j] - max[j]);
                    }
                }
            }
        }
    }

    /** The tile's pixel j (flat pixel p, logits from {@code planes}): {@link LogitTile}'s log-softmax and {@link SoftmaxKernel}'s own passes. */
    private void pixel(Tile t, int planes, int p, int j) {
        float eps = t.eps[j];
        float max = t.max[j];
        float labelShifted = t.labelZ[j] - max;
        // log1p(ε): ln of 1 + ε rounded, then Goldberg's correction
        float d = eps + 1f - 1f;
        float logSum = d == 0f ? eps : ScalarFloats.log(eps + 1f) * (eps / d);
        float logPt = labelShifted - logSum;
        // 1 - p_t = -expm1(log p_t): exp, then Kahan's correction through its ln
        float pt = ScalarFloats.expFlushed(logPt);
        float lnPt = ScalarFloats.log(pt);
        float ptLess1 = pt - 1f;
        float expm1 = pt == 1f || logPt != logPt ? logPt : ptLess1 * (logPt / lnPt);
        if (ptLess1 == -1f) {
            expm1 = -1f;
        }
        float logOneMinus = ScalarFloats.log(-expm1);
        boolean nonFinite = t.poison[j] != t.poison[j];
        int label = classIndex[p];
        boolean leftOut = nonFinite || label == classes;
        out.u[p] = leftOut ? 0f : logSum - labelShifted;
        out.logOneMinusOnehot[p] = leftOut ? Float.NEGATIVE_INFINITY : logOneMinus;
        // nll: the label's logit by its index, 1 - p_t from the other classes' share
        float byIndex = z[planes + (label < classes ? label : 0) * hw] - max;
        float others = (float) label == t.arg[j] ? eps : eps + 1f - ScalarFloats.exp(byIndex);
        out.logOneMinusNll[p] = leftOut ? Float.NEGATIVE_INFINITY : ScalarFloats.log(others) - logSum;
        out.predicted[p] = nonFinite ? -1 : (int) t.arg[j];
    }
}
