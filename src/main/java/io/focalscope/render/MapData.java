package io.focalscope.render;

import io.focalscope.classes.ClassSet;
import io.focalscope.loss.LossResult;

/**
 * What a map is drawn from: one evaluation, the labels it was computed with ({@code [N, H, W]}),
 * an optional RGB picture of the scene ({@code [H, W]} as 0xRRGGBB, shared by all samples), and
 * the class names and colours.
 */
public record MapData(LossResult result, int[] labels, int[] image, ClassSet classes) {

    public int samples() {
        return result.maps().shape()[0];
    }

    public int height() {
        return result.maps().shape()[1];
    }

    public int width() {
        return result.maps().shape()[2];
    }

    public int pixelsPerSample() {
        return height() * width();
    }

    public boolean isIgnored(int flatPixel) {
        Integer ignore = result.ignoreIndex();
        return ignore != null && labels[flatPixel] == ignore;
    }

    public boolean isNonFinite(int flatPixel) {
        return result.maps().predicted()[flatPixel] < 0;
    }
}
