package io.focalscope.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code weights} counts: the label maps among files, folders and globs the shell left as they were. */
class LabelFilesTest {

    @TempDir
    Path dir;

    private Path touch(String name) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.write(p, new byte[] {1});
    }

    private static List<String> files(ImageList list) {
        return list.images().stream().map(ImageFiles::labels).toList();
    }

    @Test
    void aFolderGivesItsPngAndNpyMapsButNotTheLogits() throws Exception {
        Path png = touch("a/x_labels.png");
        Path upper = touch("a/Y.PNG");
        Path npy = touch("b/z.npy");
        touch("b/z_logits.npy");
        touch("b/notes.txt");
        ImageList list = LabelFiles.expand(List.of(dir.toString()));
        // sorted as strings: capitals first
        assertEquals(List.of(upper.toString(), png.toString(), npy.toString()), files(list));
        assertEquals(List.of(), list.failed());
        ImageFiles second = list.images().get(1);
        assertEquals(List.of(png.toString(), png.toString()), List.of(second.logits(), second.name()));
    }

    @Test
    void aGlobMatchesBelowItsFolderAndEachFileIsCountedOnce() throws Exception {
        Path one = touch("sub/one.png");
        Path two = touch("sub/deep/two.png");
        touch("sub/three.npy");
        String glob = dir + "/sub/**.png";
        ImageList list = LabelFiles.expand(List.of(glob, one.toString(), dir.resolve("sub").toString()));
        assertEquals(List.of(two.toString(), one.toString(), dir.resolve("sub/three.npy").toString()), files(list));
        assertEquals(glob + " " + one + " " + dir.resolve("sub"), list.source());
    }

    @Test
    void everyGlobCharacterMakesAGlob() throws Exception {
        Path ab = touch("g/ab.png");
        Path ac = touch("g/ac.png");
        touch("g/zz.png");
        for (String pattern : List.of("a?.png", "a[bc].png", "a{b,c}.png", "a*.png")) {
            assertEquals(List.of(ab.toString(), ac.toString()), files(LabelFiles.expand(List.of(dir + "/g/" + pattern))), pattern);
        }
    }

    @Test
    void namesThatMatchNothingAreFailuresThatSaySo() {
        String missing = dir.resolve("none.png").toString();
        String noMatch = dir + "/*.jpg";
        String noFolder = dir + "/nowhere/*.png";
        ImageList list = LabelFiles.expand(List.of(missing, noMatch, noFolder));
        assertEquals(List.of(), list.images());
        assertEquals(List.of(new ScanFailure(missing, missing + ": no such file"), new ScanFailure(noMatch, noMatch + ": no file matches"),
                new ScanFailure(noFolder, noFolder + ": no file matches")), list.failed());
    }
}
