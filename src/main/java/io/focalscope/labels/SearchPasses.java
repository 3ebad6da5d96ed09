package io.focalscope.labels;

import io.focalscope.dataset.ScanFailure;
import java.io.Serializable;
import java.util.List;

/**
 * How a label-issue search's passes run over its images: on this machine's threads
 * ({@link ThreadPasses}), or as stages of a Spark job, where each task reads its images' files
 * again. A step is a function of one image's softmax figures; what it captures travels with it.
 */
public interface SearchPasses {

    /** One image's part of a pass. */
    interface Step<T extends Serializable> extends Serializable {
        T apply(int image, PixelConfidence c);
    }

    /** One image's part of the last pass: its figures as searched (blocks, with --downsample) and pixel by pixel. */
    interface FinalStep<T extends Serializable> extends Serializable {
        T apply(int image, PixelConfidence searched, PixelConfidence full);
    }

    /** One image's counts, added into an array every image of the pass shares. */
    interface Count extends Serializable {
        void addTo(long[] counts, PixelConfidence c);
    }

    /**
     * Runs a step on every image that has not failed; an image whose files now fail is recorded
     * and left out of later passes.
     *
     * @return the results by image index, null where an image failed
     */
    <T extends Serializable> List<T> map(int pass, Step<T> step);

    /** The same with each image's figures pixel by pixel beside those searched. */
    <T extends Serializable> List<T> mapWithFull(int pass, FinalStep<T> step);

    /** The counts of every image that has not failed, summed into an array of this length. */
    long[] sum(int pass, int length, Count count);

    /** Why an image left the search, or null. */
    ScanFailure failure(int image);

    /** Leaves an image out of the later passes. */
    void fail(int image, ScanFailure why);
}
