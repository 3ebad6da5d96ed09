package io.focalscope.dataset;

import java.util.Optional;

/**
 * How many files a scan reads at once. Each thread holds an image in memory while it computes, so
 * threads beyond the cores only add memory (a request for 100,000 used to run out of it, or of
 * native threads, partway through).
 */
public final class Threads {

    private Threads() {
    }

    /** The threads that help: at most the cores. */
    public static int useful(int requested) {
        if (requested < 1) {
            throw new io.focalscope.io.InputException("--threads must be at least 1, got " + requested);
        }
        return Math.min(requested, cores());
    }

    /** What to tell the user when a request is cut to the cores. */
    public static Optional<String> note(int requested) {
        return requested > cores() ? Optional.of("--threads " + requested + " is more than the " + cores()
                + " cores here; using " + cores() + " (more threads would only hold more images in memory at once)")
                : Optional.empty();
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
