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
}
