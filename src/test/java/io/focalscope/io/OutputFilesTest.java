package io.focalscope.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where outputs go and how: whole or not at all, through links, with the old file's permissions. */
class OutputFilesTest {

    @TempDir
    Path tmp;

    @Test
    void anImagesFileStaysUnderTheFolder() {
        assertEquals("city/x/a_issues.npy", OutputFiles.perImageName("city/x/a", "_issues.npy"));
        assertEquals("city/x/a_issues.npy", OutputFiles.perImageName("city\\x\\a", "_issues.npy"));
        assertEquals("__/__/a_issues.npy", OutputFiles.perImageName("../../a", "_issues.npy"));
        assertEquals("a_issues.npy", OutputFiles.perImageName("/data/val/a", "_issues.npy"));
        assertEquals("a_issues.npy", OutputFiles.perImageName("hdfs://nn:8020/val/a", "_issues.npy"));
        assertEquals("x/__/b_issues.npy", OutputFiles.perImageName("x/../b", "_issues.npy"));
        assertEquals("..a_issues.npy", OutputFiles.perImageName("..a", "_issues.npy"));
    }

    @Test
    void oneSamplesMapIsWrittenWithoutItsSampleAxis() {
        assertArrayEquals(new int[] {4, 5}, OutputFiles.mapShape(new int[] {1, 4, 5}));
        assertArrayEquals(new int[] {2, 4, 5}, OutputFiles.mapShape(new int[] {2, 4, 5}));
    }

    /** A write that fails half-way leaves the old file as it was, and no temporary file beside it. */
    @Test
    void aWriteThatFailsLeavesTheOldFileWholeAndNoTemporaryFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("scan.json"), "{\"the\": \"old figures\"}\n");
        InputException e = assertThrows(InputException.class, () -> OutputFiles.write(file, out -> {
            out.write("{\"half of".getBytes());
            throw new IOException("No space left on device");
        }));
        assertEquals(file + ": cannot write: No space left on device", e.getMessage());
        assertEquals("{\"the\": \"old figures\"}\n", Files.readString(file));
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(file), left.toList());
        }
    }

    @Test
    void aLinkedOutputIsWrittenThroughItsLinkAndFilesKeepTheirPermissions() throws IOException {
        Path real = Files.createDirectory(tmp.resolve("real"));
        Path target = Files.writeString(real.resolve("target.json"), "old");
        Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        Path link = Files.createSymbolicLink(tmp.resolve("link.json"), target);
        OutputFiles.writeText(link, "new");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(target));
        assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        // a new file gets what any new file gets here (the umask), not createTempFile's owner-only rw-------
        Path plain = Files.createFile(tmp.resolve("plain"));
        Path written = tmp.resolve("written.json");
        OutputFiles.writeText(written, "{}");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
    }

    @Test
    void outputsAreCheckedBeforeAnyWork() throws IOException {
        Path input = Files.writeString(tmp.resolve("logits.npy"), "x");
        Path link = Files.createSymbolicLink(tmp.resolve("same.npy"), input);
        assertEquals(link + ": --json names the same file as --logits; give it another name", refusal(
                List.of(new OutputFiles.Named("--json", link)), List.of(new OutputFiles.Named("--logits", input))));
        Path out = tmp.resolve("a.json");
        assertEquals(tmp.resolve("x/../a.json") + ": --csv names the same file as --json; give it another name", refusal(
                List.of(new OutputFiles.Named("--json", out), new OutputFiles.Named("--csv", tmp.resolve("x/../a.json"))), List.of()));
        assertEquals(tmp + ": --json names a folder, not a file", refusal(List.of(new OutputFiles.Named("--json", tmp)), List.of()));
        Path nowhere = tmp.resolve("missing/a.json");
        assertEquals(nowhere + ": --json: the folder " + tmp.resolve("missing") + " does not exist",
                refusal(List.of(new OutputFiles.Named("--json", nowhere)), List.of()));
        // options not given, and new files in a folder that exists, pass: two of them are two files
        OutputFiles.checkBeforeWork(List.of(new OutputFiles.Named("--json", null), new OutputFiles.Named("--csv", out),
                new OutputFiles.Named("--masks-list", tmp.resolve("b.csv"))), List.of(new OutputFiles.Named("--labels", null),
                new OutputFiles.Named("--logits", input)));
        // an output that exists already is its own file, not the input's
        Path old = Files.writeString(tmp.resolve("old.json"), "{}");
        OutputFiles.checkBeforeWork(List.of(new OutputFiles.Named("--json", old)), List.of(new OutputFiles.Named("--logits", input)));
    }

    private static String refusal(List<OutputFiles.Named> outputs, List<OutputFiles.Named> inputs) {
        return assertThrows(InputException.class, () -> OutputFiles.checkBeforeWork(outputs, inputs)).getMessage();
    }
}
