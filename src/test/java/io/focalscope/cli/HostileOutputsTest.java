package io.focalscope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.io.OutputFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs are checked before the work, written whole or not at all, and a write that fails ends
 * in a message and exit 1.
 */
class HostileOutputsTest {

    static final Path IMAGES = Path.of("src/test/resources/dataset/images").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void anOutputNamingAnInputIsRefusedBeforeTheInputIsTouched() throws IOException {
        Path logits = Files.copy(IMAGES.resolve("delta_logits.npy"), tmp.resolve("delta_logits.npy"));
        Path labels = IMAGES.resolve("delta_labels.npy");
        byte[] before = Files.readAllBytes(logits);
        CliRun run = CliRun.of("compute", "--logits", logits.toString(), "--labels", labels.toString(),
                "--loss-map", tmp.resolve("x/../delta_logits.npy").toString());
        assertEquals(FocalscopeCli.EXIT_BAD_INPUT, run.exitCode());
        assertEquals("focalscope: " + tmp.resolve("x/../delta_logits.npy") + ": --loss-map names the same file as --logits;"
                + " give it another name\n", run.err());
        assertArrayEquals(before, Files.readAllBytes(logits));
        CliRun twice = CliRun.of("compute", "--logits", logits.toString(), "--labels", labels.toString(),
                "--json", tmp.resolve("out").toString(), "--gradient-map", tmp.resolve("out").toString());
        assertEquals("focalscope: " + tmp.resolve("out") + ": --gradient-map names the same file as --json; give it another name\n",
                twice.err());
    }

    @Test
    void anOutputNamingAFileTheScanOrTheWeightsWouldReadIsRefusedBeforeIt() throws IOException {
        Path data = Files.createDirectory(tmp.resolve("data"));
        Path labels = Files.copy(IMAGES.resolve("delta_labels.npy"), data.resolve("delta_labels.npy"));
        Files.copy(IMAGES.resolve("delta_logits.npy"), data.resolve("delta_logits.npy"));
        byte[] before = Files.readAllBytes(labels);
        CliRun scan = CliRun.of("scan", data.toString(), "--json", labels.toString());
        assertEquals(FocalscopeCli.EXIT_BAD_INPUT, scan.exitCode());
        assertEquals("focalscope: " + labels + ": --json names the same file as the image delta's labels; give it another name\n",
                scan.err());
        CliRun weights = CliRun.of("weights", data.toString(), "--out", labels.toString());
        assertEquals("focalscope: " + labels + ": --out names the same file as the label file " + labels
                + "; give it another name\n", weights.err());
        Path w = Files.writeString(tmp.resolve("w.txt"), "1 1 1 1 1\n");
        CliRun compute = CliRun.of("compute", "--logits", data.resolve("delta_logits.npy").toString(), "--labels", labels.toString(),
                "--weights", w.toString(), "--json", w.toString());
        assertEquals("focalscope: " + w + ": --json names the same file as --weights; give it another name\n", compute.err());
        assertArrayEquals(before, Files.readAllBytes(labels));
        assertEquals("1 1 1 1 1\n", Files.readString(w));
    }

    @Test
    void aMissingOutputFolderIsFoundBeforeTheScanAndNoOtherOutputIsLeftBehind() {
        Path json = tmp.resolve("scan.json");
        Path csv = tmp.resolve("no/such/folder/scan.csv");
        CliRun run = CliRun.of("scan", IMAGES.toString(), "--json", json.toString(), "--csv", csv.toString());
        assertEquals(FocalscopeCli.EXIT_BAD_INPUT, run.exitCode());
        assertEquals("focalscope: " + csv + ": --csv: the folder " + csv.getParent() + " does not exist\n", run.err());
        assertFalse(Files.exists(json));
    }

    @Test
    void anOutputNameAtTheFileSystemsLimitCanBeWritten() throws IOException {
        Path file = tmp.resolve("n".repeat(250) + ".json");
        OutputFiles.writeText(file, "{}");
        assertEquals("{}", Files.readString(file));
    }

    @Test
    void aFullDeviceNamedAsTheJsonFileEndsInAMessage() {
        CliRun run = CliRun.of("compute", "--logits", IMAGES.resolve("delta_logits.npy").toString(),
                "--labels", IMAGES.resolve("delta_labels.npy").toString(), "--json", "/dev/full");
        assertEquals(FocalscopeCli.EXIT_BAD_INPUT, run.exitCode());
        assertEquals("focalscope: /dev/full: cannot write: No space left on device\n", run.err());
    }

    @Test
    void jsonToAStdoutThatCannotBeWrittenEndsInAMessageAndExitOne() {
        StringWriter err = new StringWriter();
        PrintWriter full = fullDisk();
        int exit = FocalscopeCli.run(new String[] {"compute", "--logits", IMAGES.resolve("delta_logits.npy").toString(),
                "--labels", IMAGES.resolve("delta_labels.npy").toString(), "--json", "-"}, full, new PrintWriter(err, true));
        assertEquals(FocalscopeCli.EXIT_BAD_INPUT, exit);
        assertEquals("focalscope: the standard output took only part of the output (a full disk, or a pipe whose reader stopped"
                + " reading)\n", err.toString());
        // the text report as well: nothing a user asked for is lost without a word
        StringWriter textErr = new StringWriter();
        PrintWriter fullAgain = fullDisk();
        int textExit = FocalscopeCli.run(new String[] {"compute", "--logits", IMAGES.resolve("delta_logits.npy").toString(),
                "--labels", IMAGES.resolve("delta_labels.npy").toString()}, fullAgain, new PrintWriter(textErr, true));
        assertEquals(FocalscopeCli.EXIT_BAD_INPUT, textExit);
    }

    @Test
    void aNameWithACarriageReturnIsQuotedInTheCsv() throws IOException {
        Path data = Files.createDirectory(tmp.resolve("data"));
        Files.copy(IMAGES.resolve("delta_logits.npy"), data.resolve("del\rta_logits.npy"));
        Files.copy(IMAGES.resolve("delta_labels.npy"), data.resolve("del\rta_labels.npy"));
        Path csv = tmp.resolve("scan.csv");
        CliRun run = CliRun.of("scan", data.toString(), "--csv", csv.toString());
        assertEquals(0, run.exitCode(), run.err());
        String row = Files.readString(csv).split("\n", 2)[1];
        assertTrue(row.startsWith("1,\"del\rta\",\"" + data.resolve("del\rta_logits.npy") + "\","), row);
    }

    /** A stdout whose every write fails, as on a full disk. */
    private static PrintWriter fullDisk() {
        return new PrintWriter(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        }, true);
    }
}
