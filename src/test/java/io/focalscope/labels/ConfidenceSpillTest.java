package io.focalscope.labels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfidenceSpillTest {

    /** 2 x 3 pixels of distinct figures, one of them ignored. */
    private static PixelConfidence figures(int seed) {
        int n = 6;
        int[] label = new int[n];
        double[] self = new double[n];
        int[] predicted = new int[n];
        double[] top = new double[n];
        double[] logSelf = new double[n];
        for (int p = 0; p < n; p++) {
            label[p] = p == 2 ? -1 : (p + seed) % 4;
            self[p] = p == 2 ? Double.NaN : 0.1 * p + 0.01 * seed;
            predicted[p] = (p * seed) % 4;
            top[p] = 0.5 + 0.05 * p;
            logSelf[p] = p == 2 ? Double.NaN : Math.log(self[p] == 0 ? 1e-300 : self[p]);
        }
        return new PixelConfidence(label, self, predicted, top, logSelf, 4, 1, 2, 3);
    }

    private static void assertSameFigures(PixelConfidence want, PixelConfidence got) {
        assertArrayEquals(want.label(), got.label());
        assertArrayEquals(want.selfConfidence(), got.selfConfidence());
        assertArrayEquals(want.predicted(), got.predicted());
        assertArrayEquals(want.predictedProb(), got.predictedProb());
        assertArrayEquals(want.logSelfConfidence(), got.logSelfConfidence());
        assertArrayEquals(new int[] {want.classes(), want.samples(), want.height(), want.width()},
                new int[] {got.classes(), got.samples(), got.height(), got.width()});
    }

    @Test
    void keepsTheFirstImagesInMemoryUpToItsBudgetAndTheRestOnDisk() {
        Path folder;
        // one image's figures take 6 x 32 = 192 bytes: room for one
        try (ConfidenceSpill spill = new ConfidenceSpill(200)) {
            PixelConfidence first = figures(1);
            spill.write(0, first);
            assertNull(spill.folderIfMade(), "no folder for what memory holds");
            PixelConfidence second = figures(2);
            spill.write(1, second);
            spill.write(2, figures(3));
            folder = spill.folderIfMade();
            assertNotNull(folder, "the images beyond the budget go to a temporary folder");
            assertTrue(Files.isRegularFile(folder.resolve("1.bin")) && Files.isRegularFile(folder.resolve("2.bin")));
            assertFalse(Files.exists(folder.resolve("0.bin")));

            assertSame(first, spill.read(0), "kept in memory, as written");
            PixelConfidence read = spill.read(1);
            assertNotSame(second, read, "read back from disk");
            assertSameFigures(second, read);
            assertSameFigures(figures(3), spill.read(2));
            assertSameFigures(figures(2), spill.read(1));
        }
        assertFalse(Files.exists(folder), "the folder is removed at the end");
    }

    @Test
    void withNoBudgetEveryImageGoesToDisk() {
        try (ConfidenceSpill spill = new ConfidenceSpill(0)) {
            spill.write(0, figures(5));
            assertTrue(Files.isRegularFile(spill.folderIfMade().resolve("0.bin")));
            assertSameFigures(figures(5), spill.read(0));
        }
    }

    /** A failed image's figures give their memory to the images after it, and their file goes. */
    @Test
    void aForgottenImageFreesItsShare() {
        try (ConfidenceSpill spill = new ConfidenceSpill(200)) {
            spill.write(0, figures(1));
            spill.forget(0);
            spill.write(1, figures(2));
            assertNull(spill.folderIfMade(), "the second image takes the room the first left");
            spill.write(2, figures(3));
            Path onDisk = spill.folderIfMade().resolve("2.bin");
            assertTrue(Files.isRegularFile(onDisk));
            spill.forget(2);
            assertFalse(Files.exists(onDisk));
            assertSameFigures(figures(2), spill.read(1));
        }
    }

    /** A worker that outlives the search writes nothing after it is closed, and makes no folder. */
    @Test
    void afterCloseNothingIsWritten() {
        ConfidenceSpill spill = new ConfidenceSpill(0);
        spill.close();
        SearchAborted e = assertThrows(SearchAborted.class, () -> spill.write(0, figures(1)));
        assertEquals("label-issues: the search has ended", e.getMessage());
        assertNull(spill.folderIfMade());
    }
}
