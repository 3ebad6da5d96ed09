package io.focalscope.spark;

import io.focalscope.dataset.LabelCounts;
import io.focalscope.dataset.ScanFailure;
import io.focalscope.io.BatchLoader;
import io.focalscope.io.InputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code focalscope weights} as a Spark job: class weights from the label histogram of label maps
 * on a cluster's storage, each file decoded on an executor and the histograms summed.
 */
@Command(name = "WeightsJob", mixinStandardHelpOptions = true, sortOptions = false,
        description = "focalscope weights on Apache Spark: the same options, inputs and outputs as Hadoop URIs.")
public final class WeightsJob implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "LABELS", description = "Label files, folders (searched recursively) or globs (URIs).")
    List<String> labels;

    @CommandLine.Mixin
    io.focalscope.options.WeightsOptions options;

    @Option(names = "--out", paramLabel = "weights.txt", description = "The weights, one per line (URI).")
    String out;

    @Option(names = "--json", paramLabel = "OUT|-", description = "The summary, with the keys of weights --json.")
    String json;

    @CommandLine.Mixin
    ClusterOptions cluster;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One file's histogram, or why it has none. */
    record Counted(String file, long[] histogram, String error) implements Serializable {
    }

    public static void main(String[] args) {
        System.exit(Jobs.run(new WeightsJob(), args));
    }

    @Override
    public Integer call() {
        io.focalscope.options.WeightsOptions.Checked o = options.check();
        Integer c = o.classes();
        Integer ignore = o.ignoreIndex();
        SparkSession spark = cluster.session("focalscope weights");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        var conf = jsc.hadoopConfiguration();
        java.util.Map<String, String> outputs = new java.util.LinkedHashMap<>();
        outputs.put("--out", out);
        outputs.put("--json", json);
        SparkFiles.checkOutputs(outputs, labels, conf);
        List<String> missing = new ArrayList<>();
        List<ScanFailure> failed = new ArrayList<>();
        List<String> files = SparkFiles.labelFiles(labels, conf, missing, failed);
        missing.forEach(m -> failed.add(new ScanFailure(m, m + ": no file matches")));
        List<String> read = new ArrayList<>();
        List<long[]> histograms = new ArrayList<>();
        if (!files.isEmpty()) {
            int parts = cluster.partitions(jsc);
            SparkFiles.Reader reader = new SparkFiles.Reader(conf);
            List<Counted> counted = jsc.parallelize(files, Math.min(parts, files.size())).map(f -> {
                try {
                    return new Counted(f, LabelCounts.histogram(BatchLoader.loadLabels(f, reader.read(f)), c, ignore), null);
                } catch (InputException e) {
                    return new Counted(f, null, e.getMessage());
                }
            }).collect();
            for (Counted x : counted.stream().sorted(java.util.Comparator.comparing(Counted::file)).toList()) {
                if (x.histogram() != null) {
                    read.add(x.file());
                    histograms.add(x.histogram());
                } else {
                    failed.add(new ScanFailure(x.file(), x.error()));
                }
            }
        }
        LabelCounts counts = LabelCounts.of(read, histograms, c, failed);
        var err = spec.commandLine().getErr();
        io.focalscope.report.WeightsReport report = io.focalscope.report.WeightsReport.of(counts, o.scheme(), c != null, err);
        if (report == null) {
            return 1;
        }
        if (out != null) {
            SparkFiles.write(out, report.weightsFile(), conf);
        }
        if ("-".equals(json)) {
            spec.commandLine().getOut().print(report.json());
            spec.commandLine().getOut().flush();
        } else if (json != null) {
            SparkFiles.write(json, report.json(), conf);
        }
        err.flush();
        return 0;
    }
}
