package io.focalscope.dataset;

import io.focalscope.io.InputException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The label maps that {@code weights} is given: files, folders (searched recursively for PNG and
 * {@code .npy} files, but for {@code *_logits.npy}) and globs such as {@code 'labels/**}{@code /*.png'} that the shell left
 * unexpanded.
 */
public final class LabelFiles {

    private LabelFiles() {
    }

    /** The files named, sorted and each once; a name that matches nothing is a failure. */
    public static ImageList expand(List<String> arguments) {
        return expand(arguments, FolderWalk.FolderOpener.DISK);
    }

    /** The same, each folder opened by {@code opener}. */
    public static ImageList expand(List<String> arguments, FolderWalk.FolderOpener opener) {
        TreeSet<String> files = new TreeSet<>();
        List<ScanFailure> failed = new ArrayList<>();
        for (String arg : arguments) {
            if (isGlob(arg)) {
                List<Path> matches = glob(arg, failed, opener);
                if (matches.isEmpty()) {
                    failed.add(new ScanFailure(arg, arg + ": no file matches"));
                }
                matches.forEach(m -> files.add(m.toString()));
            } else {
                Path p = Path.of(arg);
                if (Files.isDirectory(p)) {
                    FolderWalk walk = FolderWalk.of(p, opener);
                    failed.addAll(walk.failed());
                    walk.files().stream().filter(LabelFiles::isLabelMap).forEach(m -> files.add(m.toString()));
                } else if (Files.exists(p)) {
                    files.add(p.toString());
                } else {
                    failed.add(new ScanFailure(arg, arg + ": no such file"));
                }
            }
        }
        List<ImageFiles> images = files.stream().map(f -> new ImageFiles(f, f, f)).toList();
        return new ImageList(String.join(" ", arguments), images, failed);
    }

    private static boolean isGlob(String arg) {
        return arg.chars().anyMatch(ch -> ch == '*' || ch == '?' || ch == '[' || ch == '{');
    }

    private static List<Path> glob(String pattern, List<ScanFailure> failed, FolderWalk.FolderOpener opener) {
        String normal = pattern.replace('\\', '/');
        int firstGlob = 0;
        while (firstGlob < normal.length() && "*?[{".indexOf(normal.charAt(firstGlob)) < 0) {
            firstGlob++;
        }
        int slash = normal.lastIndexOf('/', firstGlob);
        Path base = slash < 0 ? Path.of(".") : Path.of(slash == 0 ? "/" : normal.substring(0, slash));
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        String rest = slash < 0 ? normal : normal.substring(slash + 1);
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        FolderWalk walk = FolderWalk.of(base, opener);
        failed.addAll(walk.failed());
        return walk.files().stream().filter(f -> matcher.matches(base.relativize(f)))
                .map(f -> slash < 0 ? base.relativize(f) : f).sorted().toList();
    }

    /** A dataset folder holds the logits beside the labels: those are the scan's, not label maps. */
    private static boolean isLabelMap(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".npy") && !n.endsWith(ImageDiscovery.LOGITS_SUFFIX);
    }
}
