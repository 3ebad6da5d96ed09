package io.focalscope.dynamics;

import java.util.List;

/**
 * What following one image through the epochs leaves: its size, its pixels' figures summed over
 * its labelled pixels (so that images add up to the dataset's), and at each epoch the loss sums a
 * scan keeps (class weights applied later, from the whole dataset's labels). The per-pixel maps only where asked for.
 *
 * @param index         the image's place in the run's list, which keeps the report's order
 * @param totals        its labelled pixels' figures, summed
 * @param counts        labelled pixels per class (the same at every epoch: the labels are)
 * @param terms         the terms of its loss (what mean divides by), and {@code allTerms} what mean-all divides by
 * @param losses        per epoch and class the loss sums, without class weights
 * @param maps          the per-pixel maps, or null
 */
public record ImageTrajectory(int index, TrackedImage image, int samples, int height, int width, long ignored, PixelTotals totals,
                              long[] counts, long terms, long allTerms, EpochLosses losses, DataMaps maps,
                              List<String> warnings)
        implements java.io.Serializable {

    public ImageTrajectory {
        warnings = List.copyOf(warnings);
    }

    public String name() {
        return image.name();
    }

    public int classes() {
        return counts.length;
    }

    /** The same without its maps, which a run writes out or hands on and need not keep. */
    public ImageTrajectory withoutMaps() {
        return maps == null ? this : new ImageTrajectory(index, image, samples, height, width, ignored, totals, counts, terms,
                allTerms, losses, null, warnings);
    }
}
