package io.focalscope.dataset;

import java.util.List;

/**
 * The images a scan will read, in the order it reports them, and the files found that cannot be
 * one (a logits file without labels, a malformed row of a list).
 *
 * @param source the folder or list they came from, for messages
 */
public record ImageList(String source, List<ImageFiles> images, List<ScanFailure> failed) {

    public ImageList {
        images = List.copyOf(images);
        failed = List.copyOf(failed);
    }

    /** This list with more failures: entries its folder walk could not read. */
    public ImageList withFailures(List<ScanFailure> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<ScanFailure> all = new java.util.ArrayList<>(failed);
        all.addAll(more);
        return new ImageList(source, images, all);
    }
}
