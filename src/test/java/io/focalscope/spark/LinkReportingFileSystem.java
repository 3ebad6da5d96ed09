package io.focalscope.spark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.security.AccessControlException;

/**
 * This machine's disk as a Hadoop file system with links behaves (HDFS), under the scheme
 * {@code links:}, so that the jobs list it through Hadoop rather than as local files. Hadoop's own
 * local file system hides links (measured with Hadoop 3.4.1: its listing shows a link to a folder as
 * that folder and leaves a dangling link out; getFileLinkStatus says a link is none). This one lists
 * a link as a link with its target, resolves links in resolvePath, and refuses to list the folders
 * named in {@code links.refused} as HDFS refuses a user (the tests run as root, who reads every folder).
 */
public class LinkReportingFileSystem extends RawLocalFileSystem {

    static final String SCHEME = "links";

    /** The Hadoop settings that route {@code links:} here, fresh for each job. */
    static java.util.Map<String, String> settings(String refusedFolders) {
        return java.util.Map.of("fs." + SCHEME + ".impl", LinkReportingFileSystem.class.getName(),
                "fs." + SCHEME + ".impl.disable.cache", "true", "links.refused", refusedFolders);
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
        java.nio.file.Path folder = onDisk(f);
        if (!Files.isDirectory(folder)) {
            return new FileStatus[] {getFileStatus(f)};
        }
        for (String refused : getConf().getTrimmedStrings("links.refused")) {
            if (folder.toString().equals(refused)) {
                throw new AccessControlException("Permission denied: user=test, access=READ_EXECUTE, inode=\"" + folder + "\"");
            }
        }
        List<FileStatus> out = new ArrayList<>();
        try (DirectoryStream<java.nio.file.Path> entries = Files.newDirectoryStream(folder)) {
            for (java.nio.file.Path entry : entries) {
                out.add(getFileLinkStatus(new Path(makeQualified(f), entry.getFileName().toString())));
            }
        }
        return out.toArray(new FileStatus[0]);
    }

    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
        java.nio.file.Path p = onDisk(f);
        if (Files.isSymbolicLink(p)) {
            return new FileStatus(0, false, 1, 0, 0, 0, null, null, null, new Path(Files.readSymbolicLink(p).toString()),
                    makeQualified(f));
        }
        return getFileStatus(f);
    }

    /** A plain status: the local file system's reads its permissions later through java.io.File, which takes file: URIs only. */
    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
        FileStatus s = super.getFileStatus(f);
        return new FileStatus(s.getLen(), s.isDirectory(), 1, s.getBlockSize(), s.getModificationTime(), makeQualified(f));
    }

    @Override
    public Path resolvePath(Path p) throws IOException {
        try {
            return makeQualified(new Path(onDisk(p).toRealPath().toString()));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new java.io.FileNotFoundException(p.toString());
        }
    }

    private java.nio.file.Path onDisk(Path f) {
        return java.nio.file.Path.of(makeQualified(f).toUri().getPath());
    }
}
