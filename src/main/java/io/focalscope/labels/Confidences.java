package io.focalscope.labels;

/** Where a search's images come from: each read and its softmax taken once, in the first pass, then kept. */
interface Confidences extends AutoCloseable {

    /** Reads image i and takes its softmax (the first pass, once per image). */
    PixelConfidence first(int image);

    /** Image i's figures again, for a later pass. */
    PixelConfidence again(int image);

    /** Whether the figures are of blocks of pixels ({@code --downsample}), not of the pixels themselves. */
    default boolean pooled() {
        return false;
    }

    /** Image i's figures pixel by pixel, where they are pooled: the last pass flags pixels, not blocks. */
    default PixelConfidence full(int image) {
        return again(image);
    }

    /** Image i failed: no later pass reads it, and what was kept of it can go. */
    default void forget(int image) {
    }

    @Override
    default void close() {
    }
}
