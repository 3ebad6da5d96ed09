package io.focalscope.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.focalscope.cli.FocalscopeCli;
import io.focalscope.dataset.DatasetScan;
import io.focalscope.dataset.FolderTree;
import io.focalscope.dataset.FolderWalk;
import io.focalscope.dataset.ImageDiscovery;
import io.focalscope.dataset.ImageList;
import io.focalscope.dataset.ImageScan;
import io.focalscope.dataset.ImageSummary;
import io.focalscope.dataset.LabelCounts;
import io.focalscope.dataset.LabelFiles;
import io.focalscope.dataset.ScanFailure;
import io.focalscope.dataset.ScanTotals;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import io.focalscope.loss.engines.Engines;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
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

    /** Folders nested past the bound are listed, not walked: what stops a loop that a file system does not show as one. */
    @Test
    void foldersNestedDeeperThanTheBoundAreListedNotWalked() throws IOException {
        Path data = Files.createDirectory(tmp.resolve("data"));
        Path deepest = data;
        for (int level = 1; level <= FolderTree.MAX_DEPTH + 1; level++) {
            deepest = Files.createDirectory(deepest.resolve("d"));
            Files.writeString(deepest.resolve("level.txt"), Integer.toString(level));
        }
        FolderWalk walk = FolderWalk.of(data);
        assertEquals(64, FolderTree.MAX_DEPTH);
        assertEquals(List.of(new ScanFailure(deepest.toString(), deepest + ": more than 64 folders deep, not followed")), walk.failed());
        assertEquals(FolderTree.MAX_DEPTH, walk.files().size());
        assertTrue(walk.files().contains(deepest.getParent().resolve("level.txt")), "the file 64 folders deep is read");
    }

    /**
     * A sub-folder the walk may not open, as a file system refuses a user: root opens every folder,
     * and CI runs as root, so the refusal is made here rather than with permissions (the test after
     * this one makes it with permissions where it runs as a user).
     */
    @Test
    void aSubFolderThatMayNotBeOpenedIsListedAndTheOtherImagesAreScannedAndCounted() throws IOException {
        Path data = Files.createDirectory(tmp.resolve("data"));
        Path open = Files.createDirectory(data.resolve("open"));
        Path closed = Files.createDirectory(data.resolve("closed"));
        for (String part : List.of("_logits.npy", "_labels.npy")) {
            Files.copy(IMAGES.resolve("delta" + part), data.resolve("delta" + part));
            Files.copy(IMAGES.resolve("echo" + part), open.resolve("echo" + part));
            Files.copy(IMAGES.resolve("foxtrot" + part), closed.resolve("foxtrot" + part));
        }
        FolderWalk.FolderOpener refusing = folder -> {
            if (folder.equals(closed)) {
                throw new AccessDeniedException(folder.toString());
            }
            return Files.newDirectoryStream(folder);
        };
        ScanFailure denied = new ScanFailure(closed.toString(), closed + ": cannot be read (permission denied)");

        ImageList images = ImageDiscovery.inFolder(data, ImageDiscovery.LOGITS_SUFFIX, ImageDiscovery.LABELS_SUFFIXES, refusing);
        assertEquals(List.of(denied), images.failed());
        LossSettings settings = new LossSettings(2, new WeightScheme.None(), 255, Reduction.MEAN, false);
        ScanTotals scan = DatasetScan.run(images, Engines.choose("cpu"), settings, 1, (done, total) -> { }, () -> false);
        assertEquals(List.of(denied), scan.failed());
        assertEquals(List.of("delta", "open/echo"), scan.images().stream().map(i -> i.files().name()).toList());
        // each image read whole: its figures are those of the image scanned on its own
        for (ImageSummary image : scan.images()) {
            ImageScan alone = ImageScan.of(0, image.files(), Engines.choose("cpu"), settings);
            assertEquals(alone.summary().sums().pixels(), image.sums().pixels(), image.files().name());
            assertArrayEquals(alone.summary().sums().counts(), image.sums().counts(), image.files().name());
            assertArrayEquals(alone.summary().sums().focalSum(), image.sums().focalSum(), image.files().name());
        }

        ImageList labels = LabelFiles.expand(List.of(data.toString()), refusing);
        assertEquals(List.of(denied), labels.failed());
        LabelCounts counts = LabelCounts.count(labels, null, 255, 1, (done, total) -> { }, () -> false);
        assertEquals(List.of(data.resolve("delta_labels.npy").toString(), open.resolve("echo_labels.npy").toString()), counts.files());
        assertEquals(List.of(denied), counts.failed());
        LabelCounts readable = LabelCounts.count(LabelFiles.expand(List.of(data.resolve("delta_labels.npy").toString(),
                open.resolve("echo_labels.npy").toString())), null, 255, 1, (done, total) -> { }, () -> false);
        assertArrayEquals(readable.counts(), counts.counts());
    }

    @Test
    void anUnreadableSubFolderIsListedAndTheScanGoesOn() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every folder: the test above refuses one as root");
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
