package io.focalscope.dynamics;

import io.focalscope.dataset.ImageDiscovery;
import io.focalscope.dataset.ImageFiles;
import io.focalscope.dataset.ImageList;
import io.focalscope.dataset.ScanFailure;
import io.focalscope.dataset.StemPairing;
import io.focalscope.io.InputException;
import io.focalscope.io.SmallFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finds a training run's epochs and images: a folder with one sub-folder per epoch, each read as
 * {@code scan} reads a folder (or holding logits only, paired by file stem with one labels folder,
 * {@code --labels-dir}); or a CSV list with the header {@code epoch,logits,labels}. Epochs are in
 * natural order of their names ({@link NaturalOrder}: {@code epoch_2} before {@code epoch_10}).
 * An image is followed only where every epoch has it; the others are listed with the epochs they
 * miss.
 */
public final class EpochDiscovery {

    /** The labels folder a run keeps beside its epochs, as tools/focalscope_dump.py writes it: {@code DIR/labels}. */
    public static final String LABELS_FOLDER = "labels";

    private EpochDiscovery() {
    }

    /** {@code DIR/labels} where it is a folder, else null: the labels folder to take when none is named. */
    public static Path defaultLabels(Path folder) {
        Path labels = folder.resolve(LABELS_FOLDER);
        return Files.isDirectory(labels) ? labels : null;
    }

    /**
     * @param labelsFolder the labels of every epoch, or null where each epoch folder holds its own;
     *                     left out of the epochs where it lies inside {@code folder}
     */
    public static EpochRun inFolder(Path folder, Path labelsFolder, String logitsSuffix, List<String> labelsSuffixes) {
        String source = folder.toString();
        if (!Files.isDirectory(folder)) {
            throw InputException.of(source, Files.exists(folder) ? "not a folder: dynamics reads a folder with one sub-folder per epoch"
                    : "no such folder");
        }
        if (labelsFolder != null && !Files.isDirectory(labelsFolder)) {
            throw InputException.of(labelsFolder.toString(), Files.exists(labelsFolder) ? "not a folder (given as the labels"
                    + " folder)" : "no such labels folder"); // named as the window's field and --labels-dir both mean it
        }
        List<Path> epochFolders = epochFolders(folder, labelsFolder);
        if (epochFolders.isEmpty()) {
            throw InputException.of(source, "no epoch folders: dynamics reads one sub-folder per epoch (" + folder.resolve("epoch_1")
                    + ", " + folder.resolve("epoch_2") + ", ...)" + (labelsFolder == null ? "" : ", besides the labels folder"));
        }
        Map<String, ImageList> epochs = new LinkedHashMap<>();
        for (Path epoch : epochFolders) {
            ImageList images = labelsFolder != null ? logitsOnly(StemPairing.inFolders(epoch, labelsFolder), labelsFolder.toString())
                    : ImageDiscovery.inFolder(epoch, logitsSuffix, labelsSuffixes);
            epochs.put(epoch.getFileName().toString(), images);
        }
        return assemble(source, epochs, labelsFolder == null ? List.of() : unlabelledOnce(epochs, labelsFolder.toString()));
    }

    /** The images of a CSV list {@code epoch,logits,labels}, paths relative to the list; an image is named by its logits file. */
    public static EpochRun fromList(Path csv) {
        Path base = csv.toAbsolutePath().getParent();
        return fromListLines(csv.toString(), path -> {
            Path p = Path.of(path);
            return (p.isAbsolute() ? p : base.resolve(p)).normalize().toString();
        }, SmallFiles.readText(csv, "a list of epochs").lines().toList(), logits -> Files.exists(Path.of(logits)));
    }

    /** A list's text read elsewhere (a cluster's file system): paths relative to {@code base}, the list's folder as a URI. */
    public static EpochRun fromListText(String source, String base, String text) {
        return fromListLines(source, path -> path.contains(":/") || path.startsWith("/") ? path : base + "/" + path,
                text.lines().toList(), logits -> true); // a missing file is said where it is read
    }

    /**
     * The epochs among a folder's files, listed anywhere (a cluster's file system, say): an epoch is a
     * sub-folder of {@code root}, read by the rules of {@link #inFolder}.
     *
     * @param files       every file under {@code root}, searched recursively, as paths or URIs that start with it
     * @param labelsRoot  the shared labels folder, or null
     * @param labelsFiles every file under it, likewise
     */
    public static EpochRun fromFiles(String root, List<String> files, String labelsRoot, List<String> labelsFiles,
                                     String logitsSuffix, List<String> labelsSuffixes) {
        String prefix = root.endsWith("/") ? root : root + "/";
        String labelsPrefix = labelsRoot == null ? null : labelsRoot.endsWith("/") ? labelsRoot : labelsRoot + "/";
        Map<String, List<String>> byEpoch = new TreeMap<>(NaturalOrder.INSTANCE);
        for (String file : files) {
            String relative = file.startsWith(prefix) ? file.substring(prefix.length()) : null;
            if (relative == null || !relative.contains("/") || relative.startsWith(".")
                    || labelsPrefix != null && file.startsWith(labelsPrefix)) {
                continue; // not in an epoch's folder
            }
            byEpoch.computeIfAbsent(relative.substring(0, relative.indexOf('/')), e -> new ArrayList<>()).add(file);
        }
        if (byEpoch.isEmpty()) {
            throw InputException.of(root, "no epoch folders: dynamics reads one sub-folder per epoch (" + prefix + "epoch_1, "
                    + prefix + "epoch_2, ...)" + (labelsRoot == null ? "" : ", besides the labels folder"));
        }
        Map<String, ImageList> epochs = new LinkedHashMap<>();
        byEpoch.forEach((epoch, epochFiles) -> {
            String epochRoot = prefix + epoch;
            epochs.put(epoch, labelsRoot != null
                    ? logitsOnly(StemPairing.fromFiles(epochRoot, epochFiles, labelsRoot, labelsFiles), labelsRoot)
                    : ImageDiscovery.fromFiles(epochRoot, epochRoot, epochFiles, logitsSuffix, labelsSuffixes));
        });
        return assemble(root, epochs, labelsRoot == null ? List.of() : unlabelledOnce(epochs, labelsRoot));
    }

    /** @param found whether a row's logits file is there: a row naming none is said as such, not as an image missing from epochs */
    private static EpochRun fromListLines(String source, java.util.function.UnaryOperator<String> resolve, List<String> lines,
                                          java.util.function.Predicate<String> found) {
        if (lines.isEmpty() || !lines.get(0).replace("\uFEFF", "").replace(" ", "").equalsIgnoreCase("epoch,logits,labels")) {
            throw InputException.of(source, "line 1: expected the header 'epoch,logits,labels'"
                    + (lines.isEmpty() ? ", the file is empty" : ", found '" + lines.get(0) + "'"));
        }
        Map<String, List<ImageFiles>> rows = new TreeMap<>(NaturalOrder.INSTANCE);
        List<ScanFailure> failed = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length != 3 || Stream.of(fields).anyMatch(String::isBlank)) {
                failed.add(new ScanFailure(source, source + ": line " + (i + 1) + ": expected 'epoch,logits,labels', found '" + line + "'"));
                continue;
            }
            String logits = resolve.apply(fields[1].trim());
            if (!found.test(logits)) {
                failed.add(new ScanFailure(logits, source + ": line " + (i + 1) + ": no such file " + logits));
                continue;
            }
            rows.computeIfAbsent(fields[0].trim(), e -> new ArrayList<>())
                    .add(new ImageFiles(nameOf(fields[1].trim()), logits, resolve.apply(fields[2].trim())));
        }
        if (rows.isEmpty() && failed.isEmpty()) {
            throw InputException.of(source, "lists no epoch: expected rows 'epoch,logits,labels' after the header");
        }
        Map<String, ImageList> epochs = new LinkedHashMap<>();
        rows.forEach((epoch, images) -> epochs.put(epoch, new ImageList(source, images, List.of())));
        return assemble(source, epochs, failed);
    }

    /** Follows each name through the epochs: complete ones become images, the others are listed. */
    private static EpochRun assemble(String source, Map<String, ImageList> epochs, List<ScanFailure> listFailures) {
        List<String> names = List.copyOf(epochs.keySet());
        Map<String, ImageFiles[]> byName = new TreeMap<>(NaturalOrder.INSTANCE);
        Set<ScanFailure> failed = new LinkedHashSet<>(listFailures);
        for (int e = 0; e < names.size(); e++) {
            ImageList list = epochs.get(names.get(e));
            failed.addAll(list.failed());
            for (ImageFiles f : list.images()) {
                ImageFiles[] row = byName.computeIfAbsent(f.name(), n -> new ImageFiles[names.size()]);
                if (row[e] != null) {
                    failed.add(new ScanFailure(f.logits(), f.logits() + ": a second image named " + f.name() + " in epoch " + names.get(e)
                            + " (the first is " + row[e].logits() + ")"));
                } else {
                    row[e] = f;
                }
            }
        }
        List<TrackedImage> images = new ArrayList<>();
        List<EpochRun.Incomplete> incomplete = new ArrayList<>();
        byName.forEach((name, row) -> {
            List<String> missing = new ArrayList<>();
            for (int e = 0; e < row.length; e++) {
                if (row[e] == null) {
                    missing.add(names.get(e));
                }
            }
            if (missing.isEmpty()) {
                images.add(new TrackedImage(name, List.of(row)));
            } else {
                incomplete.add(new EpochRun.Incomplete(name, missing));
            }
        });
        return new EpochRun(source, names, images, incomplete, List.copyOf(failed));
    }

    /** The epoch folders: the folder's sub-folders but the labels folder and hidden ones, in natural order. */
    private static List<Path> epochFolders(Path folder, Path labelsFolder) {
        Path labels = labelsFolder == null ? null : realPath(labelsFolder);
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(Files::isDirectory)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> labels == null || !realPath(p).equals(labels))
                    .sorted((a, b) -> NaturalOrder.INSTANCE.compare(a.getFileName().toString(), b.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw InputException.of(folder.toString(), "cannot list the folder: " + e.getMessage());
        }
    }

    /**
     * Takes out of the epochs' failures each logits file that has no labels in the shared labels
     * folder, and gives them back once an image, with the epochs its logits are in: a labels file
     * missing from the folder is one problem, not one at every epoch. Named by its first epoch's file.
     */
    private static List<ScanFailure> unlabelledOnce(Map<String, ImageList> epochs, String labels) {
        Map<String, List<String>> epochsOf = new TreeMap<>(NaturalOrder.INSTANCE);
        Map<String, String> firstFile = new LinkedHashMap<>();
        for (Map.Entry<String, ImageList> e : epochs.entrySet()) {
            ImageList list = e.getValue();
            List<ScanFailure> others = new ArrayList<>();
            for (ScanFailure f : list.failed()) {
                String stem = StemPairing.unlabelledStem(f, labels);
                if (stem == null) {
                    others.add(f);
                } else {
                    epochsOf.computeIfAbsent(stem, s -> new ArrayList<>()).add(e.getKey());
                    firstFile.putIfAbsent(stem, f.file());
                }
            }
            e.setValue(new ImageList(list.source(), list.images(), others));
        }
        List<ScanFailure> once = new ArrayList<>();
        epochsOf.forEach((stem, in) -> {
            String file = firstFile.get(stem);
            String where = in.size() == epochs.size() && in.size() > 1 ? "all " + in.size() + " epochs"
                    : (in.size() == 1 ? "epoch " : "epochs ") + String.join(", ", in);
            once.add(new ScanFailure(file, file + ": " + StemPairing.noLabelsProblem(stem, labels) + "; its logits are in " + where));
        });
        return once;
    }

    /**
     * An epoch's pairs with the shared labels folder, less the labels that this epoch has no logits
     * for: an image missing from an epoch is listed once, as incomplete, not once per epoch.
     */
    private static ImageList logitsOnly(ImageList pairs, String labels) {
        return new ImageList(pairs.source(), pairs.images(),
                pairs.failed().stream().filter(f -> !(f.file().startsWith(labels) && f.error().contains(": no logits named "))).toList());
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    /** The logits file's name without its folder and suffix: the same image at every epoch. */
    private static String nameOf(String path) {
        String n = path.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1);
        for (String suffix : List.of(ImageDiscovery.LOGITS_SUFFIX, ".npz", ".npy")) {
            if (n.toLowerCase(Locale.ROOT).endsWith(suffix)) {
                return n.substring(0, n.length() - suffix.length());
            }
        }
        return n;
    }
}
