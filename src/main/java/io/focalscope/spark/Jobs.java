package io.focalscope.spark;

import io.focalscope.io.InputException;
import java.io.PrintWriter;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;

/** What the jobs share: a command line that ends bad input in one line, the Spark session, and how a dataset job reports. */
final class Jobs {

    private Jobs() {
    }

    /** Runs a job's command line; bad input is one line on stderr and exit code 1. */
    static int run(Object job, String[] args) {
        return run(job, args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    static int run(Object job, String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(job);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof InputException) {
                cmd.getErr().println("focalscope: " + e.getMessage());
                cmd.getErr().flush();
                return 1;
            }
            throw e;
        });
        int exit = cli.execute(args);
        out.flush();
        if (exit == 0 && out.checkError()) {
            // PrintWriter keeps write errors to itself: the summary would be cut short with exit 0
            err.println("focalscope: the standard output took only part of the summary (a full disk, or a pipe whose reader"
                    + " stopped reading)");
            err.flush();
            return 1;
        }
        return exit;
    }

    /** The session spark-submit made, or one on {@code master} where none is running (tools/spark-local). */
    static SparkSession session(String name, String master) {
        SparkSession.Builder b = SparkSession.builder().appName(name);
        if (master != null) {
            b.master(master).config("spark.ui.enabled", "false");
        }
        return b.getOrCreate();
    }

    /** Names each skipped file; false, after saying so, where no image of the source could be read. */
    static boolean anyRead(java.util.List<io.focalscope.dataset.ScanFailure> failed, int read, String source, PrintWriter err) {
        for (io.focalscope.dataset.ScanFailure f : failed) {
            err.println("focalscope: skipped " + f.error());
        }
        if (read == 0) {
            err.println("focalscope: no image of " + source + " could be read");
            err.flush();
        }
        return read > 0;
    }

    /** A job's JSON or CSV: to stdout for "-", nowhere for null (not asked), else to the URI. */
    static void write(String target, String text, CommandLine.Model.CommandSpec spec, org.apache.hadoop.conf.Configuration conf) {
        if (target == null) {
            return;
        }
        if ("-".equals(target)) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            SparkFiles.write(target, text, conf);
        }
    }
}
