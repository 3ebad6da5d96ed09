package io.focalscope.render;

import io.focalscope.classes.ClassSet;
import io.focalscope.dynamics.DataMaps;
import io.focalscope.loss.LossResult;

/**
 * What a map is drawn from: one evaluation, the labels it was computed with ({@code [N, H, W]}),
 * an optional RGB picture of the scene ({@code [H, W]} as 0xRRGGBB, shared by all samples), and
 * the class names and colours.
 *
 * @param second the evaluation at a second γ, which the γ₂ / γ₁ layer compares with; null without one
 * @param issues the pixels the label-issue search flags, {@code [N, H, W]}; null where it was not run
 * @param confidence each pixel's top-label confidence, the largest softmax probability, {@code [N, H, W]}
 *                   (NaN where the logits are not finite); null where it was not worked out (and with sigmoid)
 * @param dataMaps   the training run's data maps of this image, of its shape; null where the file is not an
 *                   epoch of the open run, or they are not worked out yet
 */
public record MapData(LossResult result, LossResult second, int[] labels, int[] image, ClassSet classes, boolean[] issues,
                      float[] confidence, DataMaps dataMaps) {

    public MapData(LossResult result, LossResult second, int[] labels, int[] image, ClassSet classes, boolean[] issues,
                   float[] confidence) {
        this(result, second, labels, image, classes, issues, confidence, null);
    }

    public MapData(LossResult result, LossResult second, int[] labels, int[] image, ClassSet classes, boolean[] issues) {
        this(result, second, labels, image, classes, issues, null);
    }

    public MapData(LossResult result, LossResult second, int[] labels, int[] image, ClassSet classes) {
        this(result, second, labels, image, classes, null);
    }

    /** Without a second γ. */
    public MapData(LossResult result, int[] labels, int[] image, ClassSet classes) {
        this(result, null, labels, image, classes, null);
    }

    /** The same map drawn from another evaluation of the same batch (the second pane's). */
    public MapData withResult(LossResult other) {
        return new MapData(other, null, labels, image, classes, issues, confidence, dataMaps);
    }

    /** The same with the label-issue search's flags. */
    public MapData withIssues(boolean[] flags) {
        return new MapData(result, second, labels, image, classes, flags, confidence, dataMaps);
    }

    /** The same with the top-label confidence of each pixel. */
    public MapData withConfidence(float[] c) {
        return new MapData(result, second, labels, image, classes, issues, c, dataMaps);
    }

    /** The same with a training run's data maps of this image. */
    public MapData withDataMaps(DataMaps maps) {
        return new MapData(result, second, labels, image, classes, issues, confidence, maps);
    }

    /**
     * Whether a layer is drawn from values this data lacks and the next evaluation brings: the
     * gradient, the post's figures, the search's flags or the confidence (softmax only), or any layer
     * a γ step's preview does not draw. Drawn from this data, its map would be "not finite" everywhere.
     */
    public boolean lacksFor(MapLayer layer) {
        boolean softmax = result.activation() != io.focalscope.loss.Activation.SIGMOID;
        return layer == MapLayer.AS_WRITTEN && result.asWritten() == null && softmax
                || layer.needsGradient() && result.maps().gradient() == null
                || layer.needsLabelIssues() && issues == null && softmax
                || layer.needsConfidence() && confidence == null && softmax
                || !layer.drawnFromPreview() && result.maps().ramp() != null;
    }

    /** Whether a pixel stays hard and stable over the epochs (false without data maps). */
    public boolean isHardStable(int flatPixel) {
        return dataMaps != null && dataMaps.hard(flatPixel);
    }

    /**
     * Whether a pixel is confidently wrong: its top-label confidence above {@code threshold} and its
     * predicted class not its label (false where the confidence was not worked out).
     */
    public boolean isConfidentlyWrong(int flatPixel, double threshold) {
        return confidence != null && confidence[flatPixel] > threshold && result.maps().predicted()[flatPixel] != labels[flatPixel];
    }

    /** Whether the label-issue search flags a pixel (false where it was not run). */
    public boolean isFlagged(int flatPixel) {
        return issues != null && issues[flatPixel];
    }

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
