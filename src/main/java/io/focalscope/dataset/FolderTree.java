package io.focalscope.dataset;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A recursive walk over folders that never aborts, on any file system that can list a folder: the
 * local disk ({@link FolderWalk}) or Hadoop's ({@code spark}). Links are followed; a link back to a
 * folder the walk is inside (a loop), a link to nothing, a folder that cannot be listed and a folder
 * nested deeper than {@link #MAX_DEPTH} are listed with their reason, worded alike for every file
 * system, and the walk goes on beside them.
 *
 * @param <P> how the file system names an entry
 */
public final class FolderTree<P> {

    /**
     * Folders below the one walked, at most. Real datasets nest a few levels; a file system that
     * follows links without saying so (Hadoop's local one) would otherwise walk a loop until its
     * paths grew too long.
     */
    public static final int MAX_DEPTH = 64;

    /** What the walk needs of a file system. */
    @FunctionalInterface
    public interface Folders<P> {

        /**
         * A folder's entries, links followed.
         *
         * @throws AccessDeniedException where the folder may not be read; another IOException where it cannot be
         */
        List<Entry<P>> entries(P folder) throws IOException;
    }

    public enum Kind { FILE, FOLDER, DANGLING_LINK, UNREADABLE, OTHER }

    /**
     * One entry of a folder.
     *
     * @param identity for a folder, what stays the same however it is reached (the resolved path, or
     *                 the disk's file key): a folder met again inside itself is a loop
     * @param problem  for an entry that cannot be looked at, why
     */
    public record Entry<P>(P path, Kind kind, Object identity, IOException problem) {

        public static <P> Entry<P> file(P path) {
            return new Entry<>(path, Kind.FILE, null, null);
        }

        public static <P> Entry<P> folder(P path, Object identity) {
            return new Entry<>(path, Kind.FOLDER, identity, null);
        }

        /** A link whose target does not exist. */
        public static <P> Entry<P> danglingLink(P path) {
            return new Entry<>(path, Kind.DANGLING_LINK, null, null);
        }

        public static <P> Entry<P> unreadable(P path, IOException problem) {
            return new Entry<>(path, Kind.UNREADABLE, null, problem);
        }

        /** A pipe, a device or a socket: not a file a scan reads, and not worth a line. */
        public static <P> Entry<P> other(P path) {
            return new Entry<>(path, Kind.OTHER, null, null);
        }
    }

    /**
     * @param files  the files found, in the order walked
     * @param failed the entries not walked, with their reasons, in the order met
     */
    public record Walked<P>(List<P> files, List<ScanFailure> failed) {
    }

    private final Folders<P> folders;
    private final List<P> files = new ArrayList<>();
    private final List<ScanFailure> failed = new ArrayList<>();

    private FolderTree(Folders<P> folders) {
        this.folders = folders;
    }

    /**
     * Walks {@code root} and every folder under it. Entries are named in messages by their
     * {@code toString()}.
     *
     * @param rootIdentity the root folder's identity, as {@link Entry#folder} takes it
     */
    public static <P> Walked<P> walk(P root, Object rootIdentity, Folders<P> folders) {
        FolderTree<P> tree = new FolderTree<>(folders);
        Set<Object> inside = new HashSet<>();
        inside.add(rootIdentity);
        tree.walk(root, inside, 0);
        return new Walked<>(List.copyOf(tree.files), List.copyOf(tree.failed));
    }

    /** @param inside the identities of this folder and of every folder above it */
    private void walk(P folder, Set<Object> inside, int depth) {
        List<Entry<P>> entries;
        try {
            entries = folders.entries(folder);
        } catch (IOException e) {
            fail(folder, unreadable(e));
            return;
        }
        for (Entry<P> e : entries) {
            switch (e.kind()) {
                case FILE -> files.add(e.path());
                case DANGLING_LINK -> fail(e.path(), "a link to a file that does not exist");
                case UNREADABLE -> fail(e.path(), unreadable(e.problem()));
                case FOLDER -> {
                    if (inside.contains(e.identity())) {
                        fail(e.path(), "a link to a folder above it (a loop), not followed");
                    } else if (depth >= MAX_DEPTH) {
                        fail(e.path(), "more than " + MAX_DEPTH + " folders deep, not followed");
                    } else {
                        inside.add(e.identity());
                        walk(e.path(), inside, depth + 1);
                        inside.remove(e.identity());
                    }
                }
                case OTHER -> {
                    // not a file of a dataset
                }
            }
        }
    }

    private void fail(P path, String why) {
        failed.add(new ScanFailure(path.toString(), path + ": " + why));
    }

    private static String unreadable(IOException e) {
        return e instanceof AccessDeniedException ? "cannot be read (permission denied)" : "cannot be read (" + e.getMessage() + ")";
    }
}
