package io.focalscope.spark;

import io.focalscope.dataset.FolderTree;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathAccessDeniedException;
import org.apache.hadoop.security.AccessControlException;

/**
 * The folder walk of the local commands ({@link FolderTree}) on a Hadoop file system that has links
 * (HDFS, viewfs): links followed by resolving them here, a link back to a folder above it, a link to
 * nothing and a folder that may not be listed listed under {@code failed} in the local walk's words.
 * Hadoop's recursive {@code listFiles} follows a loop round and round and drops a dangling link
 * without a word.
 */
final class HadoopWalk {

    /** Links followed one after another before the walk gives up on an entry (Linux's limit is 40). */
    static final int MAX_LINKS = 40;

    private HadoopWalk() {
    }

    /**
     * An entry as the walk names it (under the folder the user gave, through any links) and where it
     * is (links resolved), which is what is listed: a file system with links turned off refuses to
     * list a path through one.
     */
    record Located(Path shown, Path real) {
        @Override
        public String toString() {
            return shown.toString();
        }
    }

    /** The files under {@code folder} (qualified, links kept in their names) and the entries not walked. */
    static FolderTree.Walked<Located> walk(FileSystem fs, Path folder) throws IOException {
        Path shown = fs.makeQualified(folder);
        Path real = resolved(fs, shown);
        return FolderTree.walk(new Located(shown, real), real.toString(), f -> entries(fs, f));
    }

    private static List<FolderTree.Entry<Located>> entries(FileSystem fs, Located folder) throws IOException {
        FileStatus[] statuses;
        try {
            statuses = fs.listStatus(folder.real());
        } catch (AccessControlException | PathAccessDeniedException e) {
            throw accessDenied(folder.shown(), e);
        }
        List<FolderTree.Entry<Located>> entries = new ArrayList<>();
        for (FileStatus s : statuses) {
            entries.add(entry(fs, new Path(folder.shown(), s.getPath().getName()), s));
        }
        return entries;
    }

    private static FolderTree.Entry<Located> entry(FileSystem fs, Path shown, FileStatus status) {
        FileStatus target = status;
        Path real = status.getPath();
        try {
            for (int links = 0; target.isSymlink(); links++) {
                if (links == MAX_LINKS) {
                    return FolderTree.Entry.unreadable(new Located(shown, real), new IOException("more than " + MAX_LINKS + " links in a row"));
                }
                Path to = target.getSymlink();
                // a relative target is relative to the folder that holds the link
                real = fs.makeQualified(to.isUriPathAbsolute() || to.toUri().getScheme() != null ? to : new Path(real.getParent(), to));
                target = fs.getFileLinkStatus(real);
            }
            if (target.isDirectory()) {
                // a link's target may name a folder through another link: its identity is resolved whole; a
                // folder listed under a resolved one is named as it is
                Object identity = (status.isSymlink() ? resolved(fs, real) : real).toString();
                return FolderTree.Entry.folder(new Located(shown, real), identity);
            }
        } catch (FileNotFoundException e) {
            return FolderTree.Entry.danglingLink(new Located(shown, real));
        } catch (AccessControlException | PathAccessDeniedException e) {
            return FolderTree.Entry.unreadable(new Located(shown, real), accessDenied(shown, e));
        } catch (IOException e) {
            return FolderTree.Entry.unreadable(new Located(shown, real), e);
        }
        return target.isFile() ? FolderTree.Entry.file(new Located(shown, real)) : FolderTree.Entry.other(new Located(shown, real));
    }

    /** A path with its links resolved, where the file system can; else as it is. */
    private static Path resolved(FileSystem fs, Path p) {
        try {
            return fs.resolvePath(p);
        } catch (IOException | UnsupportedOperationException e) {
            return p;
        }
    }

    /** Hadoop's refusal as java.nio's, which the walk words as the local disk's. */
    private static AccessDeniedException accessDenied(Path p, IOException e) {
        AccessDeniedException denied = new AccessDeniedException(p.toString(), null, e.getMessage());
        denied.initCause(e);
        return denied;
    }
}
