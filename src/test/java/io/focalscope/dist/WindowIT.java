package io.focalscope.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged launcher opens a real window on the demo under Xvfb (.ci/run installs Xvfb, GTK 3,
 * x11-utils and ImageMagick; without them the test is skipped). Leaves target/window.png behind.
 */
class WindowIT {

    @TempDir
    Path home;

    /** An X server on the display, once a client can reach it. */
    private static Process xvfb(String display) throws Exception {
        Process xvfb = new ProcessBuilder("Xvfb", display, "-screen", "0", "1600x1000x24").redirectErrorStream(true)
                .redirectOutput(new File("/dev/null")).start();
        // ready when a client can reach it (xwininfo answers), not after a fixed wait
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && xvfb.isAlive()
                && new ProcessBuilder("xwininfo", "-display", display, "-root").redirectErrorStream(true)
                .redirectOutput(new File("/dev/null")).start().waitFor() != 0) {
            Thread.sleep(100);
        }
        return xvfb;
    }

    /** Runs a test on an X server of its own ({@link #xvfb}), on a display no other test run uses at the same time. */
    private static void onOwnDisplay(int base, DisplayTest test) throws Exception {
        String display = ":" + (base + (int) (ProcessHandle.current().pid() % 9));
        Process xvfb = xvfb(display);
        try {
            test.run(display);
        } finally {
            xvfb.destroy();
        }
    }

    private interface DisplayTest {
        void run(String display) throws Exception;
    }

    /** {@code bench --window} in the packaged app: the real window, γ moved, every figure reported. */
    @Test
    void benchWindowTimesTheRealWindow() throws Exception {
        assumeTrue(onPath("Xvfb"), "Xvfb is installed");
        onOwnDisplay(80, display -> {
            Path json = home.resolve("bench.json");
            Process bench = launch(display, home.resolve("bench.log"), "bench", "--window", "--height", "256", "--width",
                    "512", "--steps", "20", "--warm-up-steps", "5", "--window-size", "1280x720", "--json", json.toString());
            assertTrue(bench.waitFor(120, TimeUnit.SECONDS), "bench --window ended");
            String log = Files.readString(home.resolve("bench.log"));
            assertEquals(0, bench.exitValue(), log);
            com.google.gson.JsonObject figures = com.google.gson.JsonParser.parseString(Files.readString(json)).getAsJsonObject();
            assertEquals(java.util.List.of("shape", "window", "steps", "openMs", "gammaFrameMsP50", "gammaFrameMsP95",
                    "gammaFrameMsMax", "longestPulseMs", "peakRssMb", "backend"), new java.util.ArrayList<>(figures.keySet()));
            assertEquals("[1,19,256,512]", figures.get("shape").toString());
            assertEquals(20, figures.get("steps").getAsInt());
            assertTrue(figures.get("gammaFrameMsP50").getAsDouble() > 0, figures.toString());
            assertTrue(log.contains("gammaFrameMsP50"), log);
        });
    }

    @Test
    void launcherOpensTheDemoWindow() throws Exception {
        assumeTrue(onPath("Xvfb") && onPath("xwininfo") && onPath("import"), "Xvfb, xwininfo and import are installed");
        onOwnDisplay(90, display -> {
            Process app = null;
            try {
                app = launch(display, home.resolve("app.log"));
                String windows = "";
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < deadline && !windows.contains("focalscope — demo")) {
                    Thread.sleep(500);
                    assertTrue(app.isAlive(), "the app ended early: " + Files.readString(home.resolve("app.log")));
                    windows = run("xwininfo", "-display", display, "-root", "-tree");
                }
                assertTrue(windows.contains("focalscope — demo"), "no focalscope window on the demo:\n" + windows);
                // the first compute draws the map: look until it shows, with a deadline
                Path shot = Path.of("target/window.png").toAbsolutePath();
                Set<Integer> colours = new HashSet<>();
                long drawn = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (colours.size() <= 500 && System.nanoTime() < drawn) {
                    Thread.sleep(250);
                    run("import", "-display", display, "-window", "root", shot.toString());
                    BufferedImage image = ImageIO.read(shot.toFile());
                    colours.clear();
                    for (int y = 0; y < image.getHeight(); y += 3) {
                        for (int x = 0; x < image.getWidth(); x += 3) {
                            colours.add(image.getRGB(x, y));
                        }
                    }
                }
                assertTrue(colours.size() > 500, "the screen shows a drawn map, not a blank window: " + colours.size() + " colours");
                String log = Files.readString(home.resolve("app.log"));
                assertEquals(false, log.contains("Exception"), log);
            } finally {
                if (app != null) {
                    // the launcher's Java, not only its shell: a Java left running outlived the test
                    app.descendants().forEach(ProcessHandle::destroy);
                    app.destroy();
                    app.waitFor(10, TimeUnit.SECONDS);
                }
            }
        });
    }

    /**
     * The window's first start keeps the classes it loaded in an archive under the user's cache as it
     * exits; the next start maps it ({@code -Xshare:on} fails where it cannot) and leaves it as it was.
     */
    @Test
    void theWindowsClassDataArchiveIsWrittenOnceAndMapped() throws Exception {
        assumeTrue(onPath("Xvfb"), "Xvfb is installed");
        onOwnDisplay(70, display -> {
            Path cache = home.resolve(".cache/focalscope");
            String first = startAndQuit(display, "");
            java.util.List<Path> files;
            try (java.util.stream.Stream<Path> list = Files.list(cache)) {
                files = list.toList();
            }
            assertEquals(1, files.size(), "one archive and nothing left over: " + files);
            Path archive = files.get(0);
            assertTrue(archive.getFileName().toString().matches("window-[0-9]+-[0-9]+\\.jsa"), archive.toString());
            java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(archive);
            String second = startAndQuit(display, " -Xshare:on");
            assertEquals(written, Files.getLastModifiedTime(archive), "the archive is used, not written again");
            assertTrue(first.contains("first map drawn") && second.contains("first map drawn"), first + second);
            // the columns come after the map, and the run ends when the whole window is drawn
            assertTrue(first.contains("window complete") && second.contains("window complete"), first + second);
        });
    }

    /**
     * A start whose file cannot be read says so on stderr as well as in the window, and the command
     * fails as the command line's refusal does (here the window closes itself, as a timed start does).
     */
    @Test
    void aRefusedStartIsToldOnStderrAndByTheExitStatus() throws Exception {
        assumeTrue(onPath("Xvfb"), "Xvfb is installed");
        onOwnDisplay(60, display -> {
            Path bad = home.resolve("bad.npy");
            Files.writeString(bad, "not numpy");
            Path log = Files.createTempFile(home, "start", ".log");
            Process app = launch(display, log, java.util.Map.of("FOCALSCOPE_JAVA_OPTS", "-Dfocalscope.startupTime=exit"), "open",
                    "--logits", bad.toString(), "--labels", bad.toString());
            assertTrue(app.waitFor(120, TimeUnit.SECONDS), "the app quit after its refusal");
            String out = Files.readString(log);
            assertEquals(1, app.exitValue(), out);
            assertTrue(out.contains("focalscope: " + bad + ": not a .npy, .npz or PNG file (it starts with bytes 6e 6f 74 20 6e 75"
                    + " 6d 70)\n"), out);
        });
    }

    /** Starts the packaged app on the demo, which quits after its first map; returns its output. */
    private String startAndQuit(String display, String javaOptions) throws Exception {
        Path log = Files.createTempFile(home, "start", ".log");
        Process app = launch(display, log, java.util.Map.of("FOCALSCOPE_JAVA_OPTS", "-Dfocalscope.startupTime=exit" + javaOptions));
        assertTrue(app.waitFor(120, TimeUnit.SECONDS), "the app quit after its first map");
        String out = Files.readString(log);
        Files.delete(log);
        assertEquals(0, app.exitValue(), out);
        return out;
    }

    /**
     * The packaged launcher on a display, with the test's folder as its home (fresh window preferences,
     * class-data archive and cache) and its output in {@code log}.
     */
    private Process launch(String display, Path log, String... args) throws Exception {
        return launch(display, log, java.util.Map.of(), args);
    }

    private Process launch(String display, Path log, java.util.Map<String, String> env, String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(DistributionIT.LAUNCHER.toString()));
        command.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        pb.environment().put("DISPLAY", display);
        pb.environment().put("HOME", home.toString());
        pb.environment().remove("XDG_CACHE_HOME");
        pb.environment().put("FOCALSCOPE_HEAP", "1g");
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
