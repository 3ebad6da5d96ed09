package io.focalscope.spark;

import io.focalscope.dataset.ImageList;
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

    @CommandLine.Mixin
    io.focalscope.options.LabelIssueOptions search;

    @CommandLine.Mixin
    LossOptions loss;

    @Option(names = "--json", paramLabel = "OUT|-", description = "The findings, with the keys of label-issues --json (default: stdout).")
    String json = "-";

    @Option(names = "--csv", paramLabel = "OUT|-", description = "The images, worst quality first, as CSV (stdout with -, where --json goes to a file).")
    String csv;

    @Option(names = "--masks", paramLabel = "DIR", description = "Write NAME_issues.npy per image, uint8 [H,W] ([N,H,W] for a batch of N > 1),"
            + " 1 where flagged, from the executors.")
    String masks;

    @Option(names = "--strict", description = "Exit with 1 if any file failed.")
    boolean strict;

    @CommandLine.Mixin
    ClusterOptions cluster;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(Jobs.run(new LabelIssuesJob(), args));
    }

    @Override
    public Integer call() {
        LabelIssueSearch.Options options = search.options(loss.settings().withoutAsWritten(), 1);
        sources.requireOne("LabelIssuesJob");
        SparkSession spark = cluster.session("focalscope label-issues");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        var conf = jsc.hadoopConfiguration();
        java.util.Map<String, String> outputs = new java.util.LinkedHashMap<>();
        outputs.put("--json", json);
        outputs.put("--csv", csv);
        SparkFiles.checkOutputs(outputs, java.util.Collections.singletonList(sources.list), conf);
        ImageList images = sources.images(conf);
        if (masks != null) {
            LabelIssueSearch.Masks.requireOneFileEach(images.images()); // before the folder is made
        }
        SparkMasks maskFolder = masks == null ? null : SparkMasks.into(masks, conf);
        LabelIssueReport report = LabelIssueSearch.run(images, options,
                new SparkPasses(jsc, images.images(), options.ignoreIndex(), options.downsample(), cluster.partitions(jsc)), maskFolder);
        var err = spec.commandLine().getErr();
        if (!Jobs.anyRead(report.failed(), report.images(), images.source(), err)) {
            return 1;
        }
        Jobs.write(json, LabelIssuesJson.format(report), spec, conf);
        Jobs.write(csv, LabelIssuesJson.csv(report), spec, conf);
        err.flush();
        return strict && !report.failed().isEmpty() ? 1 : 0;
    }
}
