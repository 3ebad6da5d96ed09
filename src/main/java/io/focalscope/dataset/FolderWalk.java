package io.focalscope.dataset;

import io.focalscope.io.InputException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * The files under a folder, searched recursively and following links (datasets are often linked
 * together), that never aborts: an unreadable sub-folder, a link loop or a dangling link is listed
 * with its reason and the walk goes on. {@code Files.walk} stops at the first of them.
 *
 * @param files  the regular files found, sorted
 * @param failed the entries that could not be walked, sorted by path
 */
public record FolderWalk(List<Path> files, List<ScanFailure> failed) {

    public static FolderWalk of(Path folder) {
        String source = folder.toString();
        if (!Files.isDirectory(folder)) {
            throw InputException.of(source, Files.exists(folder) ? "not a folder" : "no such folder");
        }
        List<Path> files = new ArrayList<>();
        List<ScanFailure> failed = new ArrayList<>();
        try {
            Files.walkFileTree(folder, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        files.add(file);
                    } else if (attrs.isSymbolicLink()) {
                        // a followed link shows its own attributes only when its target is gone
                        failed.add(new ScanFailure(file.toString(), file + ": a link to a file that does not exist"));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    String why = e instanceof FileSystemLoopException ? "a link to a folder above it (a loop), not followed"
                            : e instanceof AccessDeniedException ? "cannot be read (permission denied)"
                            : "cannot be read (" + e.getMessage() + ")";
                    failed.add(new ScanFailure(file.toString(), file + ": " + why));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw InputException.of(source, "cannot list the folder: " + e.getMessage());
        }
        files.sort(null);
        failed.sort(Comparator.comparing(ScanFailure::file));
        return new FolderWalk(List.copyOf(files), List.copyOf(failed));
    }
}
