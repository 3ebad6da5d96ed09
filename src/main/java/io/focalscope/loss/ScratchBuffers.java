package io.focalscope.loss;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The two {@code [N, C, HW]} work arrays of {@link FocalLossEngine#prepare}, kept per thread and
 * reused while the shape stays: allocating 160 MB off-heap costs more than the whole softmax
 * (PLATFORM-NOTES), and the inspector prepares on one worker thread again and again.
 */
final class ScratchBuffers {

    private static final ThreadLocal<ScratchBuffers> CURRENT = new ThreadLocal<>();

    final long[] shape;
    final INDArray logits;
    final INDArray work;

    private ScratchBuffers(long[] shape) {
        this.shape = shape;
        this.logits = Nd4j.createUninitialized(DataType.FLOAT, shape);
        this.work = Nd4j.createUninitialized(DataType.FLOAT, shape);
    }

    static ScratchBuffers forShape(long samples, long classes, long pixels) {
        ScratchBuffers b = CURRENT.get();
        long[] shape = {samples, classes, pixels};
        if (b == null || !java.util.Arrays.equals(b.shape, shape)) {
            release();
            b = new ScratchBuffers(shape);
            CURRENT.set(b);
        }
        return b;
    }

    /** Frees this thread's buffers (the next prepare allocates again). */
    static void release() {
        ScratchBuffers b = CURRENT.get();
        if (b != null) {
            b.logits.close();
            b.work.close();
            CURRENT.remove();
        }
    }
}
