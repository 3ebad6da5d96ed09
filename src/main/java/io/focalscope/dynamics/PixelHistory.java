package io.focalscope.dynamics;

/**
 * One image's pixels followed through the epochs, an epoch at a time: per pixel the running mean
 * and sum of squared deviations of p_t (Welford's update, in double, so that a steady pixel's
 * variability is not lost to cancellation), the epochs it was predicted right, and the times it
 * went from right to wrong. About 25 bytes a pixel, whatever the number of epochs.
 */
final class PixelHistory {

    private final double[] mean;
    private final double[] squares;
    private final int[] right;
    private final int[] forgotten;
    private final boolean[] wasRight;
    private int epochs;

    PixelHistory(int pixels) {
        mean = new double[pixels];
        squares = new double[pixels];
        right = new int[pixels];
        forgotten = new int[pixels];
        wasRight = new boolean[pixels];
    }

    /**
     * Adds an epoch.
     *
     * @param pt        per pixel the probability of its label, NaN where the pixel takes no part
     * @param predicted per pixel the arg-max class
     * @param labels    per pixel its label
     */
    void add(float[] pt, int[] predicted, int[] labels) {
        double share = 1.0 / ++epochs;
        for (int p = 0; p < mean.length; p++) {
            float x = pt[p];
            if (x != x) {
                continue;
            }
            double delta = x - mean[p];
            mean[p] += delta * share;
            squares[p] += delta * (x - mean[p]);
            boolean now = predicted[p] == labels[p];
            if (now) {
                right[p]++;
            } else if (wasRight[p]) {
                forgotten[p]++;
            }
            wasRight[p] = now;
        }
    }

    int epochs() {
        return epochs;
    }

    int pixels() {
        return mean.length;
    }

    double confidence(int p) {
        return mean[p];
    }

    /** The population standard deviation of p_t over the epochs. */
    double variability(int p) {
        return Math.sqrt(Math.max(0, squares[p]) / epochs);
    }

    double correctness(int p) {
        return (double) right[p] / epochs;
    }

    int forgetting(int p) {
        return forgotten[p];
    }
}
