package io.focalscope.dataset;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.focalscope.io.InputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a scan's images are named on the command line and in a list. */
class ImageDiscoveryTest {

    private static String refusal(boolean folder, boolean list, boolean logitsDir, boolean labelsDir) {
        return assertThrows(InputException.class, () -> ImageDiscovery.requireOneInput("scan", folder, list, logitsDir, labelsDir))
                .getMessage();
    }

    @Test
    void aScanTakesExactlyOneInput() {
        assertDoesNotThrow(() -> ImageDiscovery.requireOneInput("scan", true, false, false, false));
        assertDoesNotThrow(() -> ImageDiscovery.requireOneInput("scan", false, true, false, false));
        assertDoesNotThrow(() -> ImageDiscovery.requireOneInput("scan", false, false, true, true));
        assertEquals("scan: give a folder DIR, --list FILE.csv or --logits-dir D1 with --labels-dir D2", refusal(false, false, false, false));
        assertEquals("scan: give one of a folder DIR, --list FILE.csv or --logits-dir D1 with --labels-dir D2, not DIR and --list",
                refusal(true, true, false, false));
        assertEquals("scan: give one of a folder DIR, --list FILE.csv or --logits-dir D1 with --labels-dir D2, not --list and --labels-dir",
                refusal(false, true, false, true));
        assertEquals("scan: give one of a folder DIR, --list FILE.csv or --logits-dir D1 with --labels-dir D2, not DIR and --logits-dir",
                refusal(true, false, true, true));
        assertEquals("scan: --logits-dir needs --labels-dir (logits and labels are paired by file stem)", refusal(false, false, true, false));
        assertEquals("scan: --labels-dir needs --logits-dir (logits and labels are paired by file stem)", refusal(false, false, false, true));
    }

    @Test
    void noImagesSaysWhatWasLookedFor() {
        assertEquals("d: no images found (looked for *.npz and pairs NAME_logits.npy + NAME_labels.png|NAME_labels.npy)",
                ImageDiscovery.noImages("d", ImageDiscovery.LOGITS_SUFFIX, ImageDiscovery.LABELS_SUFFIXES).getMessage());
    }

    @Test
    void aClusterListResolvesItsPathsAgainstItsFolder() {
        ImageList list = ImageDiscovery.fromListText("hdfs://nn/data/list.csv", "hdfs://nn/data",
                "\uFEFFLogits, Labels\n"
                        + "a_logits.npy,a_labels.png\n"
                        + "\n"
                        + "/abs/b.npz , s3a://bucket/b.npz\n"
                        + "c.npy,c_labels.npy\n"
                        + "only-one-field\n"
                        + ",x.png\n");
        assertEquals(List.of(new ImageFiles("a", "hdfs://nn/data/a_logits.npy", "hdfs://nn/data/a_labels.png"),
                new ImageFiles("/abs/b", "/abs/b.npz", "s3a://bucket/b.npz"),
                new ImageFiles("c", "hdfs://nn/data/c.npy", "hdfs://nn/data/c_labels.npy")), list.images());
        assertEquals(List.of(
                new ScanFailure("hdfs://nn/data/list.csv",
                        "hdfs://nn/data/list.csv: line 6: expected two paths 'logits,labels', found 'only-one-field'"),
                new ScanFailure("hdfs://nn/data/list.csv", "hdfs://nn/data/list.csv: line 7: expected two paths 'logits,labels', found ',x.png'")),
                list.failed());
    }

    @Test
    void aListNeedsItsHeader() {
        assertEquals("l.csv: line 1: expected the header 'logits,labels', the file is empty",
                assertThrows(InputException.class, () -> ImageDiscovery.fromListText("l.csv", "b", "")).getMessage());
        assertEquals("l.csv: line 1: expected the header 'logits,labels', found 'a.npz,a.png'",
                assertThrows(InputException.class, () -> ImageDiscovery.fromListText("l.csv", "b", "a.npz,a.png\n")).getMessage());
    }

    @Test
    void moreFailuresAreAddedAfterTheListsOwn() {
        ScanFailure own = new ScanFailure("l", "l: own");
        ScanFailure walk = new ScanFailure("d", "d: walk");
        ImageList list = new ImageList("l", List.of(), List.of(own));
        assertEquals(List.of(own, walk), list.withFailures(List.of(walk)).failed());
        assertEquals(list, list.withFailures(List.of()));
    }

    @Test
    void aFolderIsNotSearchedForEmptySuffixes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        assertEquals("--logits-suffix and --labels-suffix must not be empty", assertThrows(InputException.class,
                () -> ImageDiscovery.inFolder(dir, "", ImageDiscovery.LABELS_SUFFIXES)).getMessage());
        assertEquals("--logits-suffix and --labels-suffix must not be empty", assertThrows(InputException.class,
                () -> ImageDiscovery.inFolder(dir, ImageDiscovery.LOGITS_SUFFIX, List.of("_labels.png", ""))).getMessage());
    }

    @Test
    void pairedFoldersListTheirImagesInTheOrderOfTheLogitsPaths() {
        // by stem "x" comes before "x-1"; by path "x-1.npy" before "x.npz" ('-' sorts before '.')
        ImageList list = StemPairing.fromFiles("L", List.of("L/x.npz", "L/x-1.npy"), "Y", List.of("Y/x.png", "Y/x-1.png"));
        assertEquals(List.of("L/x-1.npy", "L/x.npz"), list.images().stream().map(ImageFiles::logits).toList());
    }

    @Test
    void aWalkListsItsFilesByPathNotInTheOrderItVisitsThem(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // a folder is listed in the file system's order and visited before the files after it; "a-b.png" sorts before "a/x.png"
        List<String> names = List.of("0.png", "a-b.png", "a/x.png", "b/y.png", "c.png", "k/k.png", "m.png", "z/z.png");
        for (String name : names) {
            java.nio.file.Files.createDirectories(dir.resolve(name).getParent());
            java.nio.file.Files.write(dir.resolve(name), new byte[] {1});
        }
        assertEquals(names.stream().map(dir::resolve).toList(), FolderWalk.of(dir, FolderWalk.FolderOpener.DISK).files());
    }
}
