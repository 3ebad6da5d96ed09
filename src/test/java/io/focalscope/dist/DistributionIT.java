package io.focalscope.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.focalscope.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The packaged app in target/dist, run as a user runs it: its own runtime, from another directory. */
class DistributionIT {

    static final Path DIST = Path.of("target/dist").toAbsolutePath();
    static final Path LAUNCHER = DIST.resolve("bin/focalscope");

    /** A golden case's labels, for the commands that need a file and no logits. */
    private static final Path GOLDEN_LABELS = TestFiles.REFERENCE_CASES.resolve("cityscapes_like_enet/labels.npy").toAbsolutePath();

    @TempDir
    Path elsewhere;

    record Result(int exit, String out, String err) {
    }

    private Result run(String... args) throws IOException, InterruptedException {
        return run(java.util.Map.of(), args);
    }

    private Result run(java.util.Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(elsewhere.toFile());
        pb.environment().put("FOCALSCOPE_HEAP", "1g");
        pb.environment().put("XDG_CACHE_HOME", elsewhere.resolve("cache").toString()); // the class-data archives
        pb.environment().putAll(env);
        // stderr to a file: read after stdout, through a pipe it blocked a command that wrote more to it
        // than the pipe holds (the class loader's trace), and both sides waited for good
        Path err = Files.createTempFile(elsewhere, "stderr", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        int exit = p.waitFor();
        String errors = Files.readString(err, StandardCharsets.UTF_8);
        Files.delete(err); // tests list what a command leaves in this folder
        return new Result(exit, new String(out, StandardCharsets.UTF_8), errors);
    }

    /**
     * Java ends with its launcher: ending the launcher's process (SIGTERM, as a script's timeout does)
     * left its Java computing with no one to wait for it; bench's minute of warm-up holds it here.
     */
    @Test
    void javaEndsWithItsLauncher() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "bench", "--warm-up", "60").directory(elsewhere.toFile())
                .redirectErrorStream(true).redirectOutput(elsewhere.resolve("bench.log").toFile());
        pb.environment().put("FOCALSCOPE_HEAP", "1g");
        pb.environment().put("FOCALSCOPE_CDS", "off"); // a run writing an archive holds a TERM (docs/command-line.md)
        Process launcher = pb.start();
        List<ProcessHandle> itsJava = new ArrayList<>();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (itsJava.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
            launcher.descendants().filter(h -> h.info().command().orElse("").endsWith("/java")).forEach(itsJava::add);
        }
        assertEquals(1, itsJava.size(), "the launcher's Java");
        launcher.destroy();
        assertTrue(launcher.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "the launcher ended");
        assertTrue(itsJava.get(0).onExit().completeOnTimeout(null, 15, java.util.concurrent.TimeUnit.SECONDS).get() != null
                || !itsJava.get(0).isAlive(), "its Java ended too: " + Files.readString(elsewhere.resolve("bench.log")));
        itsJava.get(0).destroyForcibly();
    }

    /**
     * What a run stopped while it wrote its archive left behind (its archive and marker under a
     * temporary name) goes at a later start once an hour old; a fresh one, a run's work in progress, stays.
     */
    @Test
    void leftoversOfAStoppedArchiveRunAreRemovedOnceStale() throws Exception {
        Path cache = elsewhere.resolve("cache/focalscope");
        Files.createDirectories(cache);
        Path stale = Files.writeString(cache.resolve("compute-1-2.jsa.999999.tmp"), "x");
        Path staleMarker = Files.writeString(cache.resolve("compute-1-2.jsa.999999.shown"), "");
        Path fresh = Files.writeString(cache.resolve("compute-1-2.jsa.999998.tmp"), "x");
        java.nio.file.attribute.FileTime twoHoursAgo = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 7_200_000);
        Files.setLastModifiedTime(stale, twoHoursAgo);
        Files.setLastModifiedTime(staleMarker, twoHoursAgo);
        Result r = run("weights", GOLDEN_LABELS.toString(), "--classes", "19");
        assertEquals(0, r.exit(), r.err());
        assertTrue(!Files.exists(stale) && !Files.exists(staleMarker), "the stale leftovers removed");
        assertTrue(Files.exists(fresh), "a fresh one kept");
    }

    /**
     * A command's first run writes its class-data archive as it exits, removing this copy's archives
     * of earlier jars (and any of the name before copies were told apart) for that command only; a
     * later run maps it (with {@code -Xshare:on} Java refuses to start without it) to the same output;
     * stderr stays clean throughout.
     */
    @Test
    void aCommandsClassDataArchiveIsWrittenOnceAndUsed() throws Exception {
        Path cache = elsewhere.resolve("cache/focalscope");
        String labels = GOLDEN_LABELS.toString();
        Result first = run("weights", labels, "--classes", "19");
        assertEquals(0, first.exit(), first.err());
        assertEquals("", first.err());
        List<String> files = names(cache);
        assertEquals(1, files.size(), "one archive and nothing left over: " + files);
        String archive = files.get(0);
        assertTrue(archive.matches("weights-[0-9]+-[0-9]+\\.jsa"), archive);
        String copy = archive.split("-")[1];
        // an archive of this copy's earlier jars, one named before copies were told apart, another copy's, another command's
        for (String other : List.of("weights-" + copy + "-1.jsa", "weights-7.jsa", "weights-1" + copy + "-1.jsa", "window-" + copy + "-1.jsa")) {
            Files.writeString(cache.resolve(other), "");
        }
        Files.delete(cache.resolve(archive));
        Result again = run("weights", labels, "--classes", "19");
        assertEquals(0, again.exit(), again.err());
        assertEquals(List.of(archive, "weights-1" + copy + "-1.jsa", "window-" + copy + "-1.jsa").stream().sorted().toList(), names(cache));
        java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(cache.resolve(archive));
        Result mapped = run(java.util.Map.of("FOCALSCOPE_JAVA_OPTS", "-Xshare:on"), "weights", labels, "--classes", "19");
        assertEquals(0, mapped.exit(), mapped.err());
        assertEquals("", mapped.err());
        assertEquals(first.out(), mapped.out());
        assertEquals(written, Files.getLastModifiedTime(cache.resolve(archive)), "the archive is used, not written again");
        // a small heap: the collector's sizes fit it, and Java prints no warning among the output
        Result small = run(java.util.Map.of("FOCALSCOPE_HEAP", "256m"), "weights", labels, "--classes", "19");
        assertEquals(0, small.exit(), small.err());
        assertEquals(first.out(), small.out());
        assertEquals("", small.err());
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** Both engines in the packaged runtime (the CPU kernel needs its Vector API module there), stderr clean. */
    @ParameterizedTest
    @ValueSource(strings = {"cpu", "nd4j"})
    void computesAGoldenCaseWithItsOwnRuntime(String engine) throws Exception {
        Path dir = TestFiles.REFERENCE_CASES.resolve("cityscapes_like_enet").toAbsolutePath();
        JsonObject expected = TestFiles.json(dir.resolve("expected.json"));
        Result r = run("compute", "--logits", dir.resolve("logits.npy").toString(), "--labels",
                dir.resolve("labels.npy").toString(), "--weights", "enet", "--json", "-", "--engine", engine);
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        assertTrue(JsonParser.parseString(r.out()).getAsJsonObject().get("backend").getAsString().startsWith(engine + " "));
        JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
        double want = expected.getAsJsonObject("loss").get("onehot").getAsDouble();
        assertEquals(want, json.getAsJsonObject("loss").get("nll").getAsDouble(), 2e-5 * want);
        assertEquals(want, json.getAsJsonObject("loss").get("onehot").getAsDouble(), 2e-5 * want);
        assertEquals(expected.get("crossEntropy").getAsDouble(), json.get("crossEntropy").getAsDouble(), 2e-5 * want);
    }

    /** Every term and the gradient map from the packaged app, sigmoid on both engines, against PyTorch's autograd. */
    @ParameterizedTest
    @ValueSource(strings = {"cpu", "nd4j"})
    void aslAndItsGradientMapFromThePackagedApp(String engine) throws Exception {
        Path dir = io.focalscope.TermCases.DIR.resolve("one_vs_rest").toAbsolutePath();
        JsonObject expected = io.focalscope.TermCases.setting("one_vs_rest", "asl");
        Path map = elsewhere.resolve("gradient.npy");
        Result r = run("compute", "--logits", dir.resolve("logits.npy").toString(), "--labels", dir.resolve("labels.npy").toString(),
                "--activation", "sigmoid", "--loss", "asl", "--engine", engine, "--json", "-", "--gradient-map", map.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
        assertTrue(json.get("backend").getAsString().startsWith(engine + " "), json.get("backend").getAsString());
        double want = expected.get("mean").getAsDouble();
        assertEquals(want, json.getAsJsonObject("loss").get("sigmoid").getAsDouble(), 2e-5 * want);
        assertEquals(expected.get("gradientMeanNorm").getAsDouble(), json.getAsJsonObject("gradient").get("meanNorm").getAsDouble(),
                2e-5 * want);
        float[] got = io.focalscope.io.NpyReader.read(map).toFloats();
        float[] ref = io.focalscope.io.NpyReader.read(dir.resolve("asl_gradient.npy")).toFloats();
        for (int p = 0; p < ref.length; p++) {
            assertEquals(ref[p], got[p], 2e-5 * Math.max(1, ref[p]), "pixel " + p);
        }
    }

    /** scan and weights from the packaged app on the generated dataset, against PyTorch's figures. */
    @Test
    void scansTheGeneratedDatasetAndWritesItsWeights() throws Exception {
        Path images = Path.of("src/test/resources/dataset/images").toAbsolutePath();
        JsonObject expected = TestFiles.json(images.getParent().resolve("expected.json"));
        JsonObject enet = expected.getAsJsonArray("scans").get(0).getAsJsonObject();
        Result r = run("scan", images.toString(), "--weights", "enet", "--json", "-");
        assertEquals(0, r.exit(), r.err());
        assertEquals(5, r.err().lines().count(), r.err()); // the five broken files, one line each
        JsonObject json = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(5, json.get("images").getAsInt());
        double want = enet.get("loss").getAsDouble();
        assertEquals(want, json.get("loss").getAsDouble(), 2e-5 * want);
        assertEquals(enet.getAsJsonArray("perImage").get(0).getAsJsonObject().get("name").getAsString(),
                json.getAsJsonArray("perImage").get(0).getAsJsonObject().get("name").getAsString());

        Path weights = elsewhere.resolve("weights.txt");
        Result w = run("weights", images.resolve("alpha.npz").toString(), images.resolve("bravo.npz").toString(),
                images.resolve("delta_labels.npy").toString(), images.resolve("echo_labels.npy").toString(),
                images.resolve("sub").toString(), "--out", weights.toString());
        assertEquals(0, w.exit(), w.err());
        assertEquals("", w.err());
        double[] read = io.focalscope.io.WeightsFile.read(weights);
        JsonArray want5 = expected.getAsJsonObject("labelWeights").getAsJsonObject("weights").getAsJsonArray("enet");
        for (int c = 0; c < 5; c++) {
            assertEquals(want5.get(c).getAsDouble(), read[c], 1e-12);
        }
    }

    /**
     * label-issues from the packaged app: cleanlab's thresholds, flags and qualities (the golden case of
     * LabelIssuesGoldenTest) with the launcher's JIT directive installed, and only the jars it uses
     * opened (the class loader's own trace names each jar as it opens it).
     */
    @Test
    void labelIssuesAreCleanlabsAndOpenOnlyTheJarsTheyUse() throws Exception {
        Path folder = Path.of("src/test/resources/label-issues/plain").toAbsolutePath();
        JsonObject expected = TestFiles.json(folder.resolve("expected.json"));
        Path json = elsewhere.resolve("issues.json");
        Path masks = elsewhere.resolve("masks");
        Result r = run(java.util.Map.of("FOCALSCOPE_JAVA_OPTS", "-XX:+CompilerDirectivesPrint -Dsun.misc.URLClassPath.debug=true"),
                "label-issues", folder.toString(), "--json", json.toString(), "--masks", masks.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.contains("matching:") && l.contains("io/focalscope/labels/LabelIssueSearch.*")),
                "the JIT directive is installed: " + r.err().lines().filter(l -> l.contains("matching:")).toList());
        // Java's line on installing it goes to stderr and is filtered out there: stdout is the JSON alone
        Result plain = run("label-issues", folder.toString(), "--json", "-");
        assertEquals(0, plain.exit(), plain.err());
        assertEquals("", plain.err());
        assertEquals(JsonParser.parseString(Files.readString(json)), JsonParser.parseString(plain.out()));
        List<String> opened = r.err().lines().filter(l -> l.startsWith("Opening ")).map(l -> l.replaceAll(".*/", "")).toList();
        assertEquals(List.of("focalscope", "gson", "picocli"), opened.stream().map(n -> n.replaceAll("-[0-9].*", "")).sorted().toList(),
                "jars opened: " + opened);

        JsonObject report = TestFiles.json(json);
        JsonArray thresholds = expected.getAsJsonArray("thresholds");
        for (int c = 0; c < thresholds.size(); c++) {
            double t = thresholds.get(c).getAsDouble();
            assertEquals(t, report.getAsJsonArray("thresholds").get(c).getAsDouble(), 1e-12 * t, "threshold of class " + c);
        }
        assertEquals(expected.get("flaggedPixels").getAsLong(), report.get("flaggedPixels").getAsLong());
        for (var image : report.getAsJsonArray("perImage")) {
            String name = image.getAsJsonObject().get("name").getAsString();
            double q = expected.getAsJsonObject("quality").get(name).getAsDouble();
            assertEquals(q, image.getAsJsonObject().get("quality").getAsDouble(), 1e-12 * q, name);
            assertTrue(java.util.Arrays.equals(io.focalscope.io.NpyReader.read(folder.resolve(name + "_expected_issues.npy")).toInts(),
                    io.focalscope.io.NpyReader.read(masks.resolve(name + "_issues.npy")).toInts()), name + "'s mask");
        }
    }

    /** The cluster supplies Spark: the desktop app ships no Spark jar (nor Scala's, nor Hadoop's). */
    @Test
    void theDesktopAppShipsNoSparkJar() throws Exception {
        try (Stream<Path> jars = Files.list(DIST.resolve("lib"))) {
            List<String> cluster = jars.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("spark-") || n.startsWith("scala-library") || n.startsWith("hadoop-")).toList();
            assertEquals(List.of(), cluster);
        }
    }

    @Test
    void badInputIsOneLineAndExitOne() throws Exception {
        Result r = run("compute", "--logits", "missing.npy", "--labels", "missing.npy");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals("focalscope: missing.npy: no such file\n", r.err());
    }

    /** A closed stdout (">&-"): --json FILE still writes its file; --json -, which has nowhere to go, says so. */
    @Test
    void aClosedStdoutFailsOnlyWhatWasToBeWrittenThere() throws Exception {
        Path images = Path.of("src/test/resources/dataset/images").toAbsolutePath();
        Path json = elsewhere.resolve("figures.json");
        String[] inputs = {"--logits", images.resolve("delta_logits.npy").toString(), "--labels", images.resolve("delta_labels.npy").toString()};
        List<String> toFile = new ArrayList<>(List.of("sh", "-c", "exec \"$0\" \"$@\" >&-", LAUNCHER.toString(), "compute"));
        toFile.addAll(List.of(inputs));
        toFile.addAll(List.of("--json", json.toString()));
        Process p = new ProcessBuilder(toFile).directory(elsewhere.toFile()).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        assertEquals("", err);
        assertTrue(Files.readString(json).contains("\"loss\""));

        List<String> toStdout = new ArrayList<>(toFile.subList(0, toFile.size() - 2));
        toStdout.addAll(List.of("--json", "-"));
        Process q = new ProcessBuilder(toStdout).directory(elsewhere.toFile()).start();
        String qerr = new String(q.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, q.waitFor(), qerr);
        assertEquals("focalscope: cannot write the JSON to the standard output: it is closed\n", qerr);
    }

    @Test
    void infoNamesTheBackend() throws Exception {
        Result r = run("info");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("backend    CPU (cpu build)\n"), r.out());
        assertTrue(r.out().contains("engine     cpu kernel on CPU (Java Vector API, "), r.out());
    }

    /**
     * Runs that did no work leave no class-data archive: commands that keep none, a window command's
     * help and refusal, and a computing command's help, refusal and failure.
     */
    @Test
    void noClassDataArchiveWithoutWork() throws Exception {
        String labels = GOLDEN_LABELS.toString();
        assertEquals(0, run("info").exit());
        assertEquals(0, run("bench", "--help").exit());
        assertEquals(0, run("open", "--help").exit());
        run("open", "--logits", "missing.npy", "--labels", "x.npy");
        assertEquals(0, run("weights", "--help").exit());
        assertEquals(2, run("weights", "--classes", "two", labels).exit());
        assertEquals(1, run("weights", elsewhere.resolve("missing.npy").toString()).exit());
        Path cache = elsewhere.resolve("cache/focalscope");
        assertTrue(!Files.exists(cache) || names(cache).isEmpty(), "nothing kept");
    }

    @Test
    void shipsOnlyTheHostsNativesAndStaysSmall() throws IOException {
        try (Stream<Path> jars = Files.list(DIST.resolve("lib"))) {
            List<String> foreign = jars.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches(".*-(android|macosx|windows|ios|linux-(arm|ppc)).*")).toList();
            assertEquals(List.of(), foreign, "natives of other platforms");
        }
        long bytes;
        try (Stream<Path> all = Files.walk(DIST)) {
            bytes = all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertTrue(bytes < 300L * 1024 * 1024, "target/dist is " + bytes / (1024 * 1024) + " MiB");
    }
}
