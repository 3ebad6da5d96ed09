package io.focalscope.options;

import io.focalscope.dataset.LabelCounts;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.WeightScheme;
import picocli.CommandLine.Option;

/** The options of {@code weights} and its Spark job, checked once by {@link #check}. */
public final class WeightsOptions {

    @Option(names = "--scheme", defaultValue = "enet", paramLabel = "SCHEME",
            description = "enet, inverse, median or effective (default: ${DEFAULT-VALUE}).")
    String scheme;

    @Option(names = "--enet-c", defaultValue = "1.10", paramLabel = "C", description = "c of enet weights 1/ln(c + n_c/Σn) (default: ${DEFAULT-VALUE}).")
    double enetC;

    @Option(names = "--beta", defaultValue = "0.999", paramLabel = "β", description = "β of effective-number weights (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--classes", paramLabel = "C", description = "Class count (default: the largest label + 1).")
    Integer classes;

    @Option(names = "--ignore-index", defaultValue = "255", paramLabel = "INDEX|none", description = "Label left out (default: ${DEFAULT-VALUE}).")
    String ignoreIndex;

    /** What the options ask for, checked. */
    public record Checked(WeightScheme scheme, Integer classes, Integer ignoreIndex) {
    }

    /** @throws io.focalscope.io.InputException for an unknown scheme, a bad parameter, class count or ignore index */
    public Checked check() {
        WeightScheme chosen = WeightSchemes.fromLabels(scheme, enetC, beta);
        Integer ignore = LossSettings.parseIgnoreIndex(ignoreIndex, "ignore index");
        LabelCounts.requireClasses(classes);
        return new Checked(chosen, classes, ignore);
    }
}
