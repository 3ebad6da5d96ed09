package io.focalscope.labels;

/**
 * Flagged pixels that touch (8-connected) and share their given and predicted class: one
 * suspected annotation error.
 *
 * @param box  {@code [y0, x0, y1, x1]}, inclusive
 * @param loss the region's summed focal loss (the chosen γ and weights): what the error costs training
 */
public record Region(int sample, int given, int predicted, long pixels, int[] box, double meanSelfConfidence, double loss)
        implements java.io.Serializable {

    public Region {
        box = box.clone();
    }

    @Override
    public int[] box() {
        return box.clone();
    }

    /** The box's top and left, without the copy {@link #box()} makes: what sorting compares. */
    int top() {
        return box[0];
    }

    int left() {
        return box[1];
    }
}
