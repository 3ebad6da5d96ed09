package io.focalscope.labels;

import io.focalscope.io.InputException;

/**
 * A failure that is not one image's: an output or the temporary data cannot be written. It ends
 * the search with its message, where an image's failure only leaves that image out: skipping
 * images for a full disk would compute the thresholds over a subset and exit 0.
 */
public final class SearchAborted extends InputException {

    public SearchAborted(String message) {
        super(message);
    }
}
