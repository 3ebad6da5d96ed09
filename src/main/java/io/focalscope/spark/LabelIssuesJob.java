package io.focalscope.spark;

import io.focalscope.dataset.ImageList;
import io.focalscope.dataset.ScanFailure;
import io.focalscope.labels.LabelIssueReport;
import io.focalscope.labels.LabelIssueSearch;
import io.focalscope.options.LossOptions;
import io.focalscope.report.LabelIssuesJson;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code focalscope label-issues} as a Spark job: {@code spark-submit --class
 * io.focalscope.spark.LabelIssuesJob ... DIR --json OUT}, DIR and the outputs Hadoop file-system
 * URIs. The same search ({@link LabelIssueSearch}), its passes as stages ({@link SparkPasses}),
 * and the same JSON keys.
 */
@Command(name = "LabelIssuesJob", mixinStandardHelpOptions = true, sortOptions = false,
        description = "focalscope label-issues on Apache Spark: the same options, inputs and outputs as Hadoop URIs.")
public final class LabelIssuesJob implements Callable<Integer> {

    @CommandLine.Mixin
    DatasetSources sources;

    @Option(names = "--temperature", defaultValue = "0.1", paramLabel = "T", description = "Temperature of an image's softmin quality.")
    double temperature;

    @Option(names = "--max-regions", defaultValue = "50", paramLabel = "N", description = "Regions listed per image, the costliest.")
    int maxRegions;

    @Option(names = "--downsample", defaultValue = "1", paramLabel = "F",
            description = "Search blocks of F x F pixels (mean probabilities, the majority label), then flag their pixels"
                    + " predicted as another class, as cleanlab's downsample (default: ${DEFAULT-VALUE}).")
    int downsample;

    @CommandLine.Mixin
    LossOptions loss;

    @Option(names = "--json", paramLabel = "OUT|-", description = "The findings, with the keys of label-issues --json (default: stdout).")
    String json = "-";

    @Option(names = "--csv", paramLabel = "OUT", description = "The images, worst quality first, as CSV.")
    String csv;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions of the images (default: Spark's parallelism).")
    Integer partitions;

    @Option(names = "--strict", description = "Exit with 1 if any file failed.")
    boolean strict;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master, where spark-submit does not set one.")
    String master;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(Jobs.run(new LabelIssuesJob(), args));
    }

    @Override
    public Integer call() {
        LabelIssueSearch.Options options = new LabelIssueSearch.Options(loss.settings().withoutAsWritten(), temperature, 1, maxRegions, downsample);
        sources.requireOne("LabelIssuesJob");
        SparkSession spark = Jobs.session("focalscope label-issues", master);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        var conf = jsc.hadoopConfiguration();
        java.util.Map<String, String> outputs = new java.util.LinkedHashMap<>();
        outputs.put("--json", json);
        outputs.put("--csv", csv);
        SparkFiles.checkOutputs(outputs, java.util.Collections.singletonList(sources.list), conf);
        ImageList images = sources.images(conf);
        int parts = partitions != null ? partitions : Math.max(1, jsc.defaultParallelism());
        LabelIssueReport report = LabelIssueSearch.run(images, options,
                new SparkPasses(jsc, images.images(), options.ignoreIndex(), options.downsample(), parts));
        var err = spec.commandLine().getErr();
        for (ScanFailure f : report.failed()) {
            err.println("focalscope: skipped " + f.error());
        }
        if (report.images() == 0) {
            err.println("focalscope: no image of " + images.source() + " could be read");
            err.flush();
            return 1;
        }
        String text = LabelIssuesJson.format(report);
        if ("-".equals(json)) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            SparkFiles.write(json, text, conf);
        }
        if (csv != null) {
            SparkFiles.write(csv, LabelIssuesJson.csv(report), conf);
        }
        err.flush();
        return strict && !report.failed().isEmpty() ? 1 : 0;
    }
}
