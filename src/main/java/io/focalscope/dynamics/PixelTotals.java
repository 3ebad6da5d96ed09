package io.focalscope.dynamics;

/**
 * Sums over labelled pixels of their figures over the epochs, which add up from an image's pixels
 * to the image and from the images to the dataset; their means are the reported figures.
 *
 * @param confidence Σ of the pixels' mean p_t; likewise variability and correctness
 * @param forgetting Σ of the pixels' right-to-wrong changes
 * @param hard       the pixels that are hard and stable
 */
public record PixelTotals(long pixels, double confidence, double variability, double correctness, double forgetting, long hard)
        implements java.io.Serializable {

    public static final PixelTotals NONE = new PixelTotals(0, 0, 0, 0, 0, 0);

    public PixelTotals plus(PixelTotals o) {
        return new PixelTotals(pixels + o.pixels, confidence + o.confidence, variability + o.variability, correctness + o.correctness,
                forgetting + o.forgetting, hard + o.hard);
    }

    /** The means over the pixels, with what the sums do not hold. */
    DynamicsFigures.Figures figures(long ignored, double[] lossByEpoch) {
        return new DynamicsFigures.Figures(pixels, ignored, confidence / pixels, variability / pixels, correctness / pixels,
                forgetting / pixels, hard, lossByEpoch);
    }
}
