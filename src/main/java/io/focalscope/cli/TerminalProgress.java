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
    private String unit = "images";
    private final long start = System.nanoTime();
    private long lastDrawn;

    TerminalProgress(PrintWriter err, boolean shown) {
        this.err = err;
        this.shown = shown;
    }

    /**
     * The bar for a command: on the terminal stderr goes to, or nothing. The launcher names that
     * terminal ({@code -Dfocalscope.terminal}), since it passes stderr on through a filter; a JVM
     * started otherwise looks at its own stderr (Java has no isatty; Linux names it under /proc).
     */
    static TerminalProgress forStderr(PrintWriter err) {
        String named = System.getProperty("focalscope.terminal");
        if (named != null) {
            if (!isTerminal(named)) {
                return new TerminalProgress(err, false);
            }
            try {
                return new TerminalProgress(new PrintWriter(new java.io.FileWriter(named, java.nio.charset.StandardCharsets.UTF_8)), true);
            } catch (java.io.IOException e) {
                return new TerminalProgress(err, false);
            }
        }
        try {
            return new TerminalProgress(err, isTerminal(Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString()));
        } catch (Exception e) {
            return new TerminalProgress(err, false);
        }
    }

    /** The same bar counting other things than images ("image epochs", say). */
    TerminalProgress counting(String things) {
        unit = things;
        return this;
    }

    private static boolean isTerminal(String device) {
        return device.startsWith("/dev/pts/") || device.startsWith("/dev/tty");
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
        err.print("\r" + line(done, total, (now - start) / 1e9, unit));
        if (done == total) {
            err.print("\r" + " ".repeat(line(done, total, 0, unit).length() + 8) + "\r");
        }
        err.flush();
    }

    static String line(int done, int total, double seconds) {
        return line(done, total, seconds, "images");
    }

    static String line(int done, int total, double seconds, String unit) {
        int filled = total == 0 ? BAR : (int) ((long) BAR * done / total);
        double rate = seconds > 0 ? done / seconds : 0;
        String left = rate > 0 ? clock((total - done) / rate) + " left" : "";
        return String.format(Locale.ROOT, "[%s%s] %d/%d %s  %.1f/s  %s", "#".repeat(filled), ".".repeat(BAR - filled),
                done, total, unit, rate, left);
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
