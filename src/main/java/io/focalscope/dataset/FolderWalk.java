package io.focalscope.dataset;

import io.focalscope.io.InputException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The files under a folder on this machine's disk, searched recursively and following links
 * (datasets are often linked together), that never aborts: an unreadable sub-folder, a link loop or
 * a dangling link is listed with its reason and the walk goes on ({@link FolderTree}).
 * {@code Files.walk} stops at the first of them.
 *
 * @param files  the regular files found, sorted
 * @param failed the entries that could not be walked, sorted by path
 */
public record FolderWalk(List<Path> files, List<ScanFailure> failed) {

    /**
     * How the walk opens a folder: {@code Files::newDirectoryStream}, or in a test one that refuses
     * a folder as a file system would refuse a user (root reads every folder).
     */
    @FunctionalInterface
    public interface FolderOpener {

        FolderOpener DISK = Files::newDirectoryStream;

        DirectoryStream<Path> open(Path folder) throws IOException;
    }

    public static FolderWalk of(Path folder) {
        return of(folder, FolderOpener.DISK);
    }

    public static FolderWalk of(Path folder, FolderOpener opener) {
        String source = folder.toString();
        if (!Files.isDirectory(folder)) {
            throw InputException.of(source, !Files.exists(folder) ? "no such folder"
                    : folder.getFileName() != null && folder.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")
                    ? "not a folder: give a CSV list of images with --list" : "not a folder");
        }
        Object rootIdentity;
        try {
            rootIdentity = identity(folder, Files.readAttributes(folder, BasicFileAttributes.class));
        } catch (IOException e) {
            throw InputException.of(source, "cannot list the folder: " + e.getMessage());
        }
        FolderTree.Walked<Path> walked = FolderTree.walk(folder, rootIdentity, f -> entries(f, opener));
        List<Path> files = new ArrayList<>(walked.files());
        List<ScanFailure> failed = new ArrayList<>(walked.failed());
        files.sort(null);
        failed.sort(Comparator.comparing(ScanFailure::file));
        return new FolderWalk(List.copyOf(files), List.copyOf(failed));
    }

    private static List<FolderTree.Entry<Path>> entries(Path folder, FolderOpener opener) throws IOException {
        List<FolderTree.Entry<Path>> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = opener.open(folder)) {
            for (Path p : stream) {
                entries.add(entry(p));
            }
        } catch (java.nio.file.DirectoryIteratorException e) {
            throw e.getCause();
        }
        return entries;
    }

    /** An entry as its link's target, where it is a link: what Files.walkFileTree's FOLLOW_LINKS sees. */
    private static FolderTree.Entry<Path> entry(Path p) {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException followed) {
            try {
                // the target cannot be looked at; the link itself can
                if (Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isSymbolicLink()) {
                    return FolderTree.Entry.danglingLink(p);
                }
            } catch (IOException e) {
                return FolderTree.Entry.unreadable(p, e);
            }
            return FolderTree.Entry.unreadable(p, followed);
        }
        if (attrs.isDirectory()) {
            try {
                return FolderTree.Entry.folder(p, identity(p, attrs));
            } catch (IOException e) {
                return FolderTree.Entry.unreadable(p, e);
            }
        }
        return attrs.isRegularFile() ? FolderTree.Entry.file(p) : FolderTree.Entry.other(p);
    }

    /** The disk's key for a folder (device and inode), or its real path where the file system has none. */
    private static Object identity(Path folder, BasicFileAttributes attrs) throws IOException {
        return attrs.fileKey() != null ? attrs.fileKey() : folder.toRealPath();
    }
}
