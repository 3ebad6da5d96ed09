package io.focalscope.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.focalscope.cli.FocalscopeCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dataset folder that cannot be walked whole: the scan and weights go on and list each entry
 * they could not read, with its reason, under the files skipped.
 */
class FolderWalkHostileTest {

    static final Path IMAGES = Path.of("src/test/resources/dataset/images").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void linkLoopsAndDanglingLinksAreListedAndTheImagesBesideThemScanned() throws IOException {
        Path data = Files.createDirectory(tmp.resolve("data"));
        Files.copy(IMAGES.resolve("delta_logits.npy"), data.resolve("delta_logits.npy"));
        Files.copy(IMAGES.resolve("delta_labels.npy"), data.resolve("delta_labels.npy"));
        Path linked = Files.createDirectory(tmp.resolve("elsewhere"));
        Files.copy(IMAGES.resolve("echo_logits.npy"), linked.resolve("echo_logits.npy"));
        Files.copy(IMAGES.resolve("echo_labels.npy"), linked.resolve("echo_labels.npy"));
        Files.createSymbolicLink(data.resolve("more"), linked);
        Files.createSymbolicLink(data.resolve("loop"), data);
        Files.createSymbolicLink(data.resolve("gone_labels.npy"), tmp.resolve("nowhere.npy"));

        Run scan = run("scan", data.toString());
        assertEquals(0, scan.exit, scan.err);
        assertEquals(List.of(
                "focalscope: skipped " + data.resolve("gone_labels.npy") + ": a link to a file that does not exist",
                "focalscope: skipped " + data.resolve("loop") + ": a link to a folder above it (a loop), not followed"),
                scan.err.lines().filter(l -> l.startsWith("focalscope: skipped")).toList());
        assertEquals(data + ": 2 images (2 files skipped), 5 classes", scan.out.lines().findFirst().orElseThrow()
                .replaceAll(", [\\d,]+ labelled.*", ""));

        Run weights = run("weights", data.toString());
        assertEquals(0, weights.exit, weights.err);
        assertEquals(2, weights.err.lines().filter(l -> l.startsWith("focalscope: skipped")).count(), weights.err);
    }

    @Test
    void anUnreadableSubFolderIsListedAndTheScanGoesOn() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every folder: run as a user to test this");
        Path data = Files.createDirectory(tmp.resolve("data"));
        Files.copy(IMAGES.resolve("delta_logits.npy"), data.resolve("delta_logits.npy"));
        Files.copy(IMAGES.resolve("delta_labels.npy"), data.resolve("delta_labels.npy"));
        Path closed = Files.createDirectory(data.resolve("closed"));
        Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("---------"));
        try {
            Run scan = run("scan", data.toString());
            assertEquals(0, scan.exit, scan.err);
            assertEquals(List.of("focalscope: skipped " + closed + ": cannot be read (permission denied)"),
                    scan.err.lines().filter(l -> l.startsWith("focalscope: skipped")).toList());
        } finally {
            Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = FocalscopeCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString().replaceAll("\r[^\n]*", ""));
    }
}
