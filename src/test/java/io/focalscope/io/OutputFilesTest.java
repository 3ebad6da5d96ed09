package io.focalscope.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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
    void aFailedWriteLeavesTheOldFileWhole() throws IOException {
        Path file = Files.writeString(tmp.resolve("scan.json"), "old");
        InputException e = assertThrows(InputException.class, () -> OutputFiles.write(file, out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            throw new IOException("the disk is full");
        }));
        assertEquals(file + ": cannot write: the disk is full", e.getMessage());
        assertEquals("old", Files.readString(file));
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(file), left.toList());
        }
        OutputFiles.writeText(file, "new");
        assertEquals("new", Files.readString(file));
    }

    @Test
    void aReplacedFileKeepsItsPermissions() throws IOException {
        Path file = Files.writeString(tmp.resolve("maps.npy"), "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        OutputFiles.writeText(file, "new");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    /** Written through a link: the file it names is replaced, and the link stays a link. */
    @Test
    void aLinkIsFollowedNotReplaced() throws IOException {
        Path target = Files.writeString(tmp.resolve("real.json"), "old");
        Path link = Files.createSymbolicLink(tmp.resolve("link.json"), target);
        OutputFiles.writeText(link, "new");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("new", Files.readString(target));
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
