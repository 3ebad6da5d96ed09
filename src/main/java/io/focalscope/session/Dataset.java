package io.focalscope.session;

import io.focalscope.classes.ClassSet;
import io.focalscope.io.SegmentationBatch;
import java.util.List;

/**
 * What the inspector has open: a batch of logits and labels, an optional picture of the scene
 * ({@code [H, W]} 0xRRGGBB) and the class names and colours.
 *
 * @param title    a short description of the files, for the window title
 * @param warnings what the files gave the user to know that did not stop them opening (a class file
 *                 with fewer classes than the logits), each a line naming its file
 */
public record Dataset(SegmentationBatch batch, int[] image, ClassSet classes, String title, List<String> warnings) {

    public Dataset {
        warnings = List.copyOf(warnings);
    }

    /** A dataset without warnings. */
    public Dataset(SegmentationBatch batch, int[] image, ClassSet classes, String title) {
        this(batch, image, classes, title, List.of());
    }
}
