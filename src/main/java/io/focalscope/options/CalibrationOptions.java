package io.focalscope.options;

import io.focalscope.io.InputException;
import io.focalscope.loss.LossSettings;
import picocli.CommandLine.Option;

/** {@code --calibration} and its bins, shared by compute, scan and the Spark scan job, checked once by {@link #bins}. */
public final class CalibrationOptions {

    /** The most bins: more would leave a 1024 x 2048 map a few hundred pixels a bin. */
    public static final int MAX_BINS = 1000;

    @Option(names = "--calibration", description = "Add the key calibration: ECE, MCE, adaptive and classwise ECE, the reliability"
            + " bins, and the temperature that minimises the NLL (docs/calibration.md).")
    boolean calibration;

    @Option(names = "--calibration-bins", paramLabel = "N", description = "Bins of the ECEs and the reliability diagram (default: 15;"
            + " implies --calibration).")
    Integer bins;

    /**
     * The bins asked for, 0 where calibration is not.
     *
     * @throws InputException for a count outside 1..1000
     */
    public int bins(LossSettings settings) {
        return bins(settings, false);
    }

    /** The same, calibration asked for by another option ({@code implied}) too. */
    int bins(LossSettings settings, boolean implied) {
        if (!calibration && bins == null && !implied) {
            return 0;
        }
        int n = bins == null ? 15 : bins;
        if (n < 1 || n > MAX_BINS) {
            throw new InputException("--calibration-bins must be from 1 to " + MAX_BINS + ", got " + n);
        }
        return n;
    }
}
