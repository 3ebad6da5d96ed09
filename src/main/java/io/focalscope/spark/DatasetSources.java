package io.focalscope.spark;

import io.focalscope.dataset.ImageDiscovery;
import io.focalscope.dataset.ImageList;
import io.focalscope.dataset.StemPairing;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** How a dataset job names its images (ScanJob, LabelIssuesJob): a folder, a CSV list, or two folders paired by stem, as URIs. */
final class DatasetSources {

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Folder (URI) searched recursively for images.")
    String folder;

    @Option(names = "--list", paramLabel = "FILE.csv", description = "A CSV (URI) with the header 'logits,labels', paths relative to it.")
    String list;

    @Option(names = "--logits-dir", paramLabel = "D1", description = "Folder (URI) of logits files, paired with --labels-dir by file stem.")
    String logitsFolder;

    @Option(names = "--labels-dir", paramLabel = "D2", description = "Folder (URI) of labels files (.png, .npy) for --logits-dir.")
    String labelsFolder;

    @Option(names = "--logits-suffix", defaultValue = ImageDiscovery.LOGITS_SUFFIX, paramLabel = "SUFFIX")
    String logitsSuffix;

    @Option(names = "--labels-suffix", defaultValue = "_labels.png,_labels.npy", paramLabel = "SUFFIX[,SUFFIX...]")
    String labelsSuffixes;

    /** Checked before the Spark session starts: exactly one way given. */
    void requireOne(String job) {
        ImageDiscovery.requireOneInput(job, folder != null, list != null, logitsFolder != null, labelsFolder != null);
    }

    /** The images, listed through Hadoop's file systems; folders that cannot be read are listed as failures. */
    ImageList images(Configuration conf) {
        List<String> suffixes = Arrays.stream(labelsSuffixes.split(",")).map(String::trim).toList();
        if (logitsFolder != null) {
            SparkFiles.Listing logits = SparkFiles.folder(logitsFolder, conf);
            SparkFiles.Listing labels = SparkFiles.folder(labelsFolder, conf);
            return StemPairing.fromFiles(logits.root(), logits.files(), labels.root(), labels.files())
                    .withFailures(logits.failed()).withFailures(labels.failed());
        }
        if (folder != null) {
            SparkFiles.Listing l = SparkFiles.folder(folder, conf);
            return ImageDiscovery.fromFiles(folder, l.root(), l.files(), logitsSuffix, suffixes).withFailures(l.failed());
        }
        String base = list.contains("/") ? list.substring(0, list.lastIndexOf('/')) : ".";
        return ImageDiscovery.fromListText(list, base, SparkFiles.read(list, conf));
    }
}
