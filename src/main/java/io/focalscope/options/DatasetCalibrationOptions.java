package io.focalscope.options;

import io.focalscope.loss.LossSettings;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * A dataset's calibration options, shared by scan and the Spark scan job: {@link CalibrationOptions}
 * and {@code --after-temperature}, the second pass over the files for the dataset's ECE and bins at
 * the fitted temperature (compute makes that pass on its own batch anyway).
 */
public final class DatasetCalibrationOptions {

    @CommandLine.Mixin
    CalibrationOptions calibration;

    @Option(names = "--after-temperature", description = "Read the files again at the fitted temperature for the dataset's"
            + " eceAfterTemperature and its bins (about the scan's time again; implies --calibration).")
    boolean afterTemperature;

    /** The bins asked for, 0 where calibration is not; checked as {@link CalibrationOptions#bins}. */
    public int bins(LossSettings settings) {
        int bins = calibration.bins(settings);
        return bins == 0 && afterTemperature ? calibration.bins(settings, true) : bins;
    }

    /** Whether to make the second pass. */
    public boolean afterTemperature() {
        return afterTemperature;
    }
}
