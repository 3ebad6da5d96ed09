package io.focalscope.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.focalscope.classes.ClassSetReader;
import io.focalscope.dataset.ImageDiscovery;
import io.focalscope.io.ArrayFiles;
import io.focalscope.io.InputException;
import io.focalscope.io.WeightsFile;
import io.focalscope.report.ScanSummaryReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small files a user names (class lists, weights, lists, scan summaries) and the .npy header:
 * nesting, special files and sizes end in one message naming the file, never a stack overflow,
 * a hang or a read until memory runs out.
 */
class SmallFilesHostileTest {

    @TempDir
    Path tmp;

    @Test
    void aNpyHeaderNestedThousandsDeepIsRefusedWithItsDepth() throws IOException {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + "(".repeat(5000) + ")".repeat(5000) + ", }";
        byte[] header = (dict + " ".repeat((64 - (10 + dict.length() + 1) % 64) % 64) + "\n").getBytes(StandardCharsets.US_ASCII);
        Path f = tmp.resolve("nested.npy");
        byte[] bytes = new byte[10 + header.length];
        System.arraycopy(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length, (byte) (header.length >> 8)}, 0, bytes, 0, 10);
        System.arraycopy(header, 0, bytes, 10, header.length);
        Files.write(f, bytes);
        InputException e = assertThrows(InputException.class, () -> ArrayFiles.read(f.toString(), "logits"));
        assertEquals(f + ": corrupt .npy header: brackets nested more than 32 deep at offset 81", e.getMessage());
    }

    @Test
    void aClassListNestedThousandsDeepIsRefusedByTheParsersLimit() throws IOException {
        Path f = Files.writeString(tmp.resolve("classes.json"), "[".repeat(20_000) + "]".repeat(20_000));
        InputException e = assertThrows(InputException.class, () -> ClassSetReader.read(f));
        assertEquals(f + ": not a valid class list (Nesting limit 255 reached at line 1 column 257)", e.getMessage());
    }

    @Test
    void aPipeIsRefusedBeforeItIsOpenedSoNothingWaitsForAWriter() throws Exception {
        Path fifo = tmp.resolve("classes.json");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        expect(fifo, "a pipe or device", "a class list", ClassSetReader::read);
        expect(fifo, "a pipe or device", "a weights file", WeightsFile::read);
        expect(fifo, "a pipe or device", "a list of images", ImageDiscovery::fromList);
        expect(fifo, "a pipe or device", "a scan's summary", ScanSummaryReader::read);
    }

    @Test
    void aDeviceThatNeverEndsIsRefusedAsNotARegularFile() {
        expect(Path.of("/dev/zero"), "a pipe or device", "a weights file", WeightsFile::read);
        expect(Path.of("/dev/zero"), "a pipe or device", "a class list", ClassSetReader::read);
    }

    @Test
    void aFolderAndADanglingLinkSayWhatTheyAre() throws IOException {
        expect(tmp, "is a folder", "a class list", ClassSetReader::read);
        Path dangling = Files.createSymbolicLink(tmp.resolve("weights.txt"), tmp.resolve("gone.txt"));
        InputException e = assertThrows(InputException.class, () -> WeightsFile.read(dangling));
        assertEquals(dangling + ": a link to a file that does not exist", e.getMessage());
    }

    @Test
    void aWeightsFileOverItsCapIsRefusedAfterReadingOnlyTheCap() throws IOException {
        Path f = Files.write(tmp.resolve("weights.txt"), "1 ".repeat(600_000).getBytes(StandardCharsets.US_ASCII));
        InputException e = assertThrows(InputException.class, () -> WeightsFile.read(f));
        assertEquals(f + ": too large for a weights file (more than 1 MB)", e.getMessage());
    }

    @Test
    void aSummaryWithValuesOfTheWrongTypeIsNamedNotThrownAsAClassCastException() throws IOException {
        Path f = Files.writeString(tmp.resolve("summary.json"), validSummary().replace("\"classWeights\": [1.0]", "\"classWeights\": 3"));
        InputException e = assertThrows(InputException.class, () -> ScanSummaryReader.read(f));
        assertEquals(f + ": not a scan's summary (a value of the wrong type)", e.getMessage());
    }

    @Test
    void aSummaryNamingAFileThatIsNoArrayIsRefused() throws IOException {
        Path f = Files.writeString(tmp.resolve("summary.json"), validSummary().replace("a_logits.npy", "/etc/passwd"));
        InputException e = assertThrows(InputException.class, () -> ScanSummaryReader.read(f));
        assertEquals(f + ": not a scan's summary: image 1's logits '/etc/passwd' is not a .npy, .npz or .png file", e.getMessage());
        Files.writeString(f, validSummary().replace("a_logits.npy", "hdfs://data/a.npz:logits"));
        assertEquals("hdfs://data/a.npz:logits", ScanSummaryReader.read(f).perImage().get(0).files().logits());
    }

    /** The smallest summary the reader takes: one image of one class. */
    private static String validSummary() {
        return """
                {"images": 1, "failed": [], "classes": 1, "pixels": 4, "ignored": 0, "counts": [4], "classWeights": [1.0],
                 "loss": 0.5, "crossEntropy": 0.7, "gamma": 2, "ignoreIndex": 255, "backend": "cpu",
                 "perClass": [{"class": 0, "pixels": 4, "meanLoss": 0.5, "share": 1.0}],
                 "perImage": [{"name": "a", "logits": "a_logits.npy", "labels": "a_labels.png", "pixels": 4, "ignored": 0,
                               "meanFocal": 0.5, "crossEntropy": 0.7, "worstClass": 0}],
                 "lossVsGamma": [{"gamma": 2, "loss": 0.5}]}
                """;
    }

    private static void expect(Path file, String kind, String what, Consumer<Path> reader) {
        InputException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(InputException.class, () -> reader.accept(file)));
        String expected = kind.equals("is a folder") ? file + ": is a folder, not " + what
                : file + ": not a regular file (a pipe or device), so not " + what;
        assertEquals(expected, e.getMessage());
    }
}
