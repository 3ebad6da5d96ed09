package io.focalscope.session;

import io.focalscope.io.ArrayFiles;
import io.focalscope.io.InputException;
import io.focalscope.io.NdArray;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Files opened together (dropped on the window or picked at once), told apart by what they hold:
 * float arrays are logits, integer arrays and grayscale or palette PNGs are labels, colour
 * PNG and JPEG files the picture, JSON and CSV files the class list. One .npz may hold both arrays.
 */
public record DroppedFiles(String logits, String labels, Path image, Path classes) {

    /**
     * Logits and labels, and a picture and class list where given.
     *
     * @throws InputException for a file focalscope does not open, or without logits or labels among the files
     */
    public static DroppedFiles sort(List<Path> files) {
        DroppedFiles sorted = classify(files);
        if (!sorted.isComplete()) {
            throw new InputException("Open logits and labels together (two .npy files, or one .npz holding both);"
                    + " got " + (sorted.logits == null ? "no logits" : "no labels") + " among " + files.size() + " file(s)");
        }
        return sorted;
    }

    /** The files, each once (one .npz may hold logits and labels): logits, labels, picture, class list. */
    public List<String> files() {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
        for (Object f : new Object[] {logits, labels, image, classes}) {
            if (f != null) {
                all.add(f.toString());
            }
        }
        return List.copyOf(all);
    }

    /** Whether both logits and labels are known. */
    public boolean isComplete() {
        return logits != null && labels != null;
    }

    /** These files with the ones picked after them: a later pick replaces what it names. */
    public DroppedFiles with(DroppedFiles later) {
        return new DroppedFiles(later.logits != null ? later.logits : logits, later.labels != null ? later.labels : labels,
                later.image != null ? later.image : image, later.classes != null ? later.classes : classes);
    }

    /**
     * What the files are, without asking for both logits and labels (either may be null).
     *
     * @throws InputException for a file focalscope does not open
     */
    public static DroppedFiles classify(List<Path> files) {
        String logits = null;
        String labels = null;
        Path image = null;
        Path classes = null;
        List<String> unknown = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".json") || name.endsWith(".csv")) {
                classes = f;
            } else if (name.endsWith(".jpg") || name.endsWith(".jpeg")) {
                image = f;
            } else if (name.endsWith(".npz")) {
                logits = logits == null ? f.toString() : logits;
                labels = labels == null ? f.toString() : labels;
            } else if (name.endsWith(".npy") || name.endsWith(".png")) {
                NdArray head;
                try {
                    head = ArrayFiles.read(f.toString(), "logits");
                } catch (InputException e) {
                    if (name.endsWith(".png") && e.getMessage().contains("colour")) {
                        image = f;
                        continue;
                    }
                    throw e;
                }
                if (head.dtype().isFloatingPoint()) {
                    io.focalscope.io.BatchLoader.logitsShape(head); // refused now, not once its labels are picked
                    logits = f.toString();
                } else {
                    labels = f.toString();
                }
            } else {
                unknown.add(f.getFileName().toString());
            }
        }
        if (!unknown.isEmpty()) {
            throw new InputException(String.join(", ", unknown) + ": not a file focalscope opens"
                    + " (.npy, .npz, PNG, JPEG, JSON or CSV)");
        }
        return new DroppedFiles(logits, labels, image, classes);
    }
}
