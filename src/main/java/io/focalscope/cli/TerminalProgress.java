package io.focalscope.cli;

import io.focalscope.dataset.DatasetScan;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A progress bar on stderr, {@code [#######.......]  12/40 images  3.1/s  0:09 left}, redrawn at
 * most ten times a second, only where stderr is a terminal (a log file or a pipe gets nothing).
 */
final class TerminalProgress implements DatasetScan.Progress {

    private static final int BAR = 30;

    private final PrintWriter err;
    private final boolean shown;
    private final long start = System.nanoTime();
    private long lastDrawn;

    TerminalProgress(PrintWriter err, boolean shown) {
        this.err = err;
        this.shown = shown;
    }

    /** Whether this process's stderr is a terminal (Java has no isatty; Linux names it under /proc). */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public synchronized void imageDone(int done, int total) {
        if (!shown) {
            return;
        }
        long now = System.nanoTime();
        if (done < total && now - lastDrawn < 100_000_000L) {
            return;
        }
        lastDrawn = now;
        err.print("\r" + line(done, total, (now - start) / 1e9));
        if (done == total) {
            err.print("\r" + " ".repeat(line(done, total, 0).length() + 8) + "\r");
        }
        err.flush();
    }

    static String line(int done, int total, double seconds) {
        int filled = total == 0 ? BAR : (int) ((long) BAR * done / total);
        double rate = seconds > 0 ? done / seconds : 0;
        String left = rate > 0 ? clock((total - done) / rate) + " left" : "";
        return String.format(Locale.ROOT, "[%s%s] %d/%d images  %.1f/s  %s", "#".repeat(filled), ".".repeat(BAR - filled),
                done, total, rate, left);
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
