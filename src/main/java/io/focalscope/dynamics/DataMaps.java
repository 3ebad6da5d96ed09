package io.focalscope.dynamics;

/**
 * An image's data maps: per pixel its confidence, variability, correctness and forgetting over the
 * epochs, NaN where the pixel takes no part (ignored).
 *
 * @param shape {@code [N, H, W]}
 */
public record DataMaps(int[] shape, float[] confidence, float[] variability, float[] correctness, float[] forgetting,
                       HardThresholds thresholds) {

    /** The same maps (the same arrays, nothing worked out again) with other hard-and-stable thresholds. */
    public DataMaps withThresholds(HardThresholds other) {
        return other.equals(thresholds) ? this : new DataMaps(shape, confidence, variability, correctness, forgetting, other);
    }

    /** Whether a pixel is hard and stable (false where it takes no part). */
    public boolean hard(int p) {
        return thresholds.hard(confidence[p], variability[p]);
    }
}
