package io.focalscope.dataset;

import io.focalscope.loss.ImageLossSums;

/**
 * What a scan keeps of one image: its files and size, and per class the labelled pixels and their
 * summed unweighted focal loss and cross-entropy at the scan's γ. A few numbers per class, so a
 * scan holds every image's summary and weighs them once the dataset's histogram is known.
 *
 * @param index  the image's place in the scanned list, which keeps the report's order whatever
 *               order the threads finish in
 * @param pixels all pixels, N x H x W
 */
public record ImageSummary(int index, ImageFiles files, int samples, int height, int width, long pixels, long ignored,
                           long[] counts, double[] focalSum, double[] crossEntropySum) {

    static ImageSummary of(int index, ImageFiles files, int samples, int height, int width, ImageLossSums sums) {
        return new ImageSummary(index, files, samples, height, width, sums.pixels(), sums.ignored(), sums.counts(),
                sums.focalSum(), sums.crossEntropySum());
    }

    public int classes() {
        return counts.length;
    }

    public long labelledPixels() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }
}
