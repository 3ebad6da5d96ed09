package io.focalscope.session;

import io.focalscope.classes.ClassSet;
import io.focalscope.io.SegmentationBatch;

/**
 * What the inspector has open: a batch of logits and labels, an optional picture of the scene
 * ({@code [H, W]} 0xRRGGBB) and the class names and colours.
 *
 * @param title a short description of the files, for the window title
 */
public record Dataset(SegmentationBatch batch, int[] image, ClassSet classes, String title) {
}
