package io.focalscope.labels;

/** Where a search's images come from: each read and its softmax taken once, in the first pass, then kept. */
interface Confidences extends AutoCloseable {

    /** Reads image i and takes its softmax (the first pass, once per image). */
    PixelConfidence first(int image);

    /** Image i's figures again, for a later pass. */
    PixelConfidence again(int image);

    @Override
    default void close() {
    }
}
