package io.focalscope.dynamics;

/**
 * An image's data maps: per pixel its confidence, variability, correctness and forgetting over the
 * epochs, NaN where the pixel takes no part (ignored).
 *
 * @param shape {@code [N, H, W]}
 */
public record DataMaps(int[] shape, float[] confidence, float[] variability, float[] correctness, float[] forgetting,
                       HardThresholds thresholds) {

    /** Whether a pixel is hard and stable (false where it takes no part). */
    public boolean hard(int p) {
        return thresholds.hard(confidence[p], variability[p]);
    }
}
