package io.focalscope.labels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
    void keepsTheFirstImagesInMemoryUpToItsBudgetAndTheRestOnDisk() throws IOException {
        Set<Path> before = spillFolders();
        // one image's figures take 6 x 32 = 192 bytes: room for one
        try (ConfidenceSpill spill = new ConfidenceSpill(200)) {
            PixelConfidence first = figures(1);
            spill.write(0, first);
            assertFalse(spill.usedDisk(), "the first image fits in memory");
            assertEquals(before, spillFolders(), "no folder for what memory holds");
            spill.write(1, figures(2));
            spill.write(2, figures(3));
            assertTrue(spill.usedDisk());

            assertSame(first, spill.read(0));
            PixelConfidence second = spill.read(1);
            assertNotSame(second, figures(2));
            assertSameFigures(figures(2), second);
            assertSameFigures(figures(3), spill.read(2));
            assertSameFigures(figures(2), spill.read(1));
        }
        assertEquals(before, spillFolders(), "the folder is removed at the end");
    }

    @Test
    void withNoBudgetEveryImageGoesToDisk() {
        try (ConfidenceSpill spill = new ConfidenceSpill(0)) {
            spill.write(0, figures(5));
            assertTrue(spill.usedDisk());
            assertSameFigures(figures(5), spill.read(0));
        }
    }

    private static Set<Path> spillFolders() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("focalscope-label-issues")).collect(Collectors.toSet());
        }
    }
}
