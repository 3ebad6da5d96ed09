package io.focalscope.options;

import io.focalscope.io.InputException;
import io.focalscope.loss.Activation;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.LossTerm;
import io.focalscope.loss.Reduction;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The loss settings of every command that computes (compute, render, scan, open, open-dataset and the
 * Spark scan job), checked once, into {@link LossSettings}, before any file is read.
 */
public final class LossOptions {

    @CommandLine.Mixin
    TermOptions term;

    @Option(names = "--weights", defaultValue = "none", paramLabel = "SCHEME",
            description = "none, enet, inverse, median, effective or a FILE of per-class weights (default: ${DEFAULT-VALUE}).")
    String weights;

    /** The weights file these options read, or null where --weights names a scheme. */
    public java.nio.file.Path weightsFile() {
        return WeightSchemes.isScheme(weights) ? null : java.nio.file.Path.of(weights);
    }

    @Option(names = "--enet-c", defaultValue = "1.10", paramLabel = "C", description = "c of enet weights 1/ln(c + n_c/Σn) (default: ${DEFAULT-VALUE}).")
    double enetC;

    @Option(names = "--beta", defaultValue = "0.999", paramLabel = "β", description = "β of effective-number weights (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--ignore-index", defaultValue = "255", paramLabel = "INDEX|none", description = "Label left out of the loss (default: ${DEFAULT-VALUE}).")
    String ignoreIndex;

    @Option(names = "--reduction", defaultValue = "mean", paramLabel = "MODE",
            description = "mean, sum, weighted-mean or mean-all (default: ${DEFAULT-VALUE}).")
    String reduction;

    @Option(names = "--activation", defaultValue = "softmax", paramLabel = "softmax|sigmoid",
            description = "softmax over the classes, or sigmoid per class channel (binary and multi-label maps) (default: ${DEFAULT-VALUE}).")
    String activation;

    @Option(names = "--alpha", paramLabel = "α|none",
            description = "With sigmoid: the weight α of positive targets, 1 - α of negative ones, or none (default: 0.25;"
                    + " --loss asl takes no --alpha).")
    String alpha;

    /** {@code --activation} as typed, or its message. */
    public static Activation activation(String text) {
        try {
            return Activation.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InputException("--activation: " + e.getMessage());
        }
    }

    /** The term alone, checked: for a command that takes only some terms to say so before the settings' own checks. */
    public LossTerm term() {
        return term.term();
    }

    /** The settings, checked (by {@link LossSettings}) before any file is read. */
    public LossSettings settings() {
        Reduction mode;
        try {
            mode = Reduction.parse(reduction);
        } catch (IllegalArgumentException e) {
            throw new InputException("--reduction: " + e.getMessage());
        }
        Activation act = activation(activation);
        if (alpha != null && act == Activation.SOFTMAX) {
            throw new InputException("--alpha applies to --activation sigmoid; with softmax, --weights are the α of each class");
        }
        LossTerm t = term.term();
        if (alpha != null && t instanceof LossTerm.Asl) {
            throw new InputException("--alpha does not apply to --loss asl, whose positives and negatives differ by"
                    + " --gamma-pos, --gamma-neg and --clip");
        }
        Double a = alpha == null || act == Activation.SOFTMAX ? LossSettings.defaultAlpha(act, t) : LossSettings.parseAlpha(alpha, "--alpha");
        return new LossSettings(t, WeightSchemes.parse(weights, enetC, beta),
                LossSettings.parseIgnoreIndex(ignoreIndex, "ignore index"), mode, true, act, a, false);
    }
}
