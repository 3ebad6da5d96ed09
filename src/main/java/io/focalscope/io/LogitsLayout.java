package io.focalscope.io;

/**
 * Where the class axis of a logits file is. PyTorch saves {@code (N, C, H, W)}; TensorFlow, Keras
 * and JAX save {@code (N, H, W, C)}, which is read here by moving the class axis to the front.
 */
public enum LogitsLayout {
    /** {@code (N, C, H, W)} or {@code (C, H, W)}: as the loss reads them. */
    CHANNELS_FIRST,
    /** {@code (N, H, W, C)} or {@code (H, W, C)}: moved to channels-first as they are read. */
    CHANNELS_LAST;

    /** The logits as channels-first; for channels-last a float32 copy with the class axis moved. */
    NdArray toChannelsFirst(NdArray logits) {
        if (this == CHANNELS_FIRST) {
            return logits;
        }
        int[] s = logits.shape();
        if (s.length != 3 && s.length != 4) {
            throw InputException.of(logits.source(), "channels-last logits must be (N, H, W, C) or (H, W, C), found shape "
                    + logits.shapeText());
        }
        if (!logits.dtype().isFloatingPoint()) {
            return logits; // refused as channels-first logits are, by the loader's dtype check
        }
        int samples = s.length == 4 ? s[0] : 1;
        int height = s[s.length - 3];
        int width = s[s.length - 2];
        int classes = s[s.length - 1];
        float[] in = logits.toFloats();
        MemoryBudget.require(logits.source(), "the copy of the logits " + logits.shapeText() + " with the class axis first",
                in.length, (long) in.length * Float.BYTES);
        float[] out = new float[in.length];
        int hw = height * width;
        for (int n = 0; n < samples; n++) {
            int base = n * hw * classes;
            for (int p = 0; p < hw; p++) {
                int from = base + p * classes;
                for (int c = 0; c < classes; c++) {
                    out[base + c * hw + p] = in[from + c];
                }
            }
        }
        int[] shape = s.length == 4 ? new int[] {samples, classes, height, width} : new int[] {classes, height, width};
        return new NdArray(logits.source(), shape, out);
    }

    /**
     * Whether channels-first logits that do not fit the labels would fit them read channels-last:
     * the axes before the last are the labels' (N,) H and W.
     */
    static boolean looksChannelsLast(int[] logitsShape, int[] labelsShape) {
        int[] labels = labelsShape.length == 2 ? new int[] {1, labelsShape[0], labelsShape[1]} : labelsShape;
        int[] logits = logitsShape.length == 3 ? new int[] {1, logitsShape[0], logitsShape[1], logitsShape[2]} : logitsShape;
        return labels.length == 3 && logits.length == 4
                && logits[0] == labels[0] && logits[1] == labels[1] && logits[2] == labels[2];
    }
}
