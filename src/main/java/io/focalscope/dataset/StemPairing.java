package io.focalscope.dataset;

import io.focalscope.io.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Pairs the logits in one folder with the labels in another by file stem: {@code D1/sub/a.npy}
 * with {@code D2/sub/a.png} or {@code D2/sub/a.npy} (both folders searched recursively, the stem
 * being the path under the folder without its extension). A file without a partner, or a stem with
 * two candidates, is listed as a failure and never guessed.
 */
public final class StemPairing {

    /** The logits files it takes: the arrays that the readers read logits from. */
    static final List<String> LOGITS_EXTENSIONS = List.of(".npy", ".npz");
    /** The labels files it takes: the kinds of the folder scan's default labels suffixes. */
    static final List<String> LABELS_EXTENSIONS = List.of(".png", ".npy");

    private StemPairing() {
    }

    /** The images of two local folders, in the order of their logits files. */
    public static ImageList inFolders(Path logitsFolder, Path labelsFolder) {
        if (Files.isDirectory(logitsFolder) && Files.isDirectory(labelsFolder)
                && logitsFolder.toAbsolutePath().normalize().equals(labelsFolder.toAbsolutePath().normalize())) {
            // every .npy would be its own partner
            throw InputException.of(logitsFolder.toString(), "--logits-dir and --labels-dir are the same folder;"
                    + " scan DIR reads logits and labels from one folder");
        }
        FolderWalk logits = FolderWalk.of(logitsFolder);
        FolderWalk labels = FolderWalk.of(labelsFolder);
        return fromFiles(logitsFolder.toString(), logits.files().stream().map(Path::toString).toList(), labelsFolder.toString(),
                labels.files().stream().map(Path::toString).toList()).withFailures(logits.failed()).withFailures(labels.failed());
    }

    /**
     * The images among two folders' files, listed anywhere (a cluster's file system, say).
     *
     * @param logitsFiles every file under {@code logitsRoot}, as paths or URIs that start with it
     * @param labelsFiles every file under {@code labelsRoot}, likewise
     */
    public static ImageList fromFiles(String logitsRoot, List<String> logitsFiles, String labelsRoot, List<String> labelsFiles) {
        Map<String, List<String>> logitsByStem = byStem(logitsRoot, logitsFiles, LOGITS_EXTENSIONS);
        Map<String, List<String>> labelsByStem = byStem(labelsRoot, labelsFiles, LABELS_EXTENSIONS);
        List<ImageFiles> images = new ArrayList<>();
        List<ScanFailure> failed = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : logitsByStem.entrySet()) {
            String stem = e.getKey();
            List<String> logits = e.getValue();
            List<String> labels = labelsByStem.getOrDefault(stem, List.of());
            if (logits.size() > 1) {
                failed.add(twoCandidates(logits.get(0), "logits", stem, logitsRoot, logits));
            } else if (labels.isEmpty()) {
                failed.add(noLabels(logits.get(0), stem, labelsRoot));
            } else if (labels.size() > 1) {
                failed.add(twoCandidates(logits.get(0), "labels", stem, labelsRoot, labels));
            } else {
                images.add(new ImageFiles(stem, logits.get(0), labels.get(0)));
            }
        }
        for (Map.Entry<String, List<String>> e : labelsByStem.entrySet()) {
            if (!logitsByStem.containsKey(e.getKey())) {
                for (String label : e.getValue()) {
                    failed.add(new ScanFailure(label, label + ": no logits named " + e.getKey() + ".* in " + logitsRoot));
                }
            }
        }
        // the folder scan's order: by the logits file's path
        images.sort(java.util.Comparator.comparing(ImageFiles::logits));
        return new ImageList(logitsRoot + " + " + labelsRoot, images, failed);
    }

    private static ScanFailure noLabels(String logits, String stem, String labelsRoot) {
        return new ScanFailure(logits, logits + ": " + noLabelsProblem(stem, labelsRoot));
    }

    /** What a logits file without a labels file lacks: {@code no labels named a/b.* in D}. */
    public static String noLabelsProblem(String stem, String labelsRoot) {
        return "no labels named " + stem + ".* in " + labelsRoot;
    }

    /**
     * The stem of the logits file a failure of {@link #fromFiles} says has no labels in {@code labelsRoot},
     * or null where it says something else.
     */
    public static String unlabelledStem(ScanFailure f, String labelsRoot) {
        String prefix = f.file() + ": no labels named ";
        String suffix = ".* in " + labelsRoot;
        String e = f.error();
        return e.startsWith(prefix) && e.endsWith(suffix) && e.length() > prefix.length() + suffix.length()
                ? e.substring(prefix.length(), e.length() - suffix.length()) : null;
    }

    /** The refusal of two folders in which no file of either kind was found, saying what was looked for. */
    public static InputException noImages(String logitsRoot, String labelsRoot) {
        return InputException.of(logitsRoot + " + " + labelsRoot, "no images found (looked for " + globs(LOGITS_EXTENSIONS)
                + " in " + logitsRoot + " and " + globs(LABELS_EXTENSIONS) + " in " + labelsRoot + ")");
    }

    private static ScanFailure twoCandidates(String file, String kind, String stem, String root, List<String> candidates) {
        return new ScanFailure(file, file + ": " + candidates.size() + " " + kind + " files named " + stem + ".* in " + root
                + " (" + String.join(", ", candidates) + "); keep one");
    }

    /** The files of the given kinds by their stem under the root, sorted, each stem's files sorted. */
    private static Map<String, List<String>> byStem(String root, List<String> files, List<String> extensions) {
        String prefix = root.endsWith("/") ? root : root + "/";
        Map<String, List<String>> byStem = new TreeMap<>();
        for (String file : files.stream().sorted().toList()) {
            String relative = (file.startsWith(prefix) ? file.substring(prefix.length()) : file.substring(file.lastIndexOf('/') + 1))
                    .replace('\\', '/');
            String lower = relative.toLowerCase(Locale.ROOT);
            extensions.stream().filter(lower::endsWith).findFirst().ifPresent(ext -> byStem
                    .computeIfAbsent(relative.substring(0, relative.length() - ext.length()), k -> new ArrayList<>()).add(file));
        }
        return byStem;
    }

    private static String globs(List<String> extensions) {
        Set<String> g = extensions.stream().map(e -> "*" + e).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        return String.join(", ", g);
    }
}
