package io.focalscope.io;

/**
 * What a computation keeps on the heap for a batch once its files are read: its working arrays, so
 * many bytes per pixel and per logit. A reader checks them with the array it reads, so that a file
 * that fits alone but not with what is computed from it is refused before it is read.
 */
public record WorkingMemory(long bytesPerPixel, long bytesPerLogit) {

    /** Nothing beyond the arrays read. */
    public static final WorkingMemory NONE = new WorkingMemory(0, 0);

    public WorkingMemory {
        if (bytesPerPixel < 0 || bytesPerLogit < 0) {
            throw new IllegalArgumentException("bytes per pixel and per logit must not be negative");
        }
    }

    /** The bytes for a batch of this size, Long.MAX_VALUE where they would overflow. */
    public long bytes(long pixels, long logits) {
        try {
            return Math.addExact(Math.multiplyExact(pixels, bytesPerPixel), Math.multiplyExact(logits, bytesPerLogit));
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
