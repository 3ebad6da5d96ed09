package io.focalscope.labels;

import io.focalscope.dataset.ScanFailure;
import java.util.List;

/**
 * What a search for label issues found over a dataset.
 *
 * @param thresholds  per class, the mean probability of the class over the pixels labelled with it
 *                    (at least 2e-6, as cleanlab clips); null for a class no pixel is labelled with
 * @param perImage    worst quality first
 * @param common      (given, predicted) pairs of flagged pixels, most pixels first
 */
public record LabelIssueReport(int images, List<ScanFailure> failed, int classes, long pixels, long ignored,
                               Double[] thresholds, long flaggedPixels, List<ImageIssues> perImage, List<Confusion> common,
                               double temperature, Integer ignoreIndex) {

    public LabelIssueReport {
        failed = List.copyOf(failed);
        thresholds = thresholds.clone();
        perImage = List.copyOf(perImage);
        common = List.copyOf(common);
    }

    @Override
    public Double[] thresholds() {
        return thresholds.clone();
    }

    /**
     * One image's label quality and suspected errors.
     *
     * @param quality       the softmin of its labelled pixels' self-confidences at the temperature (cleanlab's image
     *                      score); of a batch file, over all its samples' pixels
     * @param regionCount   its regions, of which {@code regions} holds the costliest (at most the search's maxRegions)
     * @param sampleFigures of a batch file (N > 1), each sample's; empty for one image
     */
    public record ImageIssues(String name, String logits, String labels, int samples, int height, int width, double quality,
                              long flaggedPixels, int regionCount, List<Region> regions, List<Sample> sampleFigures)
            implements java.io.Serializable {

        public ImageIssues {
            regions = List.copyOf(regions);
            sampleFigures = List.copyOf(sampleFigures);
        }
    }

    /**
     * One image of a batch file (N > 1), as cleanlab scores each image of a stacked array: its
     * quality, the softmin of its own pixels (NaN where none is labelled), and its flagged pixels.
     */
    public record Sample(int sample, double quality, long flaggedPixels) implements java.io.Serializable {
    }

    /** Flagged pixels labelled {@code given} that the network predicts as {@code predicted}. */
    public record Confusion(int given, int predicted, long pixels) implements java.io.Serializable {
    }
}
