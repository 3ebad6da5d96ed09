package io.focalscope.labels;

import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;

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
 */
record PixelConfidence(int[] label, double[] selfConfidence, int[] predicted, double[] predictedProb, int classes, int samples,
                       int height, int width) {

    /**
     * @throws InputException for label masks, a label outside the classes (not the ignore index) or
     *                        non-finite logits, naming the file
     */
    static PixelConfidence of(SegmentationBatch b, Integer ignoreIndex) {
        if (b.labelMasks()) {
            throw InputException.of(b.labelsSource(), "label-issues needs one class per pixel, not a mask per class");
        }
        int classes = b.classes();
        if (classes < 2) {
            throw InputException.of(b.logitsSource(), "label-issues needs the logits of at least 2 classes, got " + classes);
        }
        int hw = b.height() * b.width();
        int pixels = b.pixels();
        float[] z = b.logits();
        int[] labels = b.labels();
        int[] label = new int[pixels];
        double[] self = new double[pixels];
        int[] predicted = new int[pixels];
        double[] top = new double[pixels];
        for (int p = 0; p < pixels; p++) {
            int y = labels[p];
            boolean ignored = ignoreIndex != null && y == ignoreIndex;
            if (!ignored && (y < 0 || y >= classes)) {
                throw InputException.of(b.labelsSource(), "label " + y + " at pixel " + p + " is outside the " + classes
                        + " classes 0.." + (classes - 1) + (ignoreIndex == null ? "" : " and is not the ignore index " + ignoreIndex));
            }
            int base = p / hw * classes * hw + p % hw;
            double max = Double.NEGATIVE_INFINITY;
            int arg = 0;
            for (int c = 0; c < classes; c++) {
                double v = z[base + c * hw];
                if (v > max) {
                    max = v;
                    arg = c;
                }
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += Math.exp(z[base + c * hw] - max);
            }
            if (!Double.isFinite(max) || !Double.isFinite(sum)) {
                throw InputException.of(b.logitsSource(), "non-finite logits (NaN or infinity) at pixel " + p);
            }
            label[p] = ignored ? -1 : y;
            self[p] = ignored ? Double.NaN : Math.exp(z[base + y * hw] - max) / sum;
            predicted[p] = arg;
            top[p] = 1 / sum;
        }
        return new PixelConfidence(label, self, predicted, top, classes, b.samples(), b.height(), b.width());
    }

    int pixels() {
        return label.length;
    }
}
