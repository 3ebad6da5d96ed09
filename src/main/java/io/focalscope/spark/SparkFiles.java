package io.focalscope.spark;

import io.focalscope.dataset.FolderWalk;
import io.focalscope.io.InputException;
import io.focalscope.io.MemoryBudget;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** Listing and writing files by Hadoop file-system URIs (local paths, hdfs://, s3a://, ...), for the jobs' driver. */
final class SparkFiles {

    private SparkFiles() {
    }

    /**
     * Every file under a folder, searched recursively, as qualified URIs, sorted; the folder's own
     * URI; and the entries that could not be walked. On this machine's disk the walk is the local
     * commands' ({@link FolderWalk}), on a file system with links (HDFS) the same walk through
     * Hadoop ({@link HadoopWalk}): links followed, loops, dangling links and unreadable folders
     * listed. An object store (s3a, gs, abfs) has no links, so no loops: its flat listing, one
     * request per thousand files rather than one per folder, is kept.
     */
    record Listing(String root, List<String> files, List<io.focalscope.dataset.ScanFailure> failed) {
    }

    static Listing folder(String uri, Configuration conf) {
        try {
            Path p = new Path(uri);
            FileSystem fs = p.getFileSystem(conf);
            if (!fs.exists(p) || !fs.getFileStatus(p).isDirectory()) {
                throw InputException.of(uri, fs.exists(p) ? "not a folder" : "no such folder");
            }
            String scheme = p.toUri().getScheme();
            if (scheme == null || scheme.equals("file")) {
                java.nio.file.Path local = java.nio.file.Path.of(p.toUri().getPath()).toAbsolutePath().normalize();
                FolderWalk walk = FolderWalk.of(local);
                List<String> files = walk.files().stream().map(f -> "file:" + f.toAbsolutePath()).sorted().toList();
                return new Listing("file:" + local, files, walk.failed());
            }
            if (fs.supportsSymlinks()) {
                var walked = HadoopWalk.walk(fs, p);
                List<String> files = walked.files().stream().map(f -> f.shown().toString()).sorted().toList();
                List<io.focalscope.dataset.ScanFailure> failed = walked.failed().stream()
                        .sorted(java.util.Comparator.comparing(io.focalscope.dataset.ScanFailure::file)).toList();
                return new Listing(fs.makeQualified(p).toString(), files, failed);
            }
            List<String> files = new ArrayList<>();
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(p, true);
            while (it.hasNext()) {
                files.add(it.next().getPath().toString());
            }
            files.sort(null);
            return new Listing(fs.makeQualified(p).toString(), files, List.of());
        } catch (IOException e) {
            throw InputException.of(uri, "cannot list the folder: " + e.getMessage());
        }
    }

    /** The label files that arguments name: files, folders (PNG and .npy, but *_logits.npy) and globs. */
    static List<String> labelFiles(List<String> arguments, Configuration conf, List<String> missing,
                                   List<io.focalscope.dataset.ScanFailure> unwalkable) {
        List<String> out = new ArrayList<>();
        for (String arg : arguments) {
            try {
                Path p = new Path(arg);
                FileSystem fs = p.getFileSystem(conf);
                FileStatus[] matches = fs.globStatus(p);
                if (matches == null || matches.length == 0) {
                    missing.add(arg);
                    continue;
                }
                for (FileStatus m : matches) {
                    if (m.isDirectory()) {
                        Listing listing = folder(m.getPath().toString(), conf);
                        unwalkable.addAll(listing.failed());
                        for (String f : listing.files()) {
                            String n = f.toLowerCase(Locale.ROOT);
                            if (n.endsWith(".png") || n.endsWith(".npy") && !n.endsWith("_logits.npy")) {
                                out.add(f);
                            }
                        }
                    } else {
                        out.add(m.getPath().toString());
                    }
                }
            } catch (IOException e) {
                throw InputException.of(arg, "cannot list: " + e.getMessage());
            }
        }
        return out.stream().distinct().sorted().toList();
    }

    /**
     * Checks a job's outputs before its work, as the local commands do: each output's folder exists,
     * and no output names an input or another output. {@code outputs} maps an option to its URI
     * (null or "-" where not given).
     */
    static void checkOutputs(java.util.Map<String, String> outputs, List<String> inputs, Configuration conf) {
        java.util.Map<String, String> taken = new java.util.HashMap<>();
        for (String in : inputs) {
            if (in != null) {
                taken.put(qualified(in, conf), "an input");
            }
        }
        String onStdout = null;
        for (var e : outputs.entrySet()) {
            String uri = e.getValue();
            if ("-".equals(uri)) {
                if (onStdout != null) {
                    throw new InputException(onStdout + " - and " + e.getKey() + " - would both write to standard output; give one of them a"
                            + " file name");
                }
                onStdout = e.getKey();
                continue;
            }
            if (uri == null) {
                continue;
            }
            String other = taken.putIfAbsent(qualified(uri, conf), e.getKey());
            if (other != null) {
                throw InputException.of(uri, e.getKey() + " names the same file as " + other + "; give it another name");
            }
            try {
                Path parent = new Path(uri).getParent();
                if (parent != null && !parent.getFileSystem(conf).exists(parent)) {
                    throw InputException.of(uri, e.getKey() + ": the folder " + parent + " does not exist");
                }
            } catch (IOException x) {
                throw InputException.of(uri, e.getKey() + ": cannot look at its folder: " + x.getMessage());
            }
        }
    }

    private static String qualified(String uri, Configuration conf) {
        try {
            Path p = new Path(uri);
            return p.getFileSystem(conf).makeQualified(p).toString();
        } catch (IOException | IllegalArgumentException e) {
            return uri;
        }
    }

    /** A small file (a list of images), with the checks of a local one: a regular file, read at most to a cap. */
    static String read(String uri, Configuration conf) {
        Path local = new Path(uri);
        String scheme = local.toUri().getScheme();
        if (scheme == null || scheme.equals("file")) {
            // Hadoop's local file system calls a pipe a file, and reading it would wait for a writer
            return io.focalscope.io.SmallFiles.readText(java.nio.file.Path.of(local.toUri().getPath()), "a list of images");
        }
        try {
            Path p = new Path(uri);
            FileSystem fs = p.getFileSystem(conf);
            if (!fs.exists(p)) {
                throw InputException.of(uri, "no such file");
            }
            if (!fs.getFileStatus(p).isFile()) {
                throw InputException.of(uri, "not a regular file (a folder, pipe or device), so not a list of images");
            }
            int cap = io.focalscope.io.SmallFiles.DEFAULT_CAP_BYTES;
            try (var in = fs.open(p)) {
                byte[] bytes = in.readNBytes(cap + 1);
                if (bytes.length > cap) {
                    throw InputException.of(uri, "too large for a list of images (more than "
                            + MemoryBudget.megabytes(cap) + ")");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw InputException.of(uri, "cannot read: " + e.getMessage());
        }
    }

    /**
     * Writes a job's output whole or not at all: to a temporary file beside it, renamed into place
     * (a full disk leaves the old file as it was). Hadoop reports a local disk error as FSError, an
     * Error: it ends in the same message.
     */
    static void write(String uri, String text, Configuration conf) {
        write(uri, text.getBytes(StandardCharsets.UTF_8), conf);
    }

    /**
     * Whether the file already holds these bytes: another attempt of the same task (Spark's
     * speculation, or a retry after a lost executor) wrote it between this one's delete and rename,
     * and HDFS refuses a rename onto a file that exists (or the old file could not be deleted and
     * holds them already). The outputs are deterministic, so the same bytes mean the same output.
     */
    private static boolean holds(FileSystem fs, Path p, byte[] bytes) throws IOException {
        if (!fs.exists(p) || fs.getFileStatus(p).getLen() != bytes.length) {
            return false;
        }
        try (java.io.InputStream in = fs.open(p)) {
            return java.util.Arrays.equals(in.readAllBytes(), bytes);
        }
    }

    /** The same for any bytes. */
    static void write(String uri, byte[] bytes, Configuration conf) {
        Path p = new Path(uri);
        String scheme = p.toUri().getScheme();
        if (scheme == null || scheme.equals("file")) {
            // on this machine's disk as the local commands write (links, devices, permissions), and
            // without the checksum files Hadoop's local file system leaves beside each output
            io.focalscope.io.OutputFiles.write(java.nio.file.Path.of(p.toUri().getPath()), out -> out.write(bytes));
            return;
        }
        Path temporary = new Path(p.getParent(), ".focalscope-" + Long.toHexString(System.nanoTime()) + ".tmp");
        FileSystem fs = null;
        try {
            fs = p.getFileSystem(conf);
            try (OutputStream out = fs.create(temporary, false)) {
                out.write(bytes);
            }
            if (fs.exists(p)) {
                fs.delete(p, false); // false where another attempt deleted it first: the rename then says
            }
            if (!fs.rename(temporary, p) && !holds(fs, p, bytes)) {
                throw new IOException("could not move " + temporary + " into place");
            }
        } catch (IOException | org.apache.hadoop.fs.FSError e) {
            throw InputException.of(uri, "cannot write: " + (e instanceof org.apache.hadoop.fs.FSError x && x.getCause() != null
                    ? x.getCause().getMessage() : e.getMessage()));
        } finally {
            try {
                if (fs != null && fs.exists(temporary)) {
                    fs.delete(temporary, false);
                }
            } catch (IOException ignored) {
                // nothing more to do about it
            }
        }
    }

    /**
     * A failure's message as an executor gives it: a refusal for want of memory says how to give an
     * executor more (FOCALSCOPE_HEAP, the launcher's, means nothing there).
     */
    static String onExecutor(InputException failure) {
        return failure.getMessage().replace(MemoryBudget.HOW_TO_RAISE,
                "raise the executors' memory with spark-submit --executor-memory, e.g. --executor-memory 16g");
    }

    /**
     * Reads whole files by URI on the executors, with the driver's Hadoop settings (credentials,
     * endpoints). Files are opened by name: Spark's binaryFiles takes one comma-separated glob, where
     * a name holding ',', '[', ']', '{' or '*' fails the job or silently matches other files.
     */
    static final class Reader implements java.io.Serializable {

        private final java.util.Map<String, String> settings = new java.util.HashMap<>();
        private transient Configuration conf;

        Reader(Configuration driver) {
            driver.forEach(e -> settings.put(e.getKey(), e.getValue()));
        }

        /** The file's bytes, or an InputException naming it: missing, a folder, or larger than the budget. */
        byte[] read(String uri) {
            Path asGiven = new Path(uri);
            String scheme = asGiven.toUri().getScheme();
            if ((scheme == null || scheme.equals("file")) && !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(asGiven.toUri().getPath()))
                    && java.nio.file.Files.exists(java.nio.file.Path.of(asGiven.toUri().getPath()))) {
                // Hadoop's local file system calls a pipe a file, and reading it would wait for a writer
                throw InputException.of(uri, "not a regular file");
            }
            try {
                // Path(String) reads no glob; a ':' after the first '/' stays in the name
                Path p = new Path(uri);
                FileSystem fs = p.getFileSystem(conf());
                if (fs instanceof org.apache.hadoop.fs.ChecksumFileSystem checked) {
                    // the local file system looks for a ".NAME.crc" beside each file, a name Hadoop
                    // cannot form when NAME holds ':'; our inputs have no such checksum files
                    fs = checked.getRawFileSystem();
                }
                if (!fs.exists(p)) {
                    throw InputException.of(uri, "no such file");
                }
                FileStatus status = fs.getFileStatus(p);
                if (!status.isFile()) {
                    throw InputException.of(uri, "not a regular file");
                }
                // the file's bytes, which must fit one array; the array they hold is checked against
                // what is left once they are read, with the working arrays, as on one machine
                if (status.getLen() > MemoryBudget.MAX_ELEMENTS) {
                    throw InputException.of(uri, "the file is " + status.getLen() + " bytes, more than the "
                            + MemoryBudget.MAX_ELEMENTS + " an executor reads into one array");
                }
                long available = MemoryBudget.availableFor(status.getLen());
                if (status.getLen() > available) {
                    throw InputException.of(uri, "the file is " + status.getLen() + " bytes, more than the "
                            + MemoryBudget.megabytes(available) + " this executor may still use");
                }
                try (var in = fs.open(p)) {
                    return in.readAllBytes();
                }
            } catch (IllegalArgumentException e) {
                throw InputException.of(uri, "not a valid file URI (" + e.getMessage() + ")");
            } catch (IOException e) {
                throw InputException.of(uri, "cannot read: " + e.getMessage());
            }
        }

        /** The driver's Hadoop settings, on whichever machine this is. */
        Configuration conf() {
            if (conf == null) {
                conf = new Configuration(false);
                settings.forEach(conf::set);
            }
            return conf;
        }
    }
}
