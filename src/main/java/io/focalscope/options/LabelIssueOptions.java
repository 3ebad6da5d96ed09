package io.focalscope.options;

import io.focalscope.labels.LabelIssueSearch;
import io.focalscope.loss.LossSettings;
import picocli.CommandLine.Option;

/** The label-issue search's own options, shared by the command and the Spark job, checked once by {@link LabelIssueSearch.Options}. */
public final class LabelIssueOptions {

    @Option(names = "--temperature", defaultValue = "0.1", paramLabel = "T",
            description = "Temperature of an image's softmin quality (default: ${DEFAULT-VALUE}, cleanlab's).")
    double temperature;

    @Option(names = "--max-regions", defaultValue = "50", paramLabel = "N",
            description = "Regions listed per image, the costliest (default: ${DEFAULT-VALUE}); regionCount gives them all.")
    int maxRegions;

    @Option(names = "--downsample", defaultValue = "1", paramLabel = "F",
            description = "Search blocks of F x F pixels (mean probabilities, the majority label), then flag their pixels"
                    + " predicted as another class, as cleanlab's downsample (default: ${DEFAULT-VALUE}).")
    int downsample;

    /** The search's options with these loss settings, the figures of each region's loss. */
    public LabelIssueSearch.Options options(LossSettings loss, int threads) {
        return new LabelIssueSearch.Options(loss, temperature, threads, maxRegions, downsample);
    }
}
