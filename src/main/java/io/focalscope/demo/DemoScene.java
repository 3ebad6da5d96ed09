package io.focalscope.demo;

/**
 * A synthetic street scene: labels {@code [H, W]} with Cityscapes' 19 train ids (255 ignored),
 * logits {@code [19, H, W]} shaped like a real model's, and an RGB picture of the scene.
 *
 * @param rgb packed 0xRRGGBB per pixel, row by row
 */
public record DemoScene(int width, int height, int classes, int[] labels, float[] logits, int[] rgb) {
}
