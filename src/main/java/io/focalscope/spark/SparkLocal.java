package io.focalscope.spark;

import java.util.Arrays;
import java.util.List;

/**
 * tools/spark-local: a job on Spark in local mode ({@code local[*]}) with the jars Maven resolved,
 * no Spark install: {@code scan ARGS...}, {@code weights ARGS...}, {@code label-issues ARGS...} or {@code dynamics ARGS...}.
 */
public final class SparkLocal {

    private SparkLocal() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || !List.of("scan", "weights", "label-issues", "dynamics").contains(args[0])) {
            System.err.println("usage: tools/spark-local scan|weights|label-issues|dynamics ARGS...   (the options of the focalscope commands)");
            System.exit(2);
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        boolean hasMaster = Arrays.asList(rest).contains("--master");
        String[] withMaster = hasMaster ? rest : concat(rest, "--master", "local[*]");
        Object job = switch (args[0]) {
            case "scan" -> new ScanJob();
            case "weights" -> new WeightsJob();
            case "dynamics" -> new DynamicsJob();
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
