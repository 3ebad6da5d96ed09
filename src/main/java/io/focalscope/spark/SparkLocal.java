package io.focalscope.spark;

import java.util.Arrays;

/**
 * tools/spark-local: a job on Spark in local mode ({@code local[*]}) with the jars Maven resolved,
 * no Spark install: {@code scan ARGS...} or {@code weights ARGS...}.
 */
public final class SparkLocal {

    private SparkLocal() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || !(args[0].equals("scan") || args[0].equals("weights"))) {
            System.err.println("usage: tools/spark-local scan|weights ARGS...   (the options of focalscope scan and weights)");
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        boolean hasMaster = Arrays.asList(rest).contains("--master");
        String[] withMaster = hasMaster ? rest : concat(rest, "--master", "local[*]");
        System.exit(Jobs.run(args[0].equals("scan") ? new ScanJob() : new WeightsJob(), withMaster));
    }

    private static String[] concat(String[] a, String... more) {
        String[] out = Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
}
