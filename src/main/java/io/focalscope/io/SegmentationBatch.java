package io.focalscope.io;

/**
 * Logits and labels of one batch, checked to fit each other: logits {@code [N, C, H, W]} in C
 * order and labels {@code [N, H, W]} (a class index per pixel), or {@code [N, C, H, W]} (a 0/1
 * mask per class, multi-label targets for the sigmoid loss). Labels are not yet checked against
 * the class range, which depends on the ignore index the loss is computed with.
 *
 * @param logitsSource the logits file as the user named it (for messages)
 * @param labelsSource the labels file as the user named it (for messages)
 */
public record SegmentationBatch(float[] logits, int[] labels, int samples, int classes, int height, int width,
                                String logitsSource, String labelsSource) {

    public SegmentationBatch {
        long pixels = (long) samples * height * width;
        if (labels.length != pixels && labels.length != pixels * classes || logits.length != pixels * classes) {
            throw new IllegalArgumentException("arrays do not match " + samples + "x" + classes + "x" + height + "x" + width);
        }
    }

    /** Whether the labels are a 0/1 mask per class, {@code [N, C, H, W]} (for C > 1). */
    public boolean labelMasks() {
        return classes > 1 && labels.length == (long) samples * classes * height * width;
    }

    /**
     * One label per pixel, {@code [N, H, W]}, for the maps: the labels themselves, or for masks each
     * pixel's first class whose mask is 1 (0 where none is), and the ignore index where every
     * channel is ignored.
     */
    public int[] pixelLabels(Integer ignoreIndex) {
        if (!labelMasks()) {
            return labels;
        }
        int hw = height * width;
        int[] out = new int[samples * hw];
        for (int p = 0; p < out.length; p++) {
            int n = p / hw;
            int base = n * classes * hw + p % hw;
            int first = -1;
            boolean allIgnored = ignoreIndex != null;
            for (int c = 0; c < classes; c++) {
                int m = labels[base + c * hw];
                boolean ignored = ignoreIndex != null && m == ignoreIndex;
                allIgnored &= ignored;
                first = first < 0 && !ignored && m == 1 ? c : first;
            }
            out[p] = allIgnored ? ignoreIndex : Math.max(first, 0);
        }
        return out;
    }

    /**
     * One sample at every {@code step}-th row and column, from its top-left pixel: a batch of one,
     * {@code ceil(H / step) x ceil(W / step)}, the same classes and sources (labels per pixel or per class).
     *
     * @throws IllegalArgumentException for a sample outside the batch or a step below 1
     */
    public SegmentationBatch sampleEvery(int sample, int step) {
        if (sample < 0 || sample >= samples || step < 1) {
            throw new IllegalArgumentException("sample " + sample + " of " + samples + " at step " + step);
        }
        int[] at = planeEvery(height, width, step);
        int hw = height * width;
        float[] z = new float[classes * at.length];
        for (int c = 0; c < classes; c++) {
            int from = (sample * classes + c) * hw;
            for (int i = 0; i < at.length; i++) {
                z[c * at.length + i] = logits[from + at[i]];
            }
        }
        int planes = labelMasks() ? classes : 1;
        return new SegmentationBatch(z, gather(labels, sample * planes, planes, hw, at), 1, classes, (height + step - 1) / step,
                (width + step - 1) / step, logitsSource, labelsSource);
    }

    /**
     * {@code count} planes of {@code hw} values from plane {@code first} of {@code values}, each
     * taken at the places {@code at} ({@link #planeEvery}), one plane after another.
     */
    public static int[] gather(int[] values, int first, int count, int hw, int[] at) {
        int[] out = new int[count * at.length];
        for (int c = 0; c < count; c++) {
            int from = (first + c) * hw;
            for (int i = 0; i < at.length; i++) {
                out[c * at.length + i] = values[from + at[i]];
            }
        }
        return out;
    }

    /** Where in an {@code height x width} plane its pixels at every {@code step}-th row and column lie, row by row. */
    public static int[] planeEvery(int height, int width, int step) {
        int h = (height + step - 1) / step;
        int w = (width + step - 1) / step;
        int[] at = new int[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                at[y * w + x] = y * step * width + x * step;
            }
        }
        return at;
    }

    /** Pixels in the batch, N x H x W. */
    public int pixels() {
        return samples * height * width;
    }

    /** The label map's shape {@code [N, H, W]}. */
    public int[] mapShape() {
        return new int[] {samples, height, width};
    }
}
