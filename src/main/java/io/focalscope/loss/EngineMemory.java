package io.focalscope.loss;

import io.focalscope.io.WorkingMemory;

/**
 * What the engines keep on the heap for a batch beside its logits and labels, so that a reader can
 * refuse a batch that fits alone but not with them ({@link io.focalscope.io.BatchLoader}). Measured
 * on the CPU kernel (EngineMemoryTest); the ND4J engine keeps less on the heap (its working arrays
 * are native, within FOCALSCOPE_OFFHEAP).
 */
public final class EngineMemory {

    private EngineMemory() {
    }

    /**
     * A batch prepared and evaluated with its maps, as compute, render and the window evaluate it.
     * Measured with the gradient: softmax kept 53 bytes a pixel (its softmax sums, the class index,
     * the loss, cross-entropy and gradient maps), 9 fewer since u, its cross-entropy map and the
     * non-finite flags are kept once; sigmoid about 25 a pixel and 10 a logit; the
     * figures leave room for the calibration's and the hover's maps.
     */
    public static WorkingMemory maps(Activation activation) {
        return activation == Activation.SOFTMAX ? new WorkingMemory(64, 0) : new WorkingMemory(32, 12);
    }

    /**
     * A batch summarised, as a scan's per-image step does: softmax in one pass that keeps only the
     * class index, 4 bytes a pixel; sigmoid prepared as for its maps (about 7 bytes a pixel and 10 a
     * logit), and one map of the loss while it is summed.
     */
    public static WorkingMemory summary(Activation activation) {
        return activation == Activation.SOFTMAX ? new WorkingMemory(8, 0) : new WorkingMemory(12, 12);
    }
}
