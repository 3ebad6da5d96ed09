package io.focalscope.dataset;

import io.focalscope.io.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Finds a dataset's images: in a folder, searched recursively, each {@code .npz} holding
 * {@code logits} and {@code labels} and each pair {@code NAME<logits suffix>} +
 * {@code NAME<labels suffix>} (the first labels suffix that exists); or in a CSV list with the
 * header {@code logits,labels}, paths relative to the list.
 */
public final class ImageDiscovery {

    public static final String LOGITS_SUFFIX = "_logits.npy";
    public static final List<String> LABELS_SUFFIXES = List.of("_labels.png", "_labels.npy");

    private ImageDiscovery() {
    }

    /** The images under a folder, sorted by name. */
    public static ImageList inFolder(Path folder, String logitsSuffix, List<String> labelsSuffixes) {
        String source = folder.toString();
        if (!Files.isDirectory(folder)) {
            throw InputException.of(source, Files.exists(folder) ? "not a folder" : "no such folder");
        }
        if (logitsSuffix.isEmpty() || labelsSuffixes.isEmpty() || labelsSuffixes.stream().anyMatch(String::isEmpty)) {
            throw new InputException("--logits-suffix and --labels-suffix must not be empty");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw InputException.of(source, "cannot list the folder: " + e.getMessage());
        }
        List<ImageFiles> images = new ArrayList<>();
        List<ScanFailure> failed = new ArrayList<>();
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            String relative = folder.relativize(file).toString().replace('\\', '/');
            if (fileName.endsWith(logitsSuffix)) {
                String stem = file.toString().substring(0, file.toString().length() - logitsSuffix.length());
                Path labels = labelsSuffixes.stream().map(s -> Path.of(stem + s)).filter(Files::isRegularFile)
                        .findFirst().orElse(null);
                if (labels == null) {
                    failed.add(new ScanFailure(file.toString(), file + ": no labels file beside it (looked for "
                            + String.join(", ", labelsSuffixes.stream().map(s -> Path.of(stem + s).getFileName().toString()).toList())
                            + ")"));
                } else {
                    images.add(new ImageFiles(strip(relative, logitsSuffix), file.toString(), labels.toString()));
                }
            } else if (fileName.toLowerCase(Locale.ROOT).endsWith(".npz")
                    && labelsSuffixes.stream().noneMatch(fileName::endsWith)) {
                images.add(new ImageFiles(strip(relative, ".npz"), file.toString(), file.toString()));
            }
        }
        return new ImageList(source, images, failed);
    }

    /** The images of a CSV list with the header {@code logits,labels}, in the list's order. */
    public static ImageList fromList(Path csv) {
        String source = csv.toString();
        if (!Files.isRegularFile(csv)) {
            throw InputException.of(source, Files.exists(csv) ? "not a regular file" : "no such file");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw InputException.of(source, "cannot read: " + e.getMessage());
        }
        if (lines.isEmpty() || !lines.get(0).replace("\uFEFF", "").replace(" ", "").equalsIgnoreCase("logits,labels")) {
            throw InputException.of(source, "line 1: expected the header 'logits,labels'"
                    + (lines.isEmpty() ? ", the file is empty" : ", found '" + lines.get(0) + "'"));
        }
        Path base = csv.toAbsolutePath().getParent();
        List<ImageFiles> images = new ArrayList<>();
        List<ScanFailure> failed = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length != 2 || fields[0].isBlank() || fields[1].isBlank()) {
                failed.add(new ScanFailure(source, source + ": line " + (i + 1) + ": expected two paths 'logits,labels', found '" + line + "'"));
                continue;
            }
            String logits = resolve(base, fields[0].trim());
            String labels = resolve(base, fields[1].trim());
            images.add(new ImageFiles(nameOf(fields[0].trim()), logits, labels));
        }
        return new ImageList(source, images, failed);
    }

    private static String resolve(Path base, String path) {
        Path p = Path.of(path);
        return (p.isAbsolute() ? p : base.resolve(p)).normalize().toString();
    }

    private static String nameOf(String path) {
        String n = path.replace('\\', '/');
        for (String suffix : List.of(LOGITS_SUFFIX, ".npz", ".npy")) {
            if (n.endsWith(suffix)) {
                return strip(n, suffix);
            }
        }
        return n;
    }

    private static String strip(String text, String suffix) {
        return text.substring(0, text.length() - suffix.length());
    }
}
