package io.focalscope.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.Activation;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.LossTerm;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import io.focalscope.loss.engines.Engines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A first look at a large file: its pixels have the whole evaluation's values, and it is taken only where it saves work. */
class FirstLookTest {

    /** ENet weights: from the look's own labels they would differ from the file's. */
    static final LossSettings AT_2 = new LossSettings(2, new WeightScheme.Enet(1.1), 255, Reduction.MEAN);

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "nd4j"})
    void eachPixelOfTheLookHasTheWholeEvaluationsValue(String engine) {
        Dataset demo = DatasetLoader.demo();
        SegmentationBatch b = demo.batch();
        int sixteenth = b.height() * b.width() / 16;
        try (Inspection whole = new Inspection(demo, Engines.choose(engine));
             FirstLook look = FirstLook.of(demo, AT_2, Engines.choose(engine), sixteenth)) {
            assertNotNull(look);
            assertEquals(4, look.step());
            SegmentationBatch part = look.dataset().batch();
            assertArrayEquals(new int[] {1, b.height() / 4, b.width() / 4}, part.mapShape());
            LossResult all = whole.evaluate(AT_2);
            float[] lookFocal = look.result().maps().focal();
            float[] lookCe = look.result().maps().crossEntropy();
            for (int y = 0; y < part.height(); y++) {
                for (int x = 0; x < part.width(); x++) {
                    int p = y * part.width() + x;
                    int q = y * 4 * b.width() + x * 4;
                    assertEquals(b.labels()[q], part.labels()[p]);
                    assertEquals(all.maps().focal()[q], lookFocal[p], "focal loss at (" + y * 4 + ", " + x * 4 + ")");
                    assertEquals(all.maps().crossEntropy()[q], lookCe[p], "cross-entropy at (" + y * 4 + ", " + x * 4 + ")");
                }
            }
            int[] picture = look.dataset().image();
            assertEquals(demo.image()[(part.height() - 1) * 4 * b.width() + (part.width() - 1) * 4],
                    picture[picture.length - 1], "the picture sampled as the map");
            assertNull(look.result().asWritten(), "a map to see, not the post's figures");
        }
    }

    @Test
    void noLookWhereItWouldNotSaveThreeQuartersOfTheWork() {
        Dataset demo = DatasetLoader.demo();
        int pixels = demo.batch().pixels();
        assertNull(FirstLook.of(demo, AT_2, Engines.choose("cpu")), "the demo is smaller than a look");
        assertNull(FirstLook.of(demo, AT_2, Engines.choose("cpu"), pixels), "a look at every pixel");
        Dataset odd = new Dataset(new SegmentationBatch(new float[2 * 5 * 5], new int[25], 1, 2, 5, 5, "z.npy", "y.npy"), null,
                demo.classes(), "odd");
        assertNull(FirstLook.of(odd, AT_2, Engines.choose("cpu"), 9), "every 2nd pixel of 5 x 5 is 3 x 3, over a quarter");
        try (FirstLook look = FirstLook.of(demo, AT_2, Engines.choose("cpu"), pixels / 4)) {
            assertEquals(2, look.step());
        }
    }

    @Test
    void noLookWithSigmoidOrForLabelsTheEvaluationRefuses() {
        Dataset demo = DatasetLoader.demo();
        int small = demo.batch().pixels() / 16;
        LossSettings sigmoid = new LossSettings(new LossTerm.Focal(2), new WeightScheme.None(), 255, Reduction.MEAN, false,
                Activation.SIGMOID, 0.25, false);
        assertNull(FirstLook.of(demo, sigmoid, Engines.choose("cpu"), small));
        int[] labels = new int[64 * 64];
        labels[64 * 8] = 7; // of 3 classes, no ignore index; on the look's rows and columns
        Dataset bad = new Dataset(new SegmentationBatch(new float[3 * 64 * 64], labels, 1, 3, 64, 64, "z.npy", "y.npy"), null,
                demo.classes(), "bad");
        assertNull(FirstLook.of(bad, new LossSettings(2, new WeightScheme.None(), null, Reduction.MEAN), Engines.choose("cpu"), 256));
    }

    @Test
    void theStepIsTheSmallestThatFits() {
        assertEquals(3, FirstLook.step(1024, 2048, FirstLook.PIXELS), "342 x 683");
        assertEquals(1, FirstLook.step(256, 1024, FirstLook.PIXELS));
        assertEquals(2, FirstLook.step(700, 700, FirstLook.PIXELS), "floor(sqrt(1.87)) = 1 is too small");
        assertEquals(3, FirstLook.step(1024, 1025, 1 << 17), "floor(sqrt(8.0)) = 2 gives 512 x 513, over");
        assertEquals(100, FirstLook.step(1, 100_000, 1000));
    }

    @Test
    void theWindowSaysHowTheLookSamples() {
        assertEquals("every 2nd row and column", FirstLook.sampling(2, 1));
        assertEquals("every 3rd row and column", FirstLook.sampling(3, 1));
        assertEquals("every 4th row and column", FirstLook.sampling(4, 1));
        assertEquals("every 11th row and column", FirstLook.sampling(11, 1));
        assertEquals("every 12th row and column", FirstLook.sampling(12, 1));
        assertEquals("every 21st row and column", FirstLook.sampling(21, 1));
        assertEquals("every 112th row and column", FirstLook.sampling(112, 1));
        assertEquals("sample 1 of 4", FirstLook.sampling(1, 4));
        assertEquals("every 2nd row and column of sample 1 of 3", FirstLook.sampling(2, 3));
    }

    /** The engine leaves pixels with a non-finite logit out of the class counts: so do the look's weights. */
    @Test
    void theWeightsLeaveOutPixelsWithNonFiniteLogitsAsTheEngineDoes() {
        Dataset demo = DatasetLoader.demo();
        SegmentationBatch b = demo.batch();
        float[] z = b.logits().clone();
        int hw = b.height() * b.width();
        for (int p = 0; p < hw; p += 3) { // a third of the pixels, none on the look's rows (every 4th, from row 0)
            if (p / b.width() % 4 != 0) {
                z[2 * hw + p] = Float.NaN;
            }
        }
        Dataset holed = new Dataset(new SegmentationBatch(z, b.labels(), 1, b.classes(), b.height(), b.width(), "z.npy", "y.npy"),
                null, demo.classes(), "holed");
        try (Inspection whole = new Inspection(holed, Engines.choose("cpu"));
             FirstLook look = FirstLook.of(holed, AT_2, Engines.choose("cpu"), hw / 16)) {
            LossResult all = whole.evaluate(AT_2);
            SegmentationBatch part = look.dataset().batch();
            for (int p = 0; p < part.pixels(); p++) {
                int q = p / part.width() * 4 * b.width() + p % part.width() * 4;
                assertEquals(all.maps().focal()[q], look.result().maps().focal()[p], "pixel " + q);
            }
        }
    }

    @Test
    void noLookWhereNoPixelIsLabelled() {
        Dataset demo = DatasetLoader.demo();
        SegmentationBatch b = demo.batch();
        int[] ignored = new int[b.pixels()];
        java.util.Arrays.fill(ignored, 255);
        Dataset none = new Dataset(new SegmentationBatch(b.logits(), ignored, 1, b.classes(), b.height(), b.width(), "z.npy", "y.npy"),
                null, demo.classes(), "none");
        for (WeightScheme w : java.util.List.of(new WeightScheme.MedianFrequency(), new WeightScheme.Inverse(), new WeightScheme.Enet(1.1))) {
            assertNull(FirstLook.of(none, new LossSettings(2, w, 255, Reduction.MEAN), Engines.choose("cpu"), b.pixels() / 16),
                    w.describe());
        }
    }
}
