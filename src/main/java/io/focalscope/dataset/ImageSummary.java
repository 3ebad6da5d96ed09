package io.focalscope.dataset;

import io.focalscope.calibration.Reliability;
import io.focalscope.loss.ImageLossSums;

/**
 * What a scan keeps of one image: its files and size, and its {@link ImageLossSums} but for the
 * histogram (which goes into the dataset's). A few numbers per class, so a scan holds every
 * image's summary and weighs them once the dataset's histogram is known.
 *
 * @param index  the image's place in the scanned list, which keeps the report's order whatever
 *               order the threads finish in
 * @param reliability its top-label bins where the scan asked for calibration, else null
 */
public record ImageSummary(int index, ImageFiles files, int samples, int height, int width, ImageLossSums sums, Reliability reliability)
        implements java.io.Serializable {

    static ImageSummary of(int index, ImageFiles files, int samples, int height, int width, ImageLossSums sums, Reliability reliability) {
        return new ImageSummary(index, files, samples, height, width, sums.withoutHistogram(), reliability);
    }

    public long[] counts() {
        return sums.counts();
    }

    public int classes() {
        return sums.classes();
    }
}
