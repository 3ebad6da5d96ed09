package io.focalscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.focalscope.io.DType;
import io.focalscope.io.NdArray;
import io.focalscope.io.NpyWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Options at their edges and label values that are not class ids: each ends in one line, exit 1
 * (or the file listed as skipped), and no result is ever printed as NaN.
 */
class HostileOptionsTest {

    @TempDir
    Path tmp;
    String logits;
    String labels;

    @BeforeEach
    void writeAnImage() {
        logits = writeLogits(tmp.resolve("a_logits.npy"), 5, 7).toString();
        labels = writeLabels(tmp.resolve("a_labels.npy"), 5, 0, 11).toString();
    }

    @Test
    void aGammaBeyondWhatFloat32CanRaiseToIsRefusedInOneLine() {
        CliRun run = CliRun.of("compute", "--logits", logits, "--labels", labels, "--gamma", "1e39", "--json", "-");
        assertEquals(FocalscopeCli.EXIT_BAD_INPUT, run.exitCode());
        assertEquals("focalscope: gamma (γ) must be a number from 0 to 1000, got 1e+39 (beyond 1000, (1-p_t)^γ is 0"
                + " in float32 for every p_t above 0.1)\n", run.err());
        CliRun justOver = CliRun.of("compute", "--logits", logits, "--labels", labels, "--gamma", "1000.0000001");
        assertEquals("focalscope: gamma (γ) must be a number from 0 to 1000, got 1000.0000001 (beyond 1000, (1-p_t)^γ is 0"
                + " in float32 for every p_t above 0.1)\n", justOver.err());
        CliRun large = CliRun.of("compute", "--logits", logits, "--labels", labels, "--gamma", "9.3e18");
        assertEquals("focalscope: gamma (γ) must be a number from 0 to 1000, got 9.3e+18 (beyond 1000, (1-p_t)^γ is 0"
                + " in float32 for every p_t above 0.1)\n", large.err());
    }

    @Test
    void theLargestGammaTakenGivesFiniteFiguresEverywhere() {
        CliRun run = CliRun.of("compute", "--logits", logits, "--labels", labels, "--gamma", "1000", "--json", "-");
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(run.out().contains("NaN") || run.out().contains("Infinity"), run.out());
        JsonObject o = JsonParser.parseString(run.out()).getAsJsonObject();
        assertTrue(o.getAsJsonObject("gradient").get("meanNorm").getAsDouble() >= 0);
    }

    @Test
    void weightsThatAreAllZeroAreRefusedAndWeightedMeanNeverDividesByZero() throws IOException {
        Path zeros = Files.writeString(tmp.resolve("zeros.txt"), "0 0 0 0 0\n");
        CliRun allZero = CliRun.of("compute", "--logits", logits, "--labels", labels, "--weights", zeros.toString(),
                "--reduction", "weighted-mean");
        assertEquals(FocalscopeCli.EXIT_BAD_INPUT, allZero.exitCode());
        assertEquals("focalscope: " + zeros + ": every weight is 0, which makes every pixel's loss 0\n", allZero.err());
        // only class 4, which no pixel has, weighs anything
        Path absent = Files.writeString(tmp.resolve("absent.txt"), "0 0 0 0 1\n");
        String onlyZeroClasses = writeLabels(tmp.resolve("b_labels.npy"), 4, 0, 3).toString();
        CliRun weighted = CliRun.of("compute", "--logits", logits, "--labels", onlyZeroClasses, "--weights", absent.toString(),
                "--reduction", "weighted-mean", "--json", "-");
        assertEquals(FocalscopeCli.EXIT_BAD_INPUT, weighted.exitCode());
        assertEquals("", weighted.out());
        assertEquals("focalscope: weighted-mean divides by the labelled pixels' class weights (times α), which sum to 0 here:"
                + " every labelled pixel's class has weight 0; use --reduction mean or sum, or other weights\n", weighted.err());
    }

    @Test
    void moreThreadsThanCoresAreCutToTheCoresWithANoteAndEveryImageIsRead() {
        for (int i = 1; i < 12; i++) {
            writeLogits(tmp.resolve("img" + i + "_logits.npy"), 5, 100 + i);
            writeLabels(tmp.resolve("img" + i + "_labels.npy"), 5, 100 + i, 11);
        }
        CliRun run = CliRun.of("scan", tmp.toString(), "--threads", "100000", "--json", "-");
        assertEquals(0, run.exitCode(), run.err());
        int cores = Runtime.getRuntime().availableProcessors();
        assertEquals("focalscope: --threads 100000 is more than the " + cores + " cores here; using " + cores
                + " (more threads would only hold more images in memory at once)\n", run.err().replaceAll("\r[^\n]*", ""));
        assertEquals(12, JsonParser.parseString(run.out()).getAsJsonObject().get("images").getAsInt());
    }

    @Test
    void aLabelValueIsNeverTakenAsAClassCountToAllocate() {
        String huge = writeConstantLabels(tmp.resolve("huge_labels.npy"), Integer.MAX_VALUE).toString();
        String tenMillion = writeConstantLabels(tmp.resolve("ten_labels.npy"), 10_000_000).toString();
        CliRun run = CliRun.of("weights", labels, huge, tenMillion, "--json", "-");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("focalscope: skipped " + huge + ": label 2147483647 at (n=0, y=0, x=0) is not a class id: without --classes"
                + " ids run up to 65535 and it is not the ignore index 255\n"
                + "focalscope: skipped " + tenMillion + ": label 10000000 at (n=0, y=0, x=0) is not a class id: without --classes"
                + " ids run up to 65535 and it is not the ignore index 255\n", run.err().replaceAll("\r[^\n]*", ""));
        assertEquals(5, JsonParser.parseString(run.out()).getAsJsonObject().get("classes").getAsInt());
        CliRun tooMany = CliRun.of("weights", labels, "--classes", "100000");
        assertEquals(FocalscopeCli.EXIT_BAD_INPUT, tooMany.exitCode());
        assertEquals("focalscope: --classes must be between 1 and 65536, got 100000\n", tooMany.err());
    }

    @Test
    void oneStrayLabelBelowTheCapIsCountedButNamedInAWarning() {
        String stray = writeConstantLabels(tmp.resolve("stray_labels.npy"), 60_000).toString();
        CliRun run = CliRun.of("weights", labels, stray, "--json", "-");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(60_001, JsonParser.parseString(run.out()).getAsJsonObject().get("classes").getAsInt());
        assertTrue(run.err().contains("focalscope: warning: 60,001 classes from the largest label 60,000 (in " + stray + "), but only 6"
                + " of them occur in the files read: if that label is a stray value, give the class count with --classes\n"), run.err());
        CliRun given = CliRun.of("weights", labels, stray, "--classes", "60001", "--json", "-");
        assertEquals(0, given.exitCode(), given.err());
        assertTrue(!given.err().contains("stray"), "--classes given: no warning, " + given.err());
        CliRun plain = CliRun.of("weights", labels, "--json", "-");
        assertTrue(!plain.err().contains("warning"), "a class list's gaps are no stray label: " + plain.err());
    }

    @Test
    void oneImageOfAnotherClassCountSortedFirstFailsAloneNotTheOthers() {
        writeLogits(tmp.resolve("a_logits.npy"), 6, 7);
        for (int i = 1; i <= 10; i++) {
            writeLogits(tmp.resolve("img" + i + "_logits.npy"), 5, 100 + i);
            writeLabels(tmp.resolve("img" + i + "_labels.npy"), 5, 100 + i, 11);
        }
        CliRun run = CliRun.of("scan", tmp.toString(), "--json", "-");
        JsonObject o = JsonParser.parseString(run.out()).getAsJsonObject();
        assertEquals(10, o.get("images").getAsInt());
        assertEquals(5, o.get("classes").getAsInt());
        assertEquals(logits + ": has 6 classes where 10 of the 11 images read have 5",
                o.getAsJsonArray("failed").get(0).getAsJsonObject().get("error").getAsString());
    }

    @Test
    void benchWithHugeDimensionsIsRefusedBeforeItWritesAnything() throws IOException {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        java.util.Set<Path> before = benchFolders(temp);
        CliRun run = CliRun.of("bench", "--classes", "19", "--height", "100000", "--width", "100000");
        assertEquals(FocalscopeCli.EXIT_BAD_INPUT, run.exitCode());
        assertEquals("focalscope: bench: bench's 1 x 19 x 100000 x 100000 logits has 190000000000 elements, more than the"
                + " 2147483631 one array can hold\n", run.err());
        assertEquals(before, benchFolders(temp));
    }

    private static java.util.Set<Path> benchFolders(Path temp) throws IOException {
        try (var s = Files.list(temp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("focalscope-bench")).collect(java.util.stream.Collectors.toSet());
        }
    }

    private static Path writeLogits(Path file, int classes, long seed) {
        Random rng = new Random(seed);
        float[] v = new float[classes * 4 * 6];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian() * 3;
        }
        NpyWriter.writeFloat32(file, new int[] {1, classes, 4, 6}, v);
        return file;
    }

    /** Labels 0 .. classes-1, every {@code ignoreEvery}-th pixel 255. */
    private static Path writeLabels(Path file, int classes, long seed, int ignoreEvery) {
        Random rng = new Random(seed);
        int[] v = new int[4 * 6];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % ignoreEvery == ignoreEvery - 1 ? 255 : rng.nextInt(classes);
        }
        return writeInts(file, v);
    }

    private static Path writeConstantLabels(Path file, int value) {
        int[] v = new int[4 * 6];
        java.util.Arrays.fill(v, value);
        return writeInts(file, v);
    }

    private static Path writeInts(Path file, int[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : v) {
            b.putInt(x);
        }
        b.flip();
        NpyWriter.write(file, new NdArray(file.toString(), DType.INT32, new int[] {1, 4, 6}, b));
        return file;
    }
}
