package io.focalscope.loss.cpu;

import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.AbstractPreparedBatch;
import io.focalscope.loss.Activation;
import io.focalscope.loss.ElementTerm;
import io.focalscope.loss.GradientPass;
import io.focalscope.loss.LogPtHistogram;
import io.focalscope.loss.Participation;
import io.focalscope.loss.TermPass;
import io.focalscope.loss.Weighting;
import java.util.function.BooleanSupplier;

/** A softmax batch prepared by the fused CPU kernel: plain Java arrays, nothing to free. */
final class CpuSoftmaxBatch extends AbstractPreparedBatch {

    private final SegmentationBatch batch;
    private final SoftmaxKernel softmax;
    private final PixelRanges ranges;
    private final FocalKernel kernel;

    /** @param vector whether a pass runs the vector code now (see {@link CpuEngine}) */
    CpuSoftmaxBatch(SegmentationBatch batch, Participation part, String backend, SoftmaxKernel softmax, PixelRanges ranges,
                    double prepareMillis, BooleanSupplier vector) {
        super(part, Activation.SOFTMAX, backend, () -> pt(softmax, part), () -> oneMinusPt(softmax, part), softmax.predicted,
                prepareMillis);
        this.batch = batch;
        this.softmax = softmax;
        this.ranges = ranges;
        this.kernel = new FocalKernel(softmax, part.classIndex(), part.classes(), ranges,
                once(() -> SoftmaxKernel.postPt(batch, part.classIndex(), ranges, vector.getAsBoolean())), vector);
    }

    /** p_t = exp(-u) ("onehot"), NaN where left out. */
    private static float[] pt(SoftmaxKernel softmax, Participation part) {
        float[] out = new float[softmax.u.length];
        for (int p = 0; p < out.length; p++) {
            out[p] = part.isLeftOut(p) ? Float.NaN : (float) Math.exp(-softmax.u[p]);
        }
        return out;
    }

    /** 1 - p_t = exp(log(1 - p_t)) ("onehot"), NaN where left out. */
    private static float[] oneMinusPt(SoftmaxKernel softmax, Participation part) {
        float[] out = new float[softmax.u.length];
        for (int p = 0; p < out.length; p++) {
            out[p] = part.isLeftOut(p) ? Float.NaN : (float) Math.exp(softmax.logOneMinusOnehot[p]);
        }
        return out;
    }

    @Override
    protected TermPass crossEntropyPass(Weighting w) {
        return kernel.weigh(w.positive());
    }

    @Override
    protected TermPass termPass(ElementTerm positive, ElementTerm negative, Weighting w, boolean asWritten) {
        return kernel.term(positive, asWritten);
    }

    @Override
    protected GradientPass gradientPass(ElementTerm positive, ElementTerm negative, Weighting w) {
        return SoftmaxGradient.run(batch, softmax, participation().classIndex(), ranges, positive, w.positive());
    }

    @Override
    protected void addTo(LogPtHistogram histogram, boolean perSample) {
        int[] classIndex = participation().classIndex();
        int classes = participation().classes();
        int hw = perSample ? batch.height() * batch.width() : classIndex.length;
        for (int p = 0; p < classIndex.length; p++) {
            if (classIndex[p] < classes) {
                histogram.add(p / hw * classes + classIndex[p], softmax.u[p]);
            }
        }
    }

    @Override
    public void close() {
        // heap arrays only
    }
}
