package io.focalscope.dynamics;

import io.focalscope.dataset.ScanFailure;
import java.util.List;

/**
 * What a training run left on disk: its epochs in order, the images found in every one of them,
 * the images missing from some epochs (listed, never guessed), and the files that cannot be an
 * image (a logits file without labels, an unreadable folder).
 *
 * @param source the folder or list they came from, for messages
 */
public record EpochRun(String source, List<String> epochs, List<TrackedImage> images, List<Incomplete> incomplete,
                       List<ScanFailure> failed) {

    public EpochRun {
        epochs = List.copyOf(epochs);
        images = List.copyOf(images);
        incomplete = List.copyOf(incomplete);
        failed = List.copyOf(failed);
    }

    /** The image followed through every epoch by that name, if there is one. */
    public java.util.Optional<TrackedImage> image(String name) {
        return images.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** An image found in some epochs only, and the epochs it is missing from. */
    public record Incomplete(String name, List<String> missing) implements java.io.Serializable {

        /** {@code street is missing from epochs epoch_3, epoch_10}. */
        public String describe() {
            return name + " is missing from epoch" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing);
        }
    }
}
