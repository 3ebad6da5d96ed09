package io.focalscope.spark;

import io.focalscope.dataset.ImageFiles;
import io.focalscope.io.InputException;
import io.focalscope.io.NpyWriter;
import io.focalscope.labels.LabelIssueSearch;
import io.focalscope.labels.SearchAborted;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * label-issues' {@code --masks DIR} on Spark: each image's {@code NAME_issues.npy} written by the
 * executor that flags it, under a folder given as a Hadoop URI, with the file names and bytes of the
 * local command's masks. A mask that cannot be written ends the job, as it ends the local search.
 */
final class SparkMasks implements LabelIssueSearch.Masks {

    private final String folder;
    private final SparkFiles.Reader files;

    private SparkMasks(String folder, SparkFiles.Reader files) {
        this.folder = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
        this.files = files;
    }

    /**
     * Checks (on the driver) that the folder is one, or makes it; the executors get it qualified (with
     * its scheme, absolute), so that a path without a scheme means the driver's default file system
     * there too, not each executor's working folder.
     */
    static SparkMasks into(String folder, Configuration conf) {
        try {
            Path given = new Path(folder);
            FileSystem fs = given.getFileSystem(conf);
            Path p = fs.makeQualified(given);
            if (fs.exists(p)) {
                FileStatus status = fs.getFileStatus(p);
                if (!status.isDirectory()) {
                    throw InputException.of(folder, "--masks names a folder for the masks, and this is a file");
                }
            } else if (!fs.mkdirs(p)) {
                throw InputException.of(folder, "--masks: cannot create the folder");
            }
            return new SparkMasks(p.toString(), new SparkFiles.Reader(conf));
        } catch (IOException | IllegalArgumentException e) {
            throw InputException.of(folder, "--masks: cannot create the folder: " + e.getMessage());
        }
    }

    @Override
    public void write(ImageFiles image, int[] shape, boolean[] flagged) {
        String uri = folder + "/" + LabelIssueSearch.Masks.fileName(image);
        Path parent;
        try {
            parent = new Path(uri).getParent();
        } catch (IllegalArgumentException e) {
            throw new SearchAborted(uri + ": not a valid file URI (" + e.getMessage() + ")");
        }
        try {
            String scheme = parent.toUri().getScheme();
            if (scheme == null || scheme.equals("file")) {
                java.nio.file.Files.createDirectories(java.nio.file.Path.of(parent.toUri().getPath()));
            } else {
                FileSystem fs = parent.getFileSystem(files.conf());
                if (!fs.exists(parent) && !fs.mkdirs(parent)) {
                    throw new SearchAborted(parent + ": cannot create the folder");
                }
            }
            SparkFiles.write(uri, NpyWriter.bytes(LabelIssueSearch.Masks.array(uri, shape, flagged)), files.conf());
        } catch (IOException e) {
            throw new SearchAborted(parent + ": cannot create the folder: " + e.getMessage());
        } catch (SearchAborted e) {
            throw e;
        } catch (InputException e) {
            // an output that cannot be written ends the run; it is not the image's fault
            throw new SearchAborted(e.getMessage());
        }
    }
}
