package io.focalscope.spark;

import java.util.Arrays;

/**
 * tools/spark-local: a job on Spark in local mode ({@code local[*]}) with the jars Maven resolved,
 * no Spark install: {@code scan ARGS...}, {@code weights ARGS...} or {@code label-issues ARGS...}.
 */
public final class SparkLocal {

    private SparkLocal() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || !(args[0].equals("scan") || args[0].equals("weights") || args[0].equals("label-issues"))) {
            System.err.println("usage: tools/spark-local scan|weights|label-issues ARGS...   (the options of the focalscope commands)");
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        boolean hasMaster = Arrays.asList(rest).contains("--master");
        String[] withMaster = hasMaster ? rest : concat(rest, "--master", "local[*]");
        Object job = switch (args[0]) {
            case "scan" -> new ScanJob();
            case "weights" -> new WeightsJob();
            default -> new LabelIssuesJob();
        };
        System.exit(Jobs.run(job, withMaster));
    }

    private static String[] concat(String[] a, String... more) {
        String[] out = Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
}
