package io.focalscope.dataset;

/**
 * A file a scan skipped, and why.
 *
 * @param error the reader's message, which names the file and the problem
 */
public record ScanFailure(String file, String error) implements java.io.Serializable {

    /** An image's failure, under the file that the reader's message names. */
    public static ScanFailure of(ImageFiles files, String message) {
        boolean labels = !files.labels().equals(files.logits()) && message.startsWith(files.labels() + ":");
        return new ScanFailure(labels ? files.labels() : files.logits(), message);
    }
}
