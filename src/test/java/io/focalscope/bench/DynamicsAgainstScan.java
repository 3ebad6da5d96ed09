package io.focalscope.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Issue 23's target measured the way this machine's noise allows: the scan of an image and the
 * dynamics of its epochs ({@link DynamicsBenchmark}'s two steps) alternated in one JVM, each timed by
 * the thread's CPU time, so that a slow stretch of the machine falls on both alike, and by the wall
 * clock (the CPU time leaves out the labels' check, which runs on the common pool: once an image for
 * the scan, once a run for the dynamics). Prints the medians and the ratios' quartiles. {@code java ... io.focalscope.bench.DynamicsAgainstScan [rounds]}
 */
public final class DynamicsAgainstScan {

    private DynamicsAgainstScan() {
    }

    public static void main(String[] args) throws IOException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        DynamicsBenchmark b = new DynamicsBenchmark();
        b.shape = "19x512x1024";
        b.engine = "cpu";
        b.setUp();
        try {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long warm = System.nanoTime() + 8_000_000_000L; // until the JIT has compiled both
            while (System.nanoTime() < warm) {
                b.scanImage();
                b.dynamicsEpoch();
            }
            double[] scan = new double[rounds];
            double[] epoch = new double[rounds];
            double[] ratio = new double[rounds];
            double[] wallRatio = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                long w0 = System.nanoTime();
                long t0 = threads.getCurrentThreadCpuTime();
                b.scanImage();
                long t1 = threads.getCurrentThreadCpuTime();
                long w1 = System.nanoTime();
                b.dynamicsEpoch();
                long t2 = threads.getCurrentThreadCpuTime();
                long w2 = System.nanoTime();
                scan[i] = (t1 - t0) / 1e6;
                epoch[i] = (t2 - t1) / 1e6 / DynamicsBenchmark.EPOCHS;
                ratio[i] = epoch[i] / scan[i];
                wallRatio[i] = (w2 - w1) / (double) DynamicsBenchmark.EPOCHS / (w1 - w0);
            }
            Arrays.sort(scan);
            Arrays.sort(epoch);
            Arrays.sort(ratio);
            Arrays.sort(wallRatio);
            System.out.printf(Locale.ROOT, "CPU time: scan %.1f ms, epoch %.1f ms (medians of %d); epoch / scan %.3f (quartiles %.3f,"
                    + " %.3f); wall clock: epoch / scan %.3f (quartiles %.3f, %.3f)%n", scan[rounds / 2], epoch[rounds / 2], rounds,
                    ratio[rounds / 2], ratio[rounds / 4], ratio[3 * rounds / 4], wallRatio[rounds / 2], wallRatio[rounds / 4],
                    wallRatio[3 * rounds / 4]);
        } finally {
            b.tearDown();
        }
    }
}
