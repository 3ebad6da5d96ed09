package io.focalscope.dynamics;

import io.focalscope.dataset.ImageFiles;
import java.util.List;

/**
 * One image followed through training: its files at each epoch, in the run's epoch order.
 *
 * @param name   the image's name in every epoch (its path under an epoch's folder, without the suffix)
 * @param epochs its logits and labels at each epoch; with labels kept apart ({@code --labels-dir})
 *               every epoch names the same labels file
 */
public record TrackedImage(String name, List<ImageFiles> epochs) implements java.io.Serializable {

    public TrackedImage {
        epochs = List.copyOf(epochs);
    }

    /** Whether every epoch reads one labels file, so that the labels cannot differ between epochs. */
    public boolean sharedLabels() {
        String first = epochs.get(0).labels();
        return epochs.stream().allMatch(f -> f.labels().equals(first) && !f.labels().equals(f.logits()));
    }
}
