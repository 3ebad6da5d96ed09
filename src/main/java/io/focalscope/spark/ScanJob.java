package io.focalscope.spark;

import io.focalscope.dataset.DatasetFigures;
import io.focalscope.dataset.ImageList;
import io.focalscope.dataset.ScanTotals;
import io.focalscope.loss.LossSettings;
import io.focalscope.options.LossOptions;
import io.focalscope.report.ScanCsv;
import io.focalscope.report.ScanJson;
import io.focalscope.report.WeightsText;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code focalscope scan} as a Spark job: {@code spark-submit --class io.focalscope.spark.ScanJob
 * ... DIR --json OUT}, DIR and the outputs Hadoop file-system URIs. It writes the summary with the
 * keys of {@code scan --json}, the dataset's class weights, and the per-image table as Parquet.
 */
@Command(name = "ScanJob", mixinStandardHelpOptions = true, sortOptions = false,
        description = "focalscope scan on Apache Spark: the same options, inputs and outputs as Hadoop URIs.")
public final class ScanJob implements Callable<Integer> {

    @CommandLine.Mixin
    DatasetSources sources;

    @CommandLine.Mixin
    LossOptions loss;

    @CommandLine.Mixin
    io.focalscope.options.DatasetCalibrationOptions calibration;

    @CommandLine.Mixin
    io.focalscope.options.EngineOption engineOption;

    @Option(names = "--json", paramLabel = "OUT|-", description = "The summary, with the keys of scan --json (default: stdout).")
    String json = "-";

    @Option(names = "--csv", paramLabel = "OUT|-", description = "The images, ranked, as CSV (stdout with -, where --json goes to a file).")
    String csv;

    @Option(names = "--parquet", paramLabel = "OUT", description = "The images, ranked, as a Parquet table.")
    String parquet;

    @Option(names = "--weights-out", paramLabel = "OUT", description = "The dataset's class weights, the file --weights FILE reads.")
    String weightsOut;

    @Option(names = "--strict", description = "Exit with 1 if any file failed.")
    boolean strict;

    @CommandLine.Mixin
    ClusterOptions cluster;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(Jobs.run(new ScanJob(), args));
    }

    @Override
    public Integer call() {
        LossSettings settings = loss.settings().withoutAsWritten();
        int calibrationBins = calibration.bins(settings);
        String engine = engineOption.checkedName();
        sources.requireOne("ScanJob");
        SparkSession spark = cluster.session("focalscope scan");
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        var conf = jsc.hadoopConfiguration();
        java.util.Map<String, String> outputs = new java.util.LinkedHashMap<>();
        outputs.put("--json", json);
        outputs.put("--csv", csv);
        outputs.put("--weights-out", weightsOut);
        outputs.put("--parquet", parquet);
        SparkFiles.checkOutputs(outputs, java.util.Collections.singletonList(sources.list), conf);
        ImageList images = sources.images(conf);
        ScanTotals totals = SparkScan.run(jsc, images, settings, engine, cluster.partitions(jsc), calibrationBins);
        var err = spec.commandLine().getErr();
        if (!Jobs.anyRead(totals.failed(), totals.images().size(), images.source(), err)) {
            return 1;
        }
        SparkScan.settleTemperature(jsc, totals, settings, cluster.partitions(jsc)); // a least beyond 5 % of T = 1: the profile's pass
        io.focalscope.calibration.Reliability atTemperature = calibration.afterTemperature()
                ? SparkScan.binsAtTemperature(jsc, totals, settings, cluster.partitions(jsc)) : null;
        DatasetFigures figures = DatasetFigures.of(totals, settings, "spark " + spark.version() + " (" + engine + " engine on the executors)",
                atTemperature);
        figures.warnings().forEach(w -> err.println("focalscope: warning: " + w));
        Jobs.write(json, ScanJson.format(figures), spec, conf);
        Jobs.write(csv, ScanCsv.format(figures), spec, conf);
        if (weightsOut != null) {
            SparkFiles.write(weightsOut, WeightsText.format(figures.classWeights(), String.format(Locale.ROOT,
                    "%s weights of %d classes from the labels of %d images", settings.weights().describe(), figures.classes(),
                    figures.images())), conf);
        }
        if (parquet != null) {
            ImageTable.write(spark, figures, parquet);
        }
        err.flush();
        return strict && !figures.failed().isEmpty() ? 1 : 0;
    }
}
