package io.focalscope.session;

import io.focalscope.classes.ClassSet;
import io.focalscope.classes.ClassSetReader;
import io.focalscope.demo.Assets;
import io.focalscope.io.ArrayFiles;
import io.focalscope.io.BatchLoader;
import io.focalscope.io.InputException;
import io.focalscope.io.LogitsLayout;
import io.focalscope.io.MemoryBudget;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.Activation;
import io.focalscope.loss.EngineMemory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Opens the files of a dataset: logits, labels, and optionally a picture and a class list. */
public final class DatasetLoader {

    private DatasetLoader() {
    }

    /**
     * @param image   PNG or JPEG of the scene, H x W, or null
     * @param classes JSON or CSV class list, or null for numbered classes (a dataset with 19
     *                classes is not always Cityscapes: names it does not have would mislead); one
     *                with fewer classes than the logits is completed with numbered ones, with a warning
     */
    public static Dataset load(String logits, String labels, Path image, Path classes) {
        return load(logits, labels, LogitsLayout.CHANNELS_FIRST, image, classes);
    }

    /** The same, with logits saved in {@code layout}, for the softmax's maps. */
    public static Dataset load(String logits, String labels, LogitsLayout layout, Path image, Path classes) {
        return load(logits, labels, layout, image, classes, Activation.SOFTMAX);
    }

    /**
     * The same, refused before it is read where the files and the maps the engine keeps for them
     * under {@code activation} would not fit the heap.
     */
    public static Dataset load(String logits, String labels, LogitsLayout layout, Path image, Path classes, Activation activation) {
        List<String> warnings = new java.util.ArrayList<>();
        SegmentationBatch batch = BatchLoader.load(logits, labels, layout, warnings::add, EngineMemory.maps(activation));
        int[] rgb = image == null ? null : readImage(image, batch.width(), batch.height());
        ClassSet set = classes != null ? ClassSetReader.read(classes) : ClassSet.numbered(batch.classes());
        String title = title(logits, labels);
        if (classes != null) {
            set.shortfall(classes.toString(), batch.classes()).ifPresent(warnings::add);
        }
        return new Dataset(batch, rgb, set.fitted(batch.classes()), title, List.copyOf(warnings));
    }

    /** The embedded demo with its picture and the Cityscapes classes. */
    public static Dataset demo() {
        String archive = Assets.demoArchive().toString();
        Dataset d = load(archive, archive, Assets.demoImage(), Assets.demoClasses());
        return new Dataset(d.batch(), d.image(), d.classes(), "demo (Cityscapes-like street)");
    }

    /** The class presets that ship in assets/classes, by name. */
    public static final Map<String, String> PRESETS = Map.of(
            "cityscapes", "Cityscapes", "pascal-voc", "Pascal VOC", "ade20k", "ADE20K");

    /**
     * A preset with exactly this many classes, such as {@code Cityscapes} for 19, to suggest for
     * numbered classes; empty where none has.
     */
    public static Optional<String> presetFor(int classes) {
        return PRESETS.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .filter(p -> Files.isRegularFile(Assets.classPreset(p.getKey()))
                        && ClassSetReader.read(Assets.classPreset(p.getKey())).size() == classes)
                .map(Map.Entry::getValue).findFirst();
    }

    /** An RGB picture that must be as large as the label maps. */
    public static int[] readImage(Path file, int width, int height) {
        String source = file.toString();
        if (!Files.isRegularFile(file)) {
            throw InputException.of(source, Files.exists(file) ? "not a regular file" : "no such file");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw InputException.of(source, "not a PNG or JPEG image");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w != width || h != height) {
                    throw InputException.of(source, "the image is " + w + " x " + h + " but the label maps are "
                            + width + " x " + height);
                }
                MemoryBudget.require(source, "the image", (long) w * h, (long) w * h * 8);
                BufferedImage img = reader.read(0);
                int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
                for (int i = 0; i < rgb.length; i++) {
                    rgb[i] &= 0xffffff;
                }
                return rgb;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InputException ie) {
                throw ie;
            }
            throw InputException.of(source, "not a readable image (" + e.getMessage() + ")");
        }
    }

    /** The file name of a FILE or FILE.npz:NAME spec. */
    private static String fileName(String spec) {
        return String.valueOf(ArrayFiles.Spec.parse(spec).file().getFileName());
    }

    /**
     * The files' names, with their folders' where the two names are the same: a training run's epoch
     * ({@code epoch_3/car.npy + labels/car.npy}), not {@code car.npy + car.npy} at every epoch.
     */
    static String title(String logits, String labels) {
        if (logits.equals(labels)) {
            return fileName(logits);
        }
        String a = fileName(logits);
        String b = fileName(labels);
        return a.equals(b) ? withFolder(logits) + " + " + withFolder(labels) : a + " + " + b;
    }

    private static String withFolder(String spec) {
        java.nio.file.Path file = ArrayFiles.Spec.parse(spec).file();
        java.nio.file.Path folder = file.toAbsolutePath().getParent();
        return folder == null || folder.getFileName() == null ? String.valueOf(file.getFileName())
                : folder.getFileName() + "/" + file.getFileName();
    }
}
