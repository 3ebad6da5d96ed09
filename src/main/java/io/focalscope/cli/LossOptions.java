package io.focalscope.cli;

import io.focalscope.io.InputException;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import picocli.CommandLine.Option;

/** The loss settings shared by {@code compute} and {@code render}. */
final class LossOptions {

    @Option(names = "--gamma", defaultValue = "2", paramLabel = "γ", description = "Focusing parameter, >= 0 (default: ${DEFAULT-VALUE}).")
    double gamma;

    @Option(names = "--weights", defaultValue = "none", paramLabel = "SCHEME",
            description = "none, enet, inverse, median, effective or a FILE of per-class weights (default: ${DEFAULT-VALUE}).")
    String weights;

    @Option(names = "--enet-c", defaultValue = "1.10", paramLabel = "C", description = "c of enet weights 1/ln(c + n_c/Σn) (default: ${DEFAULT-VALUE}).")
    double enetC;

    @Option(names = "--beta", defaultValue = "0.999", paramLabel = "β", description = "β of effective-number weights (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--ignore-index", defaultValue = "255", paramLabel = "INDEX|none", description = "Label left out of the loss (default: ${DEFAULT-VALUE}).")
    String ignoreIndex;

    @Option(names = "--reduction", defaultValue = "mean", paramLabel = "MODE",
            description = "mean, sum, weighted-mean or mean-all (default: ${DEFAULT-VALUE}).")
    String reduction;

    /** The settings, checked (by {@link LossSettings}) before any file is read. */
    LossSettings settings() {
        Reduction mode;
        try {
            mode = Reduction.parse(reduction);
        } catch (IllegalArgumentException e) {
            throw new InputException("--reduction: " + e.getMessage());
        }
        return new LossSettings(gamma, WeightSchemes.parse(weights, enetC, beta),
                LossSettings.parseIgnoreIndex(ignoreIndex, "ignore index"), mode);
    }
}
