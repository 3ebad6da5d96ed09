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

    public static DroppedFiles sort(List<Path> files) {
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
        if (logits == null || labels == null) {
            throw new InputException("Open logits and labels together (two .npy files, or one .npz holding both);"
                    + " got " + (logits == null ? "no logits" : "no labels") + " among " + files.size() + " file(s)");
        }
        return new DroppedFiles(logits, labels, image, classes);
    }
}
