package io.focalscope.dataset;

/**
 * One image of a dataset: the files of its logits and its labels, as the readers take them (one
 * {@code .npz} holding both arrays is named twice).
 *
 * @param name the image's name in tables: its path under the scanned folder, without the suffix
 */
public record ImageFiles(String name, String logits, String labels) implements java.io.Serializable {
}
