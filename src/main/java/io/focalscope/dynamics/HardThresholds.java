package io.focalscope.dynamics;

import io.focalscope.io.InputException;
import java.util.Locale;

/**
 * Which pixels count as "hard and stable": confidence below one bound and variability below
 * another, the corner of the data map that dataset cartography (Swayamdipta et al., 2020) finds
 * mostly mislabelled. A pixel the network never learns and never wavers on is more often a wrong
 * label than a hard example.
 *
 * @param confidence the mean p_t below which a pixel is hard (0 to 1)
 * @param variability the standard deviation of p_t below which it is stable (0 to 0.5, its largest value)
 */
public record HardThresholds(double confidence, double variability) implements java.io.Serializable {

    public static final HardThresholds DEFAULT = new HardThresholds(0.25, 0.1);

    public HardThresholds {
        String problem = problem(confidence, variability, "--hard-confidence", "--hard-variability");
        if (problem != null) {
            throw new InputException(problem);
        }
    }

    /**
     * What is wrong with two thresholds, or null where nothing is: {@code NAME must be between 0 and 1
     * (a mean probability), got 1.5}, with the names the front end gives them.
     */
    public static String problem(double confidence, double variability, String confidenceName, String variabilityName) {
        if (!(confidence >= 0 && confidence <= 1)) {
            return String.format(Locale.ROOT, "%s must be between 0 and 1 (a mean probability), got %s", confidenceName, shown(confidence));
        }
        if (!(variability >= 0 && variability <= 0.5)) {
            return String.format(Locale.ROOT, "%s must be between 0 and 0.5 (the largest standard deviation of a probability), got %s",
                    variabilityName, shown(variability));
        }
        return null;
    }

    /** A number as typed: {@code 2}, not {@code 2.0}. */
    private static String shown(double v) {
        return Double.isFinite(v) ? java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString() : String.valueOf(v);
    }

    public boolean hard(double pixelConfidence, double pixelVariability) {
        return pixelConfidence < confidence && pixelVariability < variability;
    }
}
