package io.focalscope.loss;

import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.Gather;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Computes multi-class focal loss per pixel on ND4J:
 * <pre>
 *   log p_t = log_softmax(z)[y]          (z - max z - log1p(Σ' exp(z - max z)), Σ' leaving out the top class)
 *   l       = -α_y (1 - p_t)^γ log p_t,   with 1 - p_t = -expm1(log p_t)
 * </pre>
 * in the two forms of the source post, each on its own path:
 * <ul>
 *   <li>"nll": log p_t gathered by index from the log-softmax (what {@code nll_loss} does), and the
 *       loss as the NLL of factor x log-softmax, which is the factor times that gathered value;</li>
 *   <li>"onehot": a class mask made by scatter ({@code one_hot}), log p_t = Σ_c mask x log-softmax,
 *       and {@code -(1 - p_t)^γ log p_t}.</li>
 * </ul>
 * {@link #prepare} does the expensive part once (softmax, gathers, histogram);
 * {@link PreparedBatch#evaluate} then costs a few element-wise passes per γ or weight change.
 */
public final class FocalLossEngine {

    private FocalLossEngine() {
    }

    /**
     * Validates the labels against the class count and ignore index, and computes log p_t per pixel.
     *
     * @param ignoreIndex the label that marks pixels out of the loss, or null for none
     * @throws InputException for labels out of range or a batch without a labelled pixel
     */
    public static PreparedBatch prepare(SegmentationBatch batch, Integer ignoreIndex) {
        long start = System.nanoTime();
        int samples = batch.samples();
        int classes = batch.classes();
        int hw = batch.height() * batch.width();
        int pixels = batch.pixels();
        float[] logits = batch.logits();
        int[] labels = batch.labels();

        // Java pass: which pixels take part, and the class of each (classes = "left out").
        int[] classIndex = new int[pixels];
        boolean[] nonFinite = new boolean[pixels];
        long[][] perSample = new long[samples][classes];
        long ignored = 0;
        long nonFiniteCount = 0;
        int firstNonFinite = -1;
        for (int p = 0; p < pixels; p++) {
            int y = labels[p];
            boolean isIgnored = ignoreIndex != null && y == ignoreIndex;
            if (!isIgnored && (y < 0 || y >= classes)) {
                throw labelOutOfRange(batch, ignoreIndex, p);
            }
            int n = p / hw;
            int base = n * classes * hw + p % hw;
            for (int c = 0; c < classes; c++) {
                if (!Float.isFinite(logits[base + c * hw])) {
                    nonFinite[p] = true;
                    break;
                }
            }
            if (nonFinite[p]) {
                nonFiniteCount++;
                firstNonFinite = firstNonFinite < 0 ? p : firstNonFinite;
            }
            if (isIgnored) {
                ignored++;
            }
            if (isIgnored || nonFinite[p]) {
                classIndex[p] = classes;
            } else {
                classIndex[p] = y;
                perSample[n][y]++;
            }
        }
        long[] total = new long[classes];
        for (long[] s : perSample) {
            for (int c = 0; c < classes; c++) {
                total[c] += s[c];
            }
        }
        ClassCounts counts = new ClassCounts(total, perSample);
        if (counts.labelledPixels() == 0) {
            throw InputException.of(batch.labelsSource(), "no labelled pixels: all " + pixels + " pixels are "
                    + (nonFiniteCount == 0 ? "the ignore index " + ignoreIndex : "ignored or have non-finite logits"));
        }

        INDArray logSoftmax = Nd4j.create(logits, new long[] {samples, classes, hw}, 'c');
        try (INDArray mask = Nd4j.createUninitialized(DataType.FLOAT, samples, classes, hw)) {
            int[] predicted = logSoftmaxInPlace(logSoftmax, mask, nonFinite);
            INDArray logPtNll = gatherByIndex(logSoftmax, classIndex, classes, hw);
            INDArray logPtOnehot = sumOverClassMask(logSoftmax, mask, classIndex, classes, hw);
            PixelPosition first = firstNonFinite < 0 ? null
                    : PixelPosition.ofFlat(firstNonFinite, batch.height(), batch.width());
            return new PreparedBatch(batch.mapShape(), classes, ignoreIndex, classIndex, counts, ignored,
                    nonFiniteCount, first, predicted, logPtNll, logPtOnehot,
                    (System.nanoTime() - start) / 1e6);
        } finally {
            logSoftmax.close();
        }
    }

    /**
     * Turns logits {@code [N, C, HW]} into log-softmax over the class axis, in place, and returns the
     * arg-max class per pixel. Stable: with m = max z, {@code log p_c = (z_c - m) - log1p(ε)} where
     * ε = Σ exp(z_c - m) over all classes but the arg-max; so logits of ±1000 stay finite, and the
     * top class's log p (≈ -ε) keeps its digits instead of rounding to 0 through {@code log(1 + ε)}.
     *
     * @param scratch a {@code [N, C, HW]} buffer, overwritten
     */
    static int[] logSoftmaxInPlace(INDArray x, INDArray scratch, boolean[] nonFinite) {
        int classes = (int) x.size(1);
        try (INDArray max = x.max(1)) {
            Broadcast.sub(x, max, x, 0, 2);
        }
        try (INDArray argMax = Nd4j.argMax(x, 1); INDArray top = argMax.castTo(DataType.INT32);
             INDArray exp = Transforms.exp(x, true)) {
            // scratch = 1 - onehot(argmax): keeps every term but the top one, ties included
            Nd4j.exec(new OneHot(top, scratch, classes, 1, 0.0, 1.0));
            int[] predicted = top.data().asInt();
            for (int p = 0; p < predicted.length; p++) {
                if (nonFinite[p]) {
                    predicted[p] = -1;
                }
            }
            scratch.muli(exp);
            try (INDArray epsilon = scratch.sum(1); INDArray logSumExp = log1p(epsilon)) {
                Broadcast.sub(x, logSumExp, x, 0, 2);
            }
            return predicted;
        }
    }

    /**
     * log1p per pixel with Math.log1p: ND4J's Log1p computes log(1 + x) in float32, which rounds
     * ε below 6e-8 to 0 (measured), the very digits the log-sum-exp above is arranged to keep.
     */
    private static INDArray log1p(INDArray epsilon) {
        float[] values = epsilon.dup('c').data().asFloat();
        for (int p = 0; p < values.length; p++) {
            values[p] = (float) Math.log1p(values[p]);
        }
        return Nd4j.createFromArray(values).reshape(epsilon.shape());
    }

    /** The NLL gather: the element of the labelled class, by flat index into {@code [N, C, HW]}. */
    private static INDArray gatherByIndex(INDArray logSoftmax, int[] classIndex, int classes, int hw) {
        int[] flat = new int[classIndex.length];
        for (int p = 0; p < flat.length; p++) {
            int c = classIndex[p] == classes ? 0 : classIndex[p]; // left-out pixels: any valid index
            flat[p] = (p / hw) * classes * hw + c * hw + p % hw;
        }
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, flat.length);
        try (INDArray indices = Nd4j.createFromArray(flat)) {
            Gather gather = new Gather(logSoftmax.reshape(-1), indices, 0);
            gather.addOutputArgument(out);
            Nd4j.exec(gather);
        }
        return out;
    }

    /** The one-hot form: mask by scatter (left-out pixels get an all-zero row), then Σ_c mask x log-softmax. */
    private static INDArray sumOverClassMask(INDArray logSoftmax, INDArray mask, int[] classIndex, int classes, int hw) {
        long samples = logSoftmax.size(0);
        int[] target = new int[classIndex.length];
        for (int p = 0; p < target.length; p++) {
            target[p] = classIndex[p] == classes ? -1 : classIndex[p];
        }
        try (INDArray indices = Nd4j.createFromArray(target)) {
            Nd4j.exec(new OneHot(indices.reshape(samples, hw), mask, classes, 1, 1.0, 0.0));
            // a non-finite pixel's log-softmax is NaN and 0 x NaN stays NaN; the evaluation drops it
            logSoftmax.muli(mask);
            try (INDArray sum = logSoftmax.sum(1)) {
                return sum.reshape(-1).dup();
            }
        }
    }

    private static InputException labelOutOfRange(SegmentationBatch batch, Integer ignoreIndex, int first) {
        int classes = batch.classes();
        long more = 0;
        int[] labels = batch.labels();
        for (int p = first + 1; p < labels.length; p++) {
            int y = labels[p];
            if ((ignoreIndex == null || y != ignoreIndex) && (y < 0 || y >= classes)) {
                more++;
            }
        }
        String ignore = ignoreIndex == null ? " (no ignore index is set)" : " and is not the ignore index " + ignoreIndex;
        return InputException.of(batch.labelsSource(), "label " + labels[first] + " at "
                + PixelPosition.ofFlat(first, batch.height(), batch.width()) + " is outside the "
                + classes + " classes 0.." + (classes - 1) + ignore
                + (more > 0 ? " (" + more + " more pixels are out of range)" : ""));
    }
}
