package io.focalscope.options;

import io.focalscope.dynamics.HardThresholds;
import picocli.CommandLine.Option;

/** What makes a pixel "hard and stable" in training dynamics, shared by the command, the Spark job and the window's defaults. */
public final class DynamicsOptions {

    @Option(names = "--hard-confidence", paramLabel = "P", description = "A pixel whose mean probability of its label stays"
            + " below P (default: ${DEFAULT-VALUE}) ...")
    double confidence = HardThresholds.DEFAULT.confidence();

    @Option(names = "--hard-variability", paramLabel = "S", description = "... and whose standard deviation over the epochs is"
            + " below S (default: ${DEFAULT-VALUE}) is hard and stable: often a wrong label.")
    double variability = HardThresholds.DEFAULT.variability();

    /** The thresholds, checked. */
    public HardThresholds thresholds() {
        return new HardThresholds(confidence, variability);
    }
}
