package io.focalscope.loss.cpu;

import io.focalscope.loss.AbstractPreparedBatch;
import io.focalscope.loss.FocalPass;
import io.focalscope.loss.Participation;

/** A batch prepared by the fused CPU kernel: plain Java arrays, nothing to free. */
final class CpuPreparedBatch extends AbstractPreparedBatch {

    private final FocalKernel kernel;

    CpuPreparedBatch(Participation part, String backend, SoftmaxKernel softmax, PixelRanges ranges, double prepareMillis) {
        super(part, backend, softmax.pt, () -> oneMinusPt(softmax), softmax.predicted, prepareMillis);
        this.kernel = new FocalKernel(softmax, part.classIndex(), part.classes(), ranges);
    }

    /** 1 - p_t = exp(log(1 - p_t)) ("onehot"), NaN where left out as in p_t. */
    private static float[] oneMinusPt(SoftmaxKernel softmax) {
        float[] out = new float[softmax.pt.length];
        for (int p = 0; p < out.length; p++) {
            float pt = softmax.pt[p];
            out[p] = pt != pt ? Float.NaN : (float) Math.exp(softmax.logOneMinusOnehot[p]);
        }
        return out;
    }

    @Override
    protected void weigh(float[] alpha) {
        kernel.weigh(alpha);
    }

    @Override
    protected FocalPass focal(double gamma, float[] alpha, boolean asWritten) {
        return kernel.focal(gamma, alpha, asWritten);
    }

    @Override
    public void close() {
        // heap arrays only
    }
}
