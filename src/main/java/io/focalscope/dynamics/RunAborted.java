package io.focalscope.dynamics;

import io.focalscope.io.InputException;

/**
 * Ends a whole run, not one image: an output (a map) that cannot be written is no image's fault,
 * and every later image would fail the same way.
 */
public final class RunAborted extends InputException {

    public RunAborted(String message) {
        super(message);
    }
}
