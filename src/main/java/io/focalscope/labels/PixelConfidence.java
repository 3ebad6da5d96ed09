package io.focalscope.labels;

import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.io.WorkingMemory;
import io.focalscope.loss.PixelPosition;
import io.focalscope.numeric.DoubleExp;
import io.focalscope.numeric.FirstLargest;

/**
 * One image's softmax as cleanlab reads it, per pixel: the probability of the given label (its
 * self-confidence), the predicted class and that class's probability. In double, from the float32
 * logits: cleanlab's figures come from float64 probabilities, and its thresholds and comparisons
 * (a margin of 1e-6) are in float64 too.
 *
 * @param label          each pixel's class, -1 where it is left out (the ignore index)
 * @param selfConfidence p of the given label, NaN where left out
 * @param predicted      the arg-max class (the first of equal largest)
 * @param predictedProb  p of the arg-max class
 * @param logSelfConfidence log p of the given label, {@code (z_y - m) - log Σ exp(z_c - m)}: finite where p itself
 *                       underflows to 0 (a logit gap over about 745), which a loss needs
 */
public record PixelConfidence(int[] label, double[] selfConfidence, int[] predicted, double[] predictedProb, double[] logSelfConfidence,
                              int classes, int samples,
                       int height, int width) {

    /**
     * The most classes: the search counts each image's (given, predicted) pairs in classes² longs
     * (134 MB at 4,096), and beyond about 46,000 their count overflows an int.
     */
    public static final int MAX_CLASSES = 4096;

    /** What an image's figures take beside its logits: an int, an int and three doubles a pixel. */
    public static final WorkingMemory WORKING = new WorkingMemory(32, 0);

    /**
     * @throws InputException for label masks, a label outside the classes (not the ignore index) or
     *                        non-finite logits, naming the file
     */
    public static PixelConfidence of(SegmentationBatch b, Integer ignoreIndex) {
        if (b.labelMasks()) {
            throw InputException.of(b.labelsSource(), "label-issues needs one class per pixel, not a mask per class");
        }
        int classes = b.classes();
        if (classes < 2) {
            throw InputException.of(b.logitsSource(), "label-issues needs the logits of at least 2 classes, got " + classes);
        }
        if (classes > MAX_CLASSES) {
            throw InputException.of(b.logitsSource(), "label-issues takes at most " + String.format(java.util.Locale.ROOT, "%,d", MAX_CLASSES)
                    + " classes (it counts every pair of given and predicted class), got " + classes);
        }
        int hw = b.height() * b.width();
        int pixels = b.pixels();
        float[] z = b.logits();
        int[] labels = b.labels();
        int[] label = new int[pixels];
        double[] self = new double[pixels];
        int[] predicted = new int[pixels];
        double[] top = new double[pixels];
        double[] logSelf = new double[pixels];
        // a tile of pixels at a time, class plane by class plane: the logits are read in order, and the
        // exponentials go a vector of pixels at a time into the sums (DoubleExp). The arg-max is a
        // method of its own (FirstLargest): its blends written here were compiled as calls, each
        // boxing a vector (1 GB of garbage for 12 images of 19 x 512 x 1024, and a heap grown for it)
        float[] max = new float[TILE];
        float[] arg = new float[TILE];
        double[] shifted = new double[TILE];
        double[] exp = new double[TILE];
        double[] sum = new double[TILE];
        int firstNonFinite = -1;
        long nonFinite = 0;
        for (int n = 0; n < b.samples(); n++) {
            for (int from = 0; from < hw; from += TILE) {
                int len = Math.min(TILE, hw - from);
                int planes = n * classes * hw + from;
                int p0 = n * hw + from;
                for (int j = 0; j < len; j++) {
                    int y = labels[p0 + j];
                    boolean ignored = ignoreIndex != null && y == ignoreIndex;
                    if (!ignored && (y < 0 || y >= classes)) {
                        throw InputException.of(b.labelsSource(), "label " + y + " at " + PixelPosition.ofFlat(p0 + j, b.height(), b.width())
                                + " is outside the " + classes
                                + " classes 0.." + (classes - 1) + (ignoreIndex == null ? "" : " and is not the ignore index " + ignoreIndex));
                    }
                    label[p0 + j] = ignored ? -1 : y;
                }
                FirstLargest.of(z, planes, hw, classes, max, arg, len);
                java.util.Arrays.fill(sum, 0, len, 0);
                for (int c = 0; c < classes; c++) {
                    // widened by a plain loop: the Vector API's float-to-double conversion made the
                    // softmax 44 ms an image of 19 x 512 x 1024, against 38-41 so (one thread, AVX2)
                    int plane = planes + c * hw;
                    for (int j = 0; j < len; j++) {
                        shifted[j] = (double) z[plane + j] - max[j];
                    }
                    DoubleExp.addExp(shifted, sum, len);
                }
                // the given label's term again, by the same exp of the same shifted logit: the term its
                // class's sum holds, bit for bit (DoubleExp's lanes depend on their own values only)
                for (int j = 0; j < len; j++) {
                    int y = label[p0 + j];
                    shifted[j] = y < 0 ? 0 : (double) z[planes + y * hw + j] - max[j];
                }
                DoubleExp.exp(shifted, exp, len);
                for (int j = 0; j < len; j++) {
                    int p = p0 + j;
                    if (!Float.isFinite(max[j]) || !Double.isFinite(sum[j])) {
                        firstNonFinite = nonFinite++ == 0 ? p : firstNonFinite; // refused with their count at the end
                    }
                    predicted[p] = (int) arg[j];
                    self[p] = label[p] < 0 ? Double.NaN : exp[j] / sum[j];
                    logSelf[p] = label[p] < 0 ? Double.NaN : shifted[j] - Math.log(sum[j]);
                    top[p] = 1 / sum[j];
                }
            }
        }
        if (nonFinite > 0) {
            throw InputException.nonFiniteLogits(b.logitsSource(), nonFinite, PixelPosition.ofFlat(firstNonFinite, b.height(), b.width()));
        }
        return new PixelConfidence(label, self, predicted, top, logSelf, classes, b.samples(), b.height(), b.width());
    }

    /**
     * The figures of blocks of {@code factor x factor} pixels, as cleanlab's {@code downsample}
     * takes them, but for the labels: each block's probabilities the mean of all its pixels' (made to
     * sum to 1), its label the one most of its labelled pixels have (ties to the lower class; none
     * labelled: left out). cleanlab averages the class indices instead, so that a block of classes 0
     * and 2 becomes class 1.
     *
     * @throws InputException where the height or width is no multiple of the factor, or as {@link #of(SegmentationBatch, Integer)}
     */
    public static PixelConfidence of(SegmentationBatch b, Integer ignoreIndex, int factor) {
        if (factor == 1) {
            return of(b, ignoreIndex);
        }
        requireBlocks(b, factor);
        return pool(of(b, ignoreIndex), b, factor);
    }

    /** @throws InputException where the map's height or width is no multiple of the factor */
    public static void requireBlocks(SegmentationBatch b, int factor) {
        if (b.height() % factor != 0 || b.width() % factor != 0) {
            throw InputException.of(b.logitsSource(), "--downsample " + factor + ": the height " + b.height() + " and width " + b.width()
                    + " must both be multiples of it");
        }
    }

    /**
     * The blocks' figures from the pixels' own ({@link #of(SegmentationBatch, Integer)} of the same
     * batch, whose labels and logits it has checked), for a caller that needs both.
     */
    public static PixelConfidence pool(PixelConfidence full, SegmentationBatch b, int factor) {
        requireBlocks(b, factor);
        int h = b.height();
        int w = b.width();
        int classes = b.classes();
        int hw = h * w;
        int bh = h / factor;
        int bw = w / factor;
        int blocks = b.samples() * bh * bw;
        double[] mean = new double[classes * blocks];
        float[] z = b.logits();
        for (int p = 0; p < b.pixels(); p++) {
            int n = p / hw;
            int y = p % hw / w;
            int x = p % w;
            int block = (n * bh + y / factor) * bw + x / factor;
            int base = n * classes * hw + p % hw;
            // p_c = exp(z_c - max) / Σ, with the largest logit that of the predicted class and Σ = 1 / p_max
            double max = z[base + full.predicted()[p] * hw];
            double sum = 1 / full.predictedProb()[p];
            for (int c = 0; c < classes; c++) {
                mean[c * blocks + block] += Math.exp(z[base + c * hw] - max) / sum;
            }
        }
        int[] label = new int[blocks];
        double[] self = new double[blocks];
        int[] predicted = new int[blocks];
        double[] top = new double[blocks];
        double[] logSelf = new double[blocks];
        int[] votes = new int[classes];
        for (int k = 0; k < blocks; k++) {
            int n = k / (bh * bw);
            int y0 = k % (bh * bw) / bw * factor;
            int x0 = k % bw * factor;
            java.util.Arrays.fill(votes, 0);
            for (int dy = 0; dy < factor; dy++) {
                for (int dx = 0; dx < factor; dx++) {
                    int y = full.label()[n * hw + (y0 + dy) * w + x0 + dx];
                    if (y >= 0) {
                        votes[y]++;
                    }
                }
            }
            int most = -1;
            double total = 0;
            int arg = 0;
            for (int c = 0; c < classes; c++) {
                most = votes[c] > 0 && (most < 0 || votes[c] > votes[most]) ? c : most;
                total += mean[c * blocks + k];
                arg = mean[c * blocks + k] > mean[arg * blocks + k] ? c : arg;
            }
            label[k] = most;
            predicted[k] = arg;
            top[k] = mean[arg * blocks + k] / total;
            self[k] = most < 0 ? Double.NaN : mean[most * blocks + k] / total;
            logSelf[k] = most < 0 ? Double.NaN : Math.log(self[k]);
        }
        return new PixelConfidence(label, self, predicted, top, logSelf, classes, b.samples(), bh, bw);
    }

    /** Pixels per tile: a tile's class planes (19 x 256 floats) stay in the L1 cache between the passes over them. */
    private static final int TILE = 256;

    int pixels() {
        return label.length;
    }
}
