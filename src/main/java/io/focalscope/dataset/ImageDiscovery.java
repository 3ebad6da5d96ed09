package io.focalscope.dataset;

import io.focalscope.io.InputException;
import io.focalscope.io.SmallFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    /** The refusal of a folder or list in which no image was found, saying what was looked for. */
    public static InputException noImages(String source, String logitsSuffix, List<String> labelsSuffixes) {
        return InputException.of(source, "no images found (looked for *.npz and pairs NAME" + logitsSuffix + " + NAME"
                + String.join("|NAME", labelsSuffixes) + ")");
    }

    /**
     * Refuses a command line that gives a scan no input, or more than one: a folder, a list, or a
     * logits folder with a labels folder.
     *
     * @param command the command's name, which begins the message
     */
    public static void requireOneInput(String command, boolean folder, boolean list, boolean logitsDir, boolean labelsDir) {
        List<String> given = new ArrayList<>();
        if (folder) {
            given.add("DIR");
        }
        if (list) {
            given.add("--list");
        }
        if (logitsDir || labelsDir) {
            given.add(logitsDir ? "--logits-dir" : "--labels-dir");
        }
        String choices = "a folder DIR, --list FILE.csv or --logits-dir D1 with --labels-dir D2";
        if (given.isEmpty()) {
            throw new InputException(command + ": give " + choices);
        }
        if (given.size() > 1) {
            throw new InputException(command + ": give one of " + choices + ", not " + String.join(" and ", given));
        }
        if (logitsDir != labelsDir) {
            throw new InputException(command + ": " + (logitsDir ? "--logits-dir needs --labels-dir" : "--labels-dir needs --logits-dir")
                    + " (logits and labels are paired by file stem)");
        }
    }

    /** The images under a folder, sorted by name. */
    public static ImageList inFolder(Path folder, String logitsSuffix, List<String> labelsSuffixes) {
        return inFolder(folder, logitsSuffix, labelsSuffixes, FolderWalk.FolderOpener.DISK);
    }

    /** The same, each folder opened by {@code opener}. */
    public static ImageList inFolder(Path folder, String logitsSuffix, List<String> labelsSuffixes, FolderWalk.FolderOpener opener) {
        String source = folder.toString();
        if (Files.isDirectory(folder)
                && (logitsSuffix.isEmpty() || labelsSuffixes.isEmpty() || labelsSuffixes.stream().anyMatch(String::isEmpty))) {
            throw new InputException("--logits-suffix and --labels-suffix must not be empty");
        }
        FolderWalk walk = FolderWalk.of(folder, opener);
        String root = folder.toString();
        return fromFiles(source, root, walk.files().stream().map(Path::toString).toList(), logitsSuffix, labelsSuffixes)
                .withFailures(walk.failed());
    }

    /**
     * The images among a folder's files, named by their paths under {@code root}: the rules of
     * {@link #inFolder}, for files listed anywhere (a cluster's file system, say).
     *
     * @param files every file under the folder, searched recursively, as paths or URIs that start with {@code root}
     */
    public static ImageList fromFiles(String source, String root, List<String> files, String logitsSuffix,
                                      List<String> labelsSuffixes) {
        java.util.Set<String> present = new java.util.HashSet<>(files);
        String prefix = root.endsWith("/") ? root : root + "/";
        List<ImageFiles> images = new ArrayList<>();
        List<ScanFailure> failed = new ArrayList<>();
        for (String file : files.stream().sorted().toList()) {
            String fileName = file.substring(file.lastIndexOf('/') + 1);
            String relative = (file.startsWith(prefix) ? file.substring(prefix.length()) : fileName).replace('\\', '/');
            if (fileName.endsWith(logitsSuffix)) {
                String stem = file.substring(0, file.length() - logitsSuffix.length());
                String labels = labelsSuffixes.stream().map(s -> stem + s).filter(present::contains).findFirst().orElse(null);
                if (labels == null) {
                    String stemName = stem.substring(stem.lastIndexOf('/') + 1);
                    failed.add(new ScanFailure(file, file + ": no labels file beside it (looked for "
                            + String.join(", ", labelsSuffixes.stream().map(s -> stemName + s).toList()) + ")"));
                } else {
                    images.add(new ImageFiles(strip(relative, logitsSuffix), file, labels));
                }
            } else if (fileName.toLowerCase(Locale.ROOT).endsWith(".npz")
                    && labelsSuffixes.stream().noneMatch(fileName::endsWith)) {
                images.add(new ImageFiles(strip(relative, ".npz"), file, file));
            }
        }
        return new ImageList(source, images, failed);
    }

    /** The images of a CSV list with the header {@code logits,labels}, in the list's order. */
    public static ImageList fromList(Path csv) {
        String source = csv.toString();
        List<String> lines = SmallFiles.readText(csv, "a list of images").lines().toList();
        return fromListLines(source, csv.toAbsolutePath().getParent(), null, lines);
    }

    /** A list's text read elsewhere (a cluster's file system): paths relative to {@code base}, a URI's folder. */
    public static ImageList fromListText(String source, String base, String text) {
        return fromListLines(source, null, base, text.lines().toList());
    }

    private static ImageList fromListLines(String source, Path localBase, String uriBase, List<String> lines) {
        if (lines.isEmpty() || !lines.get(0).replace("\uFEFF", "").replace(" ", "").equalsIgnoreCase("logits,labels")) {
            throw InputException.of(source, "line 1: expected the header 'logits,labels'"
                    + (lines.isEmpty() ? ", the file is empty" : ", found '" + lines.get(0) + "'"));
        }
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
            String logits = localBase != null ? resolve(localBase, fields[0].trim()) : resolveUri(uriBase, fields[0].trim());
            String labels = localBase != null ? resolve(localBase, fields[1].trim()) : resolveUri(uriBase, fields[1].trim());
            images.add(new ImageFiles(nameOf(fields[0].trim()), logits, labels));
        }
        return new ImageList(source, images, failed);
    }

    private static String resolve(Path base, String path) {
        Path p = Path.of(path);
        return (p.isAbsolute() ? p : base.resolve(p)).normalize().toString();
    }

    private static String resolveUri(String base, String path) {
        return path.contains(":/") || path.startsWith("/") ? path : base + "/" + path;
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
