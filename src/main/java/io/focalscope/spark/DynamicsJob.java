package io.focalscope.spark;

import io.focalscope.dataset.ImageDiscovery;
import io.focalscope.dynamics.DynamicsFigures;
import io.focalscope.dynamics.DynamicsRun;
import io.focalscope.dynamics.EpochDiscovery;
import io.focalscope.dynamics.EpochRun;
import io.focalscope.dynamics.HardThresholds;
import io.focalscope.dynamics.ImageDynamics;
import io.focalscope.io.InputException;
import io.focalscope.loss.LossSettings;
import io.focalscope.options.DynamicsOptions;
import io.focalscope.options.EngineOption;
import io.focalscope.options.LossOptions;
import io.focalscope.report.DynamicsJson;
import io.focalscope.report.DynamicsNotices;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code focalscope dynamics} as a Spark job: {@code spark-submit --class io.focalscope.spark.DynamicsJob
 * ... DIR --labels-dir D --json OUT}, folders and outputs Hadoop file-system URIs. Each image is
 * followed through its epochs by one task; the summary has the keys of {@code dynamics --json}.
 */
@Command(name = "DynamicsJob", mixinStandardHelpOptions = true, sortOptions = false,
        description = "focalscope dynamics on Apache Spark: the same options (but --maps and --threads), inputs and outputs as Hadoop URIs.")
public final class DynamicsJob implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "Folder (URI) with one sub-folder per epoch.")
    String folder;

    @Option(names = "--labels-dir", paramLabel = "D", description = "Folder (URI) of the labels of every epoch, paired by file stem"
            + " (DIR/labels where it exists and none is named).")
    String labelsFolder;

    @Option(names = "--list", paramLabel = "FILE.csv", description = "A CSV (URI) with the header 'epoch,logits,labels', instead of DIR.")
    String list;

    @Option(names = "--logits-suffix", defaultValue = ImageDiscovery.LOGITS_SUFFIX, paramLabel = "SUFFIX")
    String logitsSuffix;

    @Option(names = "--labels-suffix", defaultValue = "_labels.png,_labels.npy", paramLabel = "SUFFIX[,SUFFIX...]")
    String labelsSuffixes;

    @CommandLine.Mixin
    DynamicsOptions hard;

    @CommandLine.Mixin
    LossOptions loss;

    @CommandLine.Mixin
    EngineOption engineOption;

    @Option(names = "--json", paramLabel = "OUT|-", description = "The summary, with the keys of dynamics --json (default: stdout).")
    String json = "-";

    @Option(names = "--csv", paramLabel = "OUT|-", description = "The images, lowest confidence first, as CSV (stdout with -, where --json goes to a file).")
    String csv;

    @Option(names = "--strict", description = "Exit with 1 if any file failed or any image is missing from an epoch.")
    boolean strict;

    @CommandLine.Mixin
    ClusterOptions cluster;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(Jobs.run(new DynamicsJob(), args));
    }

    @Override
    public Integer call() {
        ImageDynamics.requireSoftmaxTerm(loss.term());
        LossSettings settings = loss.settings().withoutAsWritten();
        ImageDynamics.requireSoftmax(settings);
        HardThresholds thresholds = hard.thresholds();
        String engine = engineOption.checkedName();
        if ((list == null) == (folder == null) || list != null && labelsFolder != null) {
            throw new InputException("DynamicsJob: give a folder DIR (with --labels-dir where the labels are kept apart) or --list FILE.csv");
        }
        SparkSession spark = cluster.session("focalscope dynamics");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = jsc.hadoopConfiguration();
        java.util.Map<String, String> outputs = new java.util.LinkedHashMap<>();
        outputs.put("--json", json);
        outputs.put("--csv", csv);
        SparkFiles.checkOutputs(outputs, java.util.Collections.singletonList(list), conf);
        EpochRun run = epochs(conf);
        DynamicsRun.Totals totals = SparkDynamics.run(jsc, run, settings, thresholds, engine, cluster.partitions(jsc));
        var err = spec.commandLine().getErr();
        if (totals.images().isEmpty()) {
            DynamicsNotices.print(err, DynamicsNotices.nothingFollowed(run, totals));
            return 1;
        }
        DynamicsFigures figures = DynamicsFigures.of(run, totals, settings, thresholds,
                "spark " + spark.version() + " (" + engine + " engine on the executors)");
        // as the local command says them: the images not followed, the files skipped, those of another class count
        DynamicsNotices.print(err, DynamicsNotices.of(figures));
        Jobs.write(json, DynamicsJson.format(figures), spec, conf);
        Jobs.write(csv, DynamicsJson.csv(figures), spec, conf);
        err.flush();
        return strict && (!figures.failed().isEmpty() || !figures.incomplete().isEmpty()) ? 1 : 0;
    }

    private EpochRun epochs(Configuration conf) {
        if (list != null) {
            String base = list.contains("/") ? list.substring(0, list.lastIndexOf('/')) : ".";
            return EpochDiscovery.fromListText(list, base, SparkFiles.read(list, conf));
        }
        SparkFiles.Listing files = SparkFiles.folder(folder, conf);
        String labelsUri = labelsFolder;
        String beside = (files.root().endsWith("/") ? files.root() : files.root() + "/") + EpochDiscovery.LABELS_FOLDER + "/";
        if (labelsUri == null && files.files().stream().anyMatch(f -> f.startsWith(beside))) {
            labelsUri = beside.substring(0, beside.length() - 1); // DIR/labels, as the local command takes it
            spec.commandLine().getErr().println("focalscope: labels from " + labelsUri + " (--labels-dir names another folder)");
        }
        SparkFiles.Listing labels = labelsUri == null ? null : SparkFiles.folder(labelsUri, conf);
        List<String> suffixes = Arrays.stream(labelsSuffixes.split(",")).map(String::trim).toList();
        EpochRun run = EpochDiscovery.fromFiles(files.root(), files.files(), labels == null ? null : labels.root(),
                labels == null ? null : labels.files(), logitsSuffix, suffixes);
        List<io.focalscope.dataset.ScanFailure> unreadable = new java.util.ArrayList<>(files.failed());
        if (labels != null) {
            unreadable.addAll(labels.failed());
        }
        return unreadable.isEmpty() ? run : new EpochRun(run.source(), run.epochs(), run.images(), run.incomplete(),
                java.util.stream.Stream.concat(run.failed().stream(), unreadable.stream()).toList());
    }
}
