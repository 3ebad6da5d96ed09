package io.focalscope.io;

/**
 * Bad input that a user can fix: a file that cannot be read, a shape that does not fit, a setting
 * out of range. The message is meant for the user as it is: it names the file (or setting) and the
 * problem, so front ends show it without a stack trace.
 */
public class InputException extends RuntimeException {

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A problem with one named input, worded "source: problem". */
    public static InputException of(String source, String problem) {
        return new InputException(source + ": " + problem);
    }

    /**
     * Logits that cannot be computed, as every command words them: how many pixels, and the first
     * of them where it is known ({@code firstAt} null where not).
     */
    public static InputException nonFiniteLogits(String logitsSource, long pixels, Object firstAt) {
        return of(logitsSource, (pixels == 1 ? "1 pixel has" : pixels + " pixels have") + " non-finite logits (NaN or infinity)"
                + (firstAt == null ? "" : ", the first at " + firstAt));
    }
}
