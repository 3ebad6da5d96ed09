package io.focalscope.dataset;

import io.focalscope.loss.ImageLossSums;

/**
 * What a scan keeps of one image: its files and size, and its {@link ImageLossSums} but for the
 * histogram (which goes into the dataset's). A few numbers per class, so a scan holds every
 * image's summary and weighs them once the dataset's histogram is known.
 *
 * @param index  the image's place in the scanned list, which keeps the report's order whatever
 *               order the threads finish in
 */
public record ImageSummary(int index, ImageFiles files, int samples, int height, int width, ImageLossSums sums)
        implements java.io.Serializable {

    static ImageSummary of(int index, ImageFiles files, int samples, int height, int width, ImageLossSums sums) {
        return new ImageSummary(index, files, samples, height, width, sums.withoutHistogram());
    }

    public long[] counts() {
        return sums.counts();
    }

    public int classes() {
        return sums.classes();
    }
}
