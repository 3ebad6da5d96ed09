package io.focalscope.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.focalscope.cli.FocalscopeCli;
import io.focalscope.dataset.FolderWalk;
import io.focalscope.dataset.ScanFailure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark jobs on Spark local[2] over the generated dataset (with its broken files), against the
 * local scan and weights commands on the same files.
 */
class SparkJobsTest {

    static final Path IMAGES = Path.of("src/test/resources/dataset/images").toAbsolutePath();
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("focalscope test").config("spark.ui.enabled", "false")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static JsonObject run(Object job, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Jobs.run(job, args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, exit, err.toString());
        return JsonParser.parseString(out.toString()).getAsJsonObject();
    }

    static JsonObject local(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, FocalscopeCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true)), err.toString());
        return JsonParser.parseString(out.toString()).getAsJsonObject();
    }

    static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-6 * Math.abs(expected), what);
    }

    @Test
    void theScanJobsSummaryIsTheLocalScansWhateverThePartitioning(@TempDir Path dir) {
        JsonObject local = local("scan", IMAGES.toString(), "--weights", "enet", "--json", "-");
        for (String partitions : List.of("1", "3")) {
            Path parquet = dir.resolve("images-" + partitions + ".parquet");
            JsonObject job = run(new ScanJob(), IMAGES.toString(), "--weights", "enet", "--partitions", partitions,
                    "--parquet", parquet.toString());
            assertEquals(new ArrayList<>(local.keySet()), new ArrayList<>(job.keySet()), "the keys of scan --json");
            for (String key : List.of("images", "classes", "pixels", "ignored", "gamma")) {
                assertEquals(local.get(key), job.get(key), key);
            }
            assertEquals(local.get("counts"), job.get("counts"));
            close(local.get("loss").getAsDouble(), job.get("loss").getAsDouble(), "loss");
            close(local.get("crossEntropy").getAsDouble(), job.get("crossEntropy").getAsDouble(), "cross-entropy");
            for (int c = 0; c < 5; c++) {
                close(local.getAsJsonArray("classWeights").get(c).getAsDouble(),
                        job.getAsJsonArray("classWeights").get(c).getAsDouble(), "weight " + c);
            }
            JsonArray a = local.getAsJsonArray("perImage");
            JsonArray b = job.getAsJsonArray("perImage");
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                JsonObject x = a.get(i).getAsJsonObject();
                JsonObject y = b.get(i).getAsJsonObject();
                assertEquals(x.get("name"), y.get("name"), "rank " + (i + 1));
                close(x.get("meanFocal").getAsDouble(), y.get("meanFocal").getAsDouble(), x.get("name") + " meanFocal");
                assertEquals(x.get("worstClass"), y.get("worstClass"));
            }
            for (int i = 0; i < 21; i++) {
                close(local.getAsJsonArray("lossVsGamma").get(i).getAsJsonObject().get("loss").getAsDouble(),
                        job.getAsJsonArray("lossVsGamma").get(i).getAsJsonObject().get("loss").getAsDouble(), "curve " + i);
            }
            assertEquals(fileNames(local.getAsJsonArray("failed")), fileNames(job.getAsJsonArray("failed")));
            // the per-image table, for whoever analyses it further
            var rows = spark.read().parquet(parquet.toString()).orderBy("rank").collectAsList();
            assertEquals(5, rows.size());
            assertEquals("echo", rows.get(0).getAs("name"));
            // the desktop reads the job's summary back as it reads a local scan's
            var figures = io.focalscope.report.ScanSummaryReader.read("summary.json", job.toString());
            close(local.get("loss").getAsDouble(), figures.loss(), "the summary read back");
            String logits = figures.perImage().get(0).files().logits();
            assertEquals(true, Files.isRegularFile(Path.of(java.net.URI.create(logits))), logits);
        }
    }

    /** Each term through the job as through the local scan: the same figures, the same curve, read back alike. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"--loss poly1 --epsilon 2 --weights enet",
            "--loss flsd53 --weights inverse", "--loss asl --activation sigmoid --gamma-neg 3 --clip 0.1"})
    void everyTermRunsInTheJobAsInTheLocalScan(String options) {
        String[] o = options.split(" ");
        JsonObject local = local(Stream.concat(Stream.of("scan", IMAGES.toString(), "--json", "-"), Stream.of(o)).toArray(String[]::new));
        JsonObject job = run(new ScanJob(), Stream.concat(Stream.of(IMAGES.toString(), "--partitions", "2"), Stream.of(o))
                .toArray(String[]::new));
        assertEquals(new ArrayList<>(local.keySet()), new ArrayList<>(job.keySet()));
        assertEquals(local.get("lossTerm"), job.get("lossTerm"));
        assertEquals(local.get("gamma"), job.get("gamma"));
        close(local.get("loss").getAsDouble(), job.get("loss").getAsDouble(), "loss");
        JsonArray a = local.getAsJsonArray("lossVsGamma");
        JsonArray b = job.getAsJsonArray("lossVsGamma");
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).getAsJsonObject().get("gamma"), b.get(i).getAsJsonObject().get("gamma"));
            close(a.get(i).getAsJsonObject().get("loss").getAsDouble(), b.get(i).getAsJsonObject().get("loss").getAsDouble(),
                    "curve " + i);
        }
        var figures = io.focalscope.report.ScanSummaryReader.read("summary.json", job.toString());
        assertEquals(local.getAsJsonObject("lossTerm").get("name").getAsString(), figures.settings().term().name());
        close(local.get("loss").getAsDouble(), figures.loss(), "the summary read back");
    }

    @Test
    void theScanJobPairsALogitsFolderWithALabelsFolderAsTheLocalScan(@TempDir Path dir) throws Exception {
        Path d1 = dir.resolve("D1");
        Path d2 = dir.resolve("D2");
        Files.createDirectories(d1);
        Files.createDirectories(d2);
        for (String image : List.of("delta", "echo")) {
            Files.copy(IMAGES.resolve(image + "_logits.npy"), d1.resolve(image + ".npy"));
            Files.copy(IMAGES.resolve(image + "_labels.npy"), d2.resolve(image + ".npy"));
        }
        Files.copy(IMAGES.resolve("sub/charlie_logits.npy"), d1.resolve("charlie.npy"));
        Files.copy(IMAGES.resolve("sub/charlie_labels.png"), d2.resolve("charlie.png"));
        Files.copy(IMAGES.resolve("hotel_labels.npy"), d2.resolve("hotel.npy"));
        JsonObject local = local("scan", "--logits-dir", d1.toString(), "--labels-dir", d2.toString(), "--weights", "enet", "--json", "-");
        JsonObject job = run(new ScanJob(), "--logits-dir", d1.toString(), "--labels-dir", d2.toString(), "--weights", "enet",
                "--partitions", "2");
        assertEquals(3, job.get("images").getAsInt());
        assertEquals(local.get("counts"), job.get("counts"));
        close(local.get("loss").getAsDouble(), job.get("loss").getAsDouble(), "loss");
        assertEquals(local.getAsJsonArray("perImage").asList().stream().map(r -> r.getAsJsonObject().get("name")).toList(),
                job.getAsJsonArray("perImage").asList().stream().map(r -> r.getAsJsonObject().get("name")).toList());
        // the job names the files by the URIs it lists them by
        String hotel = d2.resolve("hotel.npy").toUri().getPath();
        assertEquals(List.of("file:" + hotel + ": no logits named hotel.* in file:" + d1.toUri().getPath().replaceAll("/$", "")),
                job.getAsJsonArray("failed").asList().stream().map(f -> f.getAsJsonObject().get("error").getAsString()).toList());
    }

    @Test
    void theWeightsJobGivesTheLocalWeights(@TempDir Path dir) throws Exception {
        String[] files = Stream.of("alpha.npz", "bravo.npz", "delta_labels.npy", "echo_labels.npy", "sub")
                .map(f -> IMAGES.resolve(f).toString()).toArray(String[]::new);
        Path out = dir.resolve("weights.txt");
        JsonObject local = local(Stream.concat(Stream.of("weights"), Stream.concat(Stream.of(files),
                Stream.of("--scheme", "median", "--json", "-"))).toArray(String[]::new));
        JsonObject job = run(new WeightsJob(), Stream.concat(Stream.of(files),
                Stream.of("--scheme", "median", "--json", "-", "--out", out.toString())).toArray(String[]::new));
        assertEquals(new ArrayList<>(local.keySet()), new ArrayList<>(job.keySet()));
        assertEquals(local.get("images"), job.get("images"));
        assertEquals(local.get("counts"), job.get("counts"));
        double[] want = doubles(local.getAsJsonArray("classWeights"));
        assertArrayEquals(want, doubles(job.getAsJsonArray("classWeights")), 1e-12);
        assertArrayEquals(want, io.focalscope.io.WeightsFile.read(out), 1e-12);
        assertEquals(5, Files.readAllLines(out).size() - 1);
    }

    /** The job's --engine is the commands' option, its name checked on the driver before any work. */
    @Test
    void anEngineNoneKnowsEndsTheJobInOneLine() {
        StringWriter err = new StringWriter();
        int exit = Jobs.run(new ScanJob(), new String[] {IMAGES.toString(), "--engine", "gpu"}, new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertEquals(1, exit);
        assertEquals("focalscope: engine: 'gpu' is none of auto, cpu, nd4j\n", err.toString());
    }

    /** The job warns as the command does (it used to drop the weights' warnings). */
    @Test
    void theWeightsJobWarnsAsTheCommandDoes() {
        // effective-number weights with β = 0.5 over pixel counts come out uniform, and say so
        String[] args = {IMAGES.resolve("delta_labels.npy").toString(), "--scheme", "effective", "--beta", "0.5", "--json", "-"};
        StringWriter localErr = new StringWriter();
        assertEquals(0, FocalscopeCli.run(Stream.concat(Stream.of("weights"), Stream.of(args)).toArray(String[]::new),
                new PrintWriter(new StringWriter(), true), new PrintWriter(localErr, true)), localErr.toString());
        StringWriter jobErr = new StringWriter();
        assertEquals(0, Jobs.run(new WeightsJob(), args, new PrintWriter(new StringWriter(), true), new PrintWriter(jobErr, true)),
                jobErr.toString());
        List<String> warnings = localErr.toString().lines().filter(l -> l.startsWith("focalscope: warning: ")).toList();
        assertTrue(!warnings.isEmpty(), "the command warns: " + localErr);
        assertEquals(warnings, jobErr.toString().lines().filter(l -> l.startsWith("focalscope: warning: ")).toList());
    }

    /**
     * Names that Spark's comma-separated globs misread (',' splits, '[ ]' and '{ }' match other
     * files, ':' looks like a scheme) are read by name: the job's loss is the local scan's.
     */
    @Test
    void namesWithCommasColonsAndBracketsAreScannedAsTheLocalScanDoes(@TempDir Path dir) throws Exception {
        for (String[] rename : new String[][] {{"delta", "de,lta"}, {"echo", "ec:ho"}, {"foxtrot", "fox,trot"}}) {
            for (String part : List.of("_logits.npy", "_labels.npy")) {
                Files.copy(IMAGES.resolve(rename[0] + part), dir.resolve(rename[1] + part));
            }
        }
        Files.copy(IMAGES.resolve("alpha.npz"), dir.resolve("al[pha].npz"));
        Files.copy(IMAGES.resolve("bravo.npz"), dir.resolve("br{avo}*.npz"));
        JsonObject local = local("scan", dir.toString(), "--json", "-");
        JsonObject job = run(new ScanJob(), dir.toString(), "--partitions", "2");
        assertEquals(4, local.get("images").getAsInt());
        assertEquals(local.get("images"), job.get("images"), job.get("failed").toString());
        assertEquals(List.of("fox,trot_logits.npy"), fileNames(job.getAsJsonArray("failed")));
        assertEquals(fileNames(local.getAsJsonArray("failed")), fileNames(job.getAsJsonArray("failed")));
        assertEquals(local.get("pixels"), job.get("pixels"));
        close(local.get("loss").getAsDouble(), job.get("loss").getAsDouble(), "loss");
    }

    @Test
    void aListNamingAMissingFileSkipsThatImageAsTheLocalScanDoes(@TempDir Path dir) throws Exception {
        Path list = Files.writeString(dir.resolve("list.csv"), "logits,labels\n"
                + IMAGES.resolve("delta_logits.npy") + "," + IMAGES.resolve("delta_labels.npy") + "\n"
                + dir.resolve("gone_logits.npy") + "," + dir.resolve("gone_labels.npy") + "\n");
        JsonObject local = local("scan", "--list", list.toString(), "--json", "-");
        JsonObject job = run(new ScanJob(), "--list", list.toString());
        assertEquals(1, job.get("images").getAsInt());
        assertEquals(List.of("gone_logits.npy"), fileNames(job.getAsJsonArray("failed")));
        assertEquals(fileNames(local.getAsJsonArray("failed")), fileNames(job.getAsJsonArray("failed")));
        close(local.get("loss").getAsDouble(), job.get("loss").getAsDouble(), "loss");
    }

    @Test
    void aJobsOutputsAreCheckedBeforeItsWorkAsTheLocalCommandsAre(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        Path csv = dir.resolve("no/such/folder/images.csv");
        int exit = Jobs.run(new ScanJob(), new String[] {IMAGES.toString(), "--json", dir.resolve("scan.json").toString(), "--csv",
                csv.toString()}, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertEquals(1, exit);
        assertEquals(List.of("focalscope: " + csv + ": --csv: the folder " + csv.getParent() + " does not exist"),
                err.toString().lines().filter(l -> l.startsWith("focalscope:")).toList());
        assertEquals(false, Files.exists(dir.resolve("scan.json")));
        StringWriter twice = new StringWriter();
        Path same = dir.resolve("out.txt");
        Jobs.run(new WeightsJob(), new String[] {IMAGES.resolve("delta_labels.npy").toString(), "--out", same.toString(), "--json",
                same.toString()}, new PrintWriter(new StringWriter(), true), new PrintWriter(twice, true));
        assertEquals(List.of("focalscope: " + same + ": --json names the same file as --out; give it another name"),
                twice.toString().lines().filter(l -> l.startsWith("focalscope:")).toList());
        // the JSON goes to stdout unless given a file: a CSV there too would mix them (it wrote a file named "-")
        StringWriter both = new StringWriter();
        assertEquals(1, Jobs.run(new LabelIssuesJob(), new String[] {"src/test/resources/label-issues/plain", "--csv", "-", "--master", "local[2]"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(both, true)));
        assertEquals(List.of("focalscope: --json - and --csv - would both write to standard output; give one of them a file name"),
                both.toString().lines().filter(l -> l.startsWith("focalscope:")).toList());
    }

    /** A job's CSV to stdout with "-" where the JSON goes to a file, as the local commands do. */
    @Test
    void aJobsCsvGoesToStdoutWithADash(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        Path json = dir.resolve("issues.json");
        assertEquals(0, Jobs.run(new LabelIssuesJob(), new String[] {"src/test/resources/label-issues/plain", "--json", json.toString(), "--csv",
                "-", "--master", "local[2]"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true)));
        List<String> rows = out.toString().lines().toList();
        assertEquals("rank,name,logits,labels,quality,flaggedPixels,regions,topRegionLoss", rows.get(0));
        assertEquals(4, rows.size(), out.toString());
        assertTrue(Files.isRegularFile(json));
    }

    @Test
    void aJobsListMustBeARegularFileAndItsOutputsAFullDiskEndsInAMessage(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("list.csv");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        StringWriter err = new StringWriter();
        int exit = Jobs.run(new ScanJob(), new String[] {"--list", fifo.toString()}, new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertEquals(1, exit);
        assertEquals(List.of("focalscope: " + fifo + ": not a regular file (a pipe or device), so not a list of images"),
                err.toString().lines().filter(l -> l.startsWith("focalscope:")).toList());
        StringWriter full = new StringWriter();
        int fullExit = Jobs.run(new ScanJob(), new String[] {IMAGES.toString(), "--json", "/dev/full"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(full, true));
        assertEquals(1, fullExit);
        assertEquals(List.of("focalscope: /dev/full: cannot write: No space left on device"),
                full.toString().lines().filter(l -> l.startsWith("focalscope:") && !l.contains("skipped")).toList());
    }

    @Test
    void linkLoopsAndDanglingLinksAreListedAsTheLocalScanListsThem(@TempDir Path dir) throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.copy(IMAGES.resolve("delta_logits.npy"), data.resolve("delta_logits.npy"));
        Files.copy(IMAGES.resolve("delta_labels.npy"), data.resolve("delta_labels.npy"));
        Files.createDirectory(data.resolve("sub"));
        Files.createSymbolicLink(data.resolve("sub/loop"), data);
        Files.createSymbolicLink(data.resolve("gone_labels.npy"), dir.resolve("nowhere.npy"));
        JsonObject local = local("scan", data.toString(), "--json", "-");
        JsonObject job = run(new ScanJob(), data.toString());
        assertEquals(1, job.get("images").getAsInt());
        assertEquals(List.of("gone_labels.npy", "loop"), fileNames(job.getAsJsonArray("failed")));
        assertEquals(fileNames(local.getAsJsonArray("failed")), fileNames(job.getAsJsonArray("failed")));
    }

    /**
     * A file system with links listed through Hadoop (HDFS's behaviour on this disk): the loop, the
     * dangling link and a folder that may not be listed are listed in the local walk's words, where
     * Hadoop's own recursive listing walked the loop until its paths grew too long.
     */
    @Test
    void aHadoopFileSystemWithLinksIsWalkedAsTheLocalDiskIs(@TempDir Path dir) throws Exception {
        Path data = linkedDataset(dir);
        Path closed = Files.createDirectory(data.resolve("closed"));
        for (String part : List.of("_logits.npy", "_labels.npy")) {
            Files.copy(IMAGES.resolve("foxtrot" + part), closed.resolve("foxtrot" + part));
        }
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
        LinkReportingFileSystem.settings(closed.toString()).forEach(conf::set);
        SparkFiles.Listing hadoop = SparkFiles.folder("links:" + data, conf);

        assertEquals("links:" + data, hadoop.root());
        assertEquals(List.of(
                new ScanFailure("links:" + closed, "links:" + closed + ": cannot be read (permission denied)"),
                new ScanFailure("links:" + data.resolve("gone_labels.npy"), "links:" + data.resolve("gone_labels.npy")
                        + ": a link to a file that does not exist"),
                new ScanFailure("links:" + data.resolve("sub/loop"), "links:" + data.resolve("sub/loop")
                        + ": a link to a folder above it (a loop), not followed")), hadoop.failed());
        FolderWalk local = FolderWalk.of(data, folder -> {
            if (folder.equals(closed)) {
                throw new java.nio.file.AccessDeniedException(folder.toString());
            }
            return Files.newDirectoryStream(folder);
        });
        assertEquals(local.files().stream().map(f -> "links:" + f).toList(), hadoop.files());
        assertEquals(local.failed().stream().map(f -> new ScanFailure("links:" + f.file(), "links:" + f.error())).toList(),
                hadoop.failed());
        assertEquals(List.of("links:" + data.resolve("delta_labels.npy"), "links:" + data.resolve("delta_logits.npy"),
                "links:" + data.resolve("more/echo_labels.npy"), "links:" + data.resolve("more/echo_logits.npy")), hadoop.files());
    }

    /** The scan job over that file system: the local scan's images, figures and skipped files. */
    @Test
    void theScanJobOnAFileSystemWithLinksIsTheLocalScan(@TempDir Path dir) throws Exception {
        Path data = linkedDataset(dir);
        JsonObject local = local("scan", data.toString(), "--json", "-");
        org.apache.hadoop.conf.Configuration driver = spark.sparkContext().hadoopConfiguration();
        java.util.Map<String, String> settings = LinkReportingFileSystem.settings("");
        settings.forEach(driver::set);
        JsonObject job;
        try {
            job = run(new ScanJob(), "links:" + data, "--partitions", "2");
        } finally {
            settings.keySet().forEach(driver::unset);
        }
        assertEquals(2, local.get("images").getAsInt());
        for (String key : List.of("images", "classes", "pixels", "ignored", "counts")) {
            assertEquals(local.get(key), job.get(key), key);
        }
        close(local.get("loss").getAsDouble(), job.get("loss").getAsDouble(), "loss");
        assertEquals(names(local.getAsJsonArray("perImage")), names(job.getAsJsonArray("perImage")));
        List<String> localErrors = errors(local.getAsJsonArray("failed"));
        assertEquals(List.of(data.resolve("gone_labels.npy") + ": a link to a file that does not exist",
                data.resolve("sub/loop") + ": a link to a folder above it (a loop), not followed"), localErrors);
        assertEquals(localErrors.stream().map(e -> "links:" + e).toList(), errors(job.getAsJsonArray("failed")));
    }

    /** A folder with an image, a link to a folder with another, a link loop below it and a dangling link. */
    private static Path linkedDataset(Path dir) throws java.io.IOException {
        Path data = Files.createDirectory(dir.resolve("data"));
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        for (String part : List.of("_logits.npy", "_labels.npy")) {
            Files.copy(IMAGES.resolve("delta" + part), data.resolve("delta" + part));
            Files.copy(IMAGES.resolve("echo" + part), elsewhere.resolve("echo" + part));
        }
        Files.createSymbolicLink(data.resolve("more"), elsewhere);
        Files.createDirectory(data.resolve("sub"));
        Files.createSymbolicLink(data.resolve("sub/loop"), data);
        Files.createSymbolicLink(data.resolve("gone_labels.npy"), dir.resolve("nowhere.npy"));
        return data;
    }

    private static List<String> names(JsonArray perImage) {
        return perImage.asList().stream().map(e -> e.getAsJsonObject().get("name").getAsString()).toList();
    }

    private static List<String> errors(JsonArray failed) {
        return failed.asList().stream().map(e -> e.getAsJsonObject().get("error").getAsString()).toList();
    }

    private static List<String> fileNames(JsonArray failed) {
        return failed.asList().stream().map(e -> e.getAsJsonObject().get("file").getAsString())
                .map(f -> f.substring(f.lastIndexOf('/') + 1)).sorted().toList();
    }

    /** --after-temperature as a second stage: the local scan's ECE and bins at T. */
    @Test
    void theScanJobsSecondPassIsTheLocalScans() {
        String data = Path.of("src/test/resources/calibration/dataset").toAbsolutePath().toString();
        JsonObject want = local("scan", data, "--after-temperature", "--json", "-").getAsJsonObject("calibration");
        JsonObject c = run(new ScanJob(), data, "--after-temperature", "--partitions", "2").getAsJsonObject("calibration");
        close(want.get("eceAfterTemperature").getAsDouble(), c.get("eceAfterTemperature").getAsDouble(), "ECE after T");
        assertEquals("exact", c.get("afterTemperature").getAsString());
        for (int b = 0; b < 15; b++) {
            assertEquals(want.getAsJsonArray("reliabilityAfterTemperature").get(b).getAsJsonObject().get("count"),
                    c.getAsJsonArray("reliabilityAfterTemperature").get(b).getAsJsonObject().get("count"), "bin " + b);
        }
    }

    @Test
    void theScanJobsCalibrationIsTheLocalScansWhateverThePartitioning() {
        String data = Path.of("src/test/resources/calibration/dataset").toAbsolutePath().toString();
        JsonObject local = local("scan", data, "--calibration", "--json", "-");
        JsonObject want = local.getAsJsonObject("calibration");
        for (String partitions : List.of("1", "3")) {
            JsonObject job = run(new ScanJob(), data, "--calibration", "--partitions", partitions);
            JsonObject c = job.getAsJsonObject("calibration");
            for (String key : List.of("ece", "mce", "adaptiveEce", "classwiseEce", "temperature", "nll", "nllAfterTemperature")) {
                close(want.get(key).getAsDouble(), c.get(key).getAsDouble(), key + " with " + partitions + " partitions");
            }
            for (int b = 0; b < 15; b++) {
                JsonObject bin = c.getAsJsonArray("reliability").get(b).getAsJsonObject();
                JsonObject wantBin = want.getAsJsonArray("reliability").get(b).getAsJsonObject();
                assertEquals(wantBin.get("count"), bin.get("count"), "bin " + b);
                if (!wantBin.get("accuracy").isJsonNull()) {
                    close(wantBin.get("accuracy").getAsDouble(), bin.get("accuracy").getAsDouble(), "accuracy of bin " + b);
                }
            }
            for (int i = 0; i < 3; i++) {
                JsonObject row = job.getAsJsonArray("perImage").get(i).getAsJsonObject();
                assertEquals(local.getAsJsonArray("perImage").get(i).getAsJsonObject().get("ece"), row.get("ece"));
            }
        }
    }

    @Test
    void theLabelIssuesJobFindsWhatTheLocalCommandFinds() {
        String plain = "src/test/resources/label-issues/plain";
        JsonObject onSpark = run(new LabelIssuesJob(), plain, "--weights", "enet", "--master", "local[2]");
        JsonObject here = local("label-issues", plain, "--weights", "enet", "--json", "-");
        JsonObject cleanlab = io.focalscope.TestFiles.json(java.nio.file.Path.of(plain, "expected.json"));
        assertEquals(cleanlab.get("flaggedPixels").getAsLong(), onSpark.get("flaggedPixels").getAsLong());
        for (String key : List.of("images", "classes", "pixels", "ignored", "thresholds", "flaggedPixels", "common")) {
            assertEquals(here.get(key), onSpark.get(key), key);
        }
        JsonArray a = onSpark.getAsJsonArray("perImage");
        JsonArray b = here.getAsJsonArray("perImage");
        assertEquals(b.size(), a.size());
        for (int i = 0; i < a.size(); i++) {
            JsonObject x = a.get(i).getAsJsonObject();
            JsonObject y = b.get(i).getAsJsonObject();
            for (String key : List.of("name", "quality", "flaggedPixels", "regionCount", "regions")) {
                assertEquals(y.get(key), x.get(key), y.get("name") + " " + key);
            }
            assertTrue(x.get("logits").getAsString().endsWith(y.get("logits").getAsString()), x.get("logits").getAsString());
        }
    }

    /**
     * An array too large for the memory there is, refused from its header before its values are read:
     * on Spark the message says how to give the executors more (locally it names FOCALSCOPE_HEAP).
     */
    @Test
    void aRefusalForWantOfMemoryOnAnExecutorSaysHowToGiveItMore(@TempDir Path dir) throws java.io.IOException {
        // an .npz whose logits say they are 1 x 19 x 10000 x 10000 floats (7.6 GB, more than a test JVM's heap): only the header is there
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 19, 10000, 10000), }";
        int padded = ((10 + header.length() + 1 + 63) / 64) * 64 - 10;
        java.io.ByteArrayOutputStream npy = new java.io.ByteArrayOutputStream();
        npy.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) padded, (byte) (padded >>> 8)});
        npy.write((header + " ".repeat(padded - header.length() - 1) + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        npy.write(new byte[64]);
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(dir.resolve("big_logits.npz")))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("logits.npy"));
            zip.write(npy.toByteArray());
            zip.closeEntry();
        }
        io.focalscope.io.NpyWriter.write(dir.resolve("big_labels.npy"), io.focalscope.io.NdArray.ofBytes("l", new int[] {4, 4}, new int[16]));
        Files.copy(IMAGES.resolve("delta_logits.npy"), dir.resolve("delta_logits.npy"));
        Files.copy(IMAGES.resolve("delta_labels.npy"), dir.resolve("delta_labels.npy"));
        JsonObject job = run(new ScanJob(), dir.toString(), "--partitions", "2");
        String onSpark = job.getAsJsonArray("failed").get(0).getAsJsonObject().get("error").getAsString();
        assertTrue(onSpark.contains("needs") && onSpark.contains("spark-submit --executor-memory")
                && !onSpark.contains("FOCALSCOPE_HEAP"), onSpark);
        // locally the archive's directory gives the member's size, which shows the array is not there at all
        JsonObject here = local("scan", dir.toString(), "--json", "-");
        assertEquals(dir.resolve("big_logits.npz") + ":logits: truncated: the header announces 7600000000 bytes of data"
                + " ((1, 19, 10000, 10000) float32) but only 64 follow",
                here.getAsJsonArray("failed").get(0).getAsJsonObject().get("error").getAsString());
        assertEquals(1, job.get("images").getAsInt());
    }

    /** --masks on Spark: the local command's files, byte for byte, written by the executors. */
    @Test
    void theLabelIssuesJobWritesTheLocalCommandsMasks(@TempDir Path dir) throws java.io.IOException {
        String plain = "src/test/resources/label-issues/plain";
        Path onSpark = dir.resolve("spark");
        Path here = dir.resolve("here");
        run(new LabelIssuesJob(), plain, "--masks", onSpark.toString(), "--partitions", "2", "--master", "local[2]");
        local("label-issues", plain, "--masks", here.toString(), "--json", "-");
        List<String> names = List.of("a_issues.npy", "b_issues.npy", "c_issues.npy");
        try (Stream<Path> written = Files.list(onSpark)) {
            assertEquals(names, written.map(p -> p.getFileName().toString()).sorted().toList());
        }
        for (String name : names) {
            assertArrayEquals(Files.readAllBytes(here.resolve(name)), Files.readAllBytes(onSpark.resolve(name)), name);
            // and cleanlab's flags, as the local command's tests hold them
            String image = name.substring(0, 1);
            var expected = io.focalscope.io.NpyReader.read(Path.of(plain, image + "_expected_issues.npy"));
            var mask = io.focalscope.io.NpyReader.read(onSpark.resolve(name));
            assertArrayEquals(expected.toInts(), mask.toInts(), name);
        }
    }

    /** A mask that cannot be written ends the job in one line naming it, as it ends the local search. */
    @Test
    void aMaskThatCannotBeWrittenEndsTheJob(@TempDir Path dir) throws java.io.IOException {
        Path folderAsFile = dir.resolve("masks.txt");
        Files.writeString(folderAsFile, "not a folder");
        assertEquals("focalscope: " + folderAsFile + ": --masks names a folder for the masks, and this is a file",
                failedJob(new LabelIssuesJob(), "src/test/resources/label-issues/plain", "--masks", folderAsFile.toString(),
                        "--master", "local[2]"));
        Path masks = dir.resolve("masks");
        Files.createDirectories(masks.resolve("b_issues.npy")); // a folder where image b's mask goes
        assertEquals("focalscope: " + masks.resolve("b_issues.npy") + ": cannot write: a folder has that name",
                failedJob(new LabelIssuesJob(), "src/test/resources/label-issues/plain", "--masks", masks.toString(),
                        "--master", "local[2]"));
    }

    private static String failedJob(Object job, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(1, Jobs.run(job, args, new PrintWriter(out, true), new PrintWriter(err, true)), err.toString());
        return err.toString().strip();
    }

    /** --downsample on Spark: cleanlab's count (expected.json), the local command's qualities. */
    @Test
    void theLabelIssuesJobDownsamplesAsTheLocalCommand() {
        String folder = "src/test/resources/label-issues/downsample2";
        JsonObject onSpark = run(new LabelIssuesJob(), folder, "--downsample", "2", "--master", "local[2]");
        JsonObject here = local("label-issues", folder, "--downsample", "2", "--json", "-");
        JsonObject cleanlab = io.focalscope.TestFiles.json(java.nio.file.Path.of(folder, "expected.json"));
        assertEquals(cleanlab.get("flaggedPixels").getAsLong(), onSpark.get("flaggedPixels").getAsLong());
        assertEquals(here.get("common"), onSpark.get("common"));
        assertEquals(here.get("pixels"), onSpark.get("pixels"));
    }

    private static double[] doubles(JsonArray a) {
        return a.asList().stream().mapToDouble(JsonElement::getAsDouble).toArray();
    }

    /**
     * What the dynamics job says on stderr about a run's troubles is what the local command says: the
     * image missing from epochs, the logits without labels (once), and the image of another class count.
     */
    @Test
    void theDynamicsJobSaysTheRunsTroublesAsTheLocalCommand(@TempDir Path dir) {
        Path troubled = io.focalscope.dynamics.TroubledRun.write(dir.resolve("troubled"));
        String[] args = {troubled.toString(), "--labels-dir", troubled.resolve("labels").toString(), "--json", "-"};
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, FocalscopeCli.run(java.util.stream.Stream.concat(Stream.of("dynamics"), Stream.of(args)).toArray(String[]::new),
                new PrintWriter(out, true), new PrintWriter(err, true)), err.toString());
        StringWriter jobOut = new StringWriter();
        StringWriter jobErr = new StringWriter();
        assertEquals(0, Jobs.run(new DynamicsJob(), args, new PrintWriter(jobOut, true), new PrintWriter(jobErr, true)), jobErr.toString());
        // the job names files as Hadoop does, by URI (file:/tmp/...), where the command names local paths
        String asPaths = jobErr.toString().replace("file:" + troubled, troubled.toString());
        assertEquals(err.toString(), asPaths);
        assertEquals(3, asPaths.lines().count(), asPaths);
        assertTrue(asPaths.contains("focalscope: skipped " + troubled.resolve("epoch_1/street.npy")
                + ": has 6 classes where 2 of the 3 images followed have 5\n"), asPaths);
        JsonObject here = JsonParser.parseString(out.toString()).getAsJsonObject();
        JsonObject onSpark = JsonParser.parseString(jobOut.toString().replace("file:" + troubled, troubled.toString())).getAsJsonObject();
        for (String key : List.of("images", "failed", "incomplete")) {
            assertEquals(here.get(key), onSpark.get(key), key);
        }
    }

    /** The dynamics job against the local command on the float64 reference run, whatever the partitioning, and from a list. */
    @Test
    void theDynamicsJobFollowsThePixelsAsTheLocalCommand() {
        String run = Path.of("src/test/resources/dynamics/run").toAbsolutePath().toString();
        JsonObject here = local("dynamics", run, "--labels-dir", run + "/labels", "--weights", "enet", "--json", "-");
        for (String[] args : List.of(new String[] {run, "--labels-dir", run + "/labels", "--partitions", "1"},
                new String[] {run, "--labels-dir", run + "/labels", "--partitions", "3"},
                new String[] {"--list", Path.of("src/test/resources/dynamics/run.csv").toAbsolutePath().toString()})) {
            String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--weights", "enet"))
                    .toArray(String[]::new);
            JsonObject onSpark = run(new DynamicsJob(), all);
            String what = String.join(" ", args);
            for (String key : List.of("epochs", "images", "failed", "incomplete", "classes", "pixels", "ignored", "classWeights",
                    "hardPixels", "perClass", "hardThresholds")) {
                assertEquals(here.get(key), onSpark.get(key), what + ": " + key);
            }
            for (String key : List.of("confidence", "variability", "correctness", "forgetting")) {
                close(here.get(key).getAsDouble(), onSpark.get(key).getAsDouble(), what + ": " + key);
            }
            JsonArray a = onSpark.getAsJsonArray("perImage");
            JsonArray b = here.getAsJsonArray("perImage");
            assertEquals(b.size(), a.size());
            for (int i = 0; i < a.size(); i++) {
                JsonObject x = a.get(i).getAsJsonObject();
                JsonObject y = b.get(i).getAsJsonObject();
                for (String key : List.of("name", "size", "pixels", "ignored", "hardPixels", "lossByEpoch", "confidence", "variability")) {
                    assertEquals(y.get(key), x.get(key), what + ": " + y.get("name") + " " + key);
                }
            }
        }
    }
}
