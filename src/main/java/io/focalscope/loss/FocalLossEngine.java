package io.focalscope.loss;

import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Computes multi-class focal loss per pixel on ND4J:
 * <pre>
 *   log p_t = log_softmax(z)[y]          (z - max z - log1p(Σ' exp(z - max z)), Σ' leaving out the top class)
 *   l       = -α_y (1 - p_t)^γ log p_t,   with 1 - p_t = -expm1(log p_t)
 * </pre>
 * in the two forms of the source post, each on its own path:
 * <ul>
 *   <li>"nll": log p_t picked by index from the log-softmax (what {@code nll_loss} does), and the
 *       loss as the NLL of factor x log-softmax, which is the factor times that picked value;</li>
 *   <li>"onehot": a class mask made by scatter, log p_t = Σ_c mask x log-softmax, and
 *       {@code -(1 - p_t)^γ log p_t}.</li>
 * </ul>
 * {@link #prepare} does the expensive part once (softmax, both gathers, histogram);
 * {@link PreparedBatch#evaluate} then costs a few element-wise passes per γ or weight change.
 * The class-axis passes run on ND4J in place on two reused buffers; per-pixel index work (the
 * NLL pick, the scatters) reads and writes those buffers directly, because ND4J 1.0.0-M2.1's
 * Gather takes about 0.5 µs an index (1 s for a 2-megapixel map, measured).
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
        int[] labels = batch.labels();

        ScratchBuffers buffers = ScratchBuffers.forShape(samples, classes, hw);
        INDArray x = buffers.logits;
        INDArray work = buffers.work;
        FloatBuffer xs = x.data().asNioFloat();
        xs.put(0, batch.logits());

        Extremes extremes = extremes(batch);
        boolean[] nonFinite = extremes.nonFinite();
        // Which pixels take part, and the class of each (classes = "left out").
        int[] classIndex = new int[pixels];
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
            if (nonFinite[p]) {
                nonFiniteCount++;
                firstNonFinite = firstNonFinite < 0 ? p : firstNonFinite;
            }
            ignored += isIgnored ? 1 : 0;
            if (isIgnored || nonFinite[p]) {
                classIndex[p] = classes;
            } else {
                classIndex[p] = y;
                perSample[p / hw][y]++;
            }
        }
        ClassCounts counts = ClassCounts.of(perSample);
        if (counts.labelledPixels() == 0) {
            throw InputException.of(batch.labelsSource(), "no labelled pixels: all " + pixels + " pixels are "
                    + (nonFiniteCount == 0 ? "the ignore index " + ignoreIndex : "ignored or have non-finite logits"));
        }

        int[] predicted = logSoftmaxInPlace(x, work, extremes);
        float[] logPtNll = pickByIndex(x, classIndex, classes, hw);
        float[] logPtOnehot = sumOverClassMask(x, work, classIndex, classes, hw);
        PixelPosition first = firstNonFinite < 0 ? null : PixelPosition.ofFlat(firstNonFinite, batch.height(), batch.width());
        return new PreparedBatch(batch.mapShape(), classes, ignoreIndex, classIndex, counts, ignored, nonFiniteCount, first,
                predicted, logPtNll, logPtOnehot, (System.nanoTime() - start) / 1e6);
    }

    /** Per pixel: the largest logit, its class, and whether every logit is finite. */
    record Extremes(float[] max, int[] argMax, boolean[] nonFinite) {
    }

    /**
     * One pass over the class planes of the logits, pixel ranges split over the cores: ND4J's
     * IndexMax along the class axis reads each pixel's classes H x W apart and took five times as
     * long (measured), and its max would not tell a NaN.
     */
    static Extremes extremes(SegmentationBatch batch) {
        int classes = batch.classes();
        int hw = batch.height() * batch.width();
        float[] z = batch.logits();
        int pixels = batch.pixels();
        float[] max = new float[pixels];
        int[] arg = new int[pixels];
        boolean[] bad = new boolean[pixels];
        int chunk = 1 << 14;
        int chunksPerSample = (hw + chunk - 1) / chunk;
        IntStream.range(0, batch.samples() * chunksPerSample).parallel().forEach(k -> {
            int n = k / chunksPerSample;
            int from = (k % chunksPerSample) * chunk;
            int to = Math.min(hw, from + chunk);
            int pixelBase = n * hw;
            java.util.Arrays.fill(max, pixelBase + from, pixelBase + to, Float.NEGATIVE_INFINITY);
            for (int c = 0; c < classes; c++) {
                int plane = (n * classes + c) * hw;
                for (int i = from; i < to; i++) {
                    float v = z[plane + i];
                    int p = pixelBase + i;
                    if (v > max[p]) {
                        max[p] = v;
                        arg[p] = c;
                    }
                    bad[p] |= !(v - v == 0); // NaN and ±infinity alike
                }
            }
        });
        return new Extremes(max, arg, bad);
    }

    /**
     * Turns logits {@code [N, C, HW]} into log-softmax over the class axis, in place, and returns the
     * arg-max class per pixel. Stable: with m = max z, {@code log p_c = (z_c - m) - log1p(ε)} where
     * ε = Σ exp(z_c - m) over all classes but the arg-max; so logits of ±1000 stay finite, and the
     * top class's log p (≈ -ε) keeps its digits instead of rounding to 0 through {@code log(1 + ε)}.
     *
     * @param work a {@code [N, C, HW]} buffer, overwritten
     * @param extremes each pixel's largest logit and its class
     */
    static int[] logSoftmaxInPlace(INDArray x, INDArray work, Extremes extremes) {
        int classes = (int) x.size(1);
        int hw = (int) x.size(2);
        try (INDArray max = Nd4j.createFromArray(extremes.max())) {
            Broadcast.sub(x, max.reshape(x.size(0), hw), x, 0, 2);
        }
        int[] predicted = extremes.argMax().clone();
        for (int p = 0; p < predicted.length; p++) {
            if (extremes.nonFinite()[p]) {
                predicted[p] = -1;
            }
        }
        Nd4j.exec(new Exp(x, work));
        // leave the top class out of ε: its term is exactly 1 and would swallow ε's digits
        FloatBuffer e = work.data().asNioFloat();
        int[] top = predicted;
        IntStream.range(0, top.length).parallel().forEach(p ->
                e.put((p / hw) * classes * hw + Math.max(0, top[p]) * hw + p % hw, 0f));
        try (INDArray epsilon = work.sum(1)) {
            float[] lse = epsilon.data().asFloat();
            // not ND4J's Log1p, which is log(1 + x) in float32 and rounds small ε to 0 (measured)
            IntStream.range(0, lse.length).parallel().forEach(p -> lse[p] = log1p(lse[p]));
            try (INDArray logSumExp = Nd4j.createFromArray(lse)) {
                Broadcast.sub(x, logSumExp.reshape(epsilon.shape()), x, 0, 2);
            }
        }
        return predicted;
    }

    /**
     * log(1 + ε) for ε ≥ 0 to float precision: a three-term series below 1e-4 (its error is under
     * ε⁴/4), else the log in double. Math.log1p gives the same digits at several times the cost.
     */
    static float log1p(float epsilon) {
        double e = epsilon;
        return (float) (e < 1e-4 ? e * (1 - e * (0.5 - e / 3)) : Math.log(1 + e));
    }

    /** The NLL pick: the log-softmax of the labelled class, by index; 0 for pixels left out. */
    private static float[] pickByIndex(INDArray logSoftmax, int[] classIndex, int classes, int hw) {
        FloatBuffer l = logSoftmax.data().asNioFloat();
        float[] out = new float[classIndex.length];
        IntStream.range(0, out.length).parallel().forEach(p -> {
            int c = classIndex[p];
            out[p] = c == classes ? 0f : l.get((p / hw) * classes * hw + c * hw + p % hw);
        });
        return out;
    }

    /**
     * The one-hot form: a class mask by scatter (left-out pixels get an all-zero row), multiplied
     * into the log-softmax on ND4J and summed over the classes.
     */
    private static float[] sumOverClassMask(INDArray logSoftmax, INDArray mask, int[] classIndex, int classes, int hw) {
        mask.assign(0);
        FloatBuffer m = mask.data().asNioFloat();
        IntStream.range(0, classIndex.length).parallel().forEach(p -> {
            int c = classIndex[p];
            if (c != classes) {
                m.put((p / hw) * classes * hw + c * hw + p % hw, 1f);
            }
        });
        // a non-finite pixel's row holds NaN or -inf and 0 x NaN stays NaN: such rows are left out below
        logSoftmax.muli(mask);
        try (INDArray sum = logSoftmax.sum(1)) {
            float[] out = sum.data().asFloat();
            for (int p = 0; p < out.length; p++) {
                if (classIndex[p] == classes) {
                    out[p] = 0f;
                }
            }
            return out;
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
