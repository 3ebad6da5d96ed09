package io.focalscope.spark;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * This machine's disk as a Hadoop file system, under the scheme {@code racing:}, whose rename
 * behaves as HDFS's (it refuses a destination that exists), and where another writer always gets
 * there first: just before each rename, the destination is written with {@code racing.other}'s
 * bytes ("same": the file being moved, as another attempt of the same task would write it).
 * With {@code racing.deleteFirst}, the other writer also deletes an existing destination just
 * before this one does, whose delete then returns false, as HDFS's does for a file that is gone.
 */
public class RacingFileSystem extends RawLocalFileSystem {

    static final String SCHEME = "racing";

    static java.util.Map<String, String> settings(String other, boolean deleteFirst) {
        return java.util.Map.of("fs." + SCHEME + ".impl", RacingFileSystem.class.getName(),
                "fs." + SCHEME + ".impl.disable.cache", "true", "racing.other", other, "racing.deleteFirst", String.valueOf(deleteFirst));
    }

    @Override
    public boolean delete(Path p, boolean recursive) throws IOException {
        if (getConf().getBoolean("racing.deleteFirst", false) && !p.getName().endsWith(".tmp")) {
            super.delete(p, recursive);
            return false;
        }
        return super.delete(p, recursive);
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
    public boolean rename(Path src, Path dst) throws IOException {
        java.nio.file.Path from = java.nio.file.Path.of(src.toUri().getPath());
        java.nio.file.Path to = java.nio.file.Path.of(dst.toUri().getPath());
        String other = getConf().get("racing.other");
        Files.write(to, other.equals("same") ? Files.readAllBytes(from) : other.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return !Files.exists(to) && super.rename(src, dst);
    }
}
