package io.focalscope.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** What every job asks of the cluster: how many partitions, and which master where spark-submit sets none. */
final class ClusterOptions {

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions of the inputs (default: Spark's parallelism).")
    Integer partitions;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master, where spark-submit does not set one.")
    String master;

    SparkSession session(String appName) {
        return Jobs.session(appName, master);
    }

    /** The partitions asked for, or Spark's default parallelism (at least 1). */
    int partitions(JavaSparkContext jsc) {
        return partitions != null ? partitions : Math.max(1, jsc.defaultParallelism());
    }
}
