package io.focalscope.loss;

/** A pixel of a batch: sample n, row y, column x. */
public record PixelPosition(int n, int y, int x) {

    public static PixelPosition ofFlat(int flat, int height, int width) {
        int hw = height * width;
        return new PixelPosition(flat / hw, flat % hw / width, flat % width);
    }

    @Override
    public String toString() {
        return "(n=" + n + ", y=" + y + ", x=" + x + ")";
    }
}
