package io.focalscope.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.io.BatchLoader;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.engines.Engines;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.PreparedBatch;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded demo is what its generator makes, and looks like a real model's output. */
class DemoSceneTest {

    static SegmentationBatch shipped;
    static LossResult result;

    @BeforeAll
    static void load() {
        String demo = Assets.demoArchive().toString();
        shipped = BatchLoader.load(demo, demo);
        try (PreparedBatch prepared = Engines.auto().prepare(shipped, 255)) {
            result = prepared.evaluate(new LossSettings(2.0, new WeightScheme.None(), 255, Reduction.MEAN));
        }
    }

    @Test
    void shippedDemoIsTheGeneratorsOutput() {
        DemoScene fresh = DemoSceneGenerator.generate(7);
        assertEquals(1, shipped.samples());
        assertEquals(19, shipped.classes());
        assertEquals(256, shipped.height());
        assertEquals(512, shipped.width());
        assertArrayEquals(fresh.labels(), shipped.labels());
        for (int i = 0; i < fresh.logits().length; i++) {
            // float16 keeps 11 significant bits
            assertEquals(fresh.logits()[i], shipped.logits()[i], Math.abs(fresh.logits()[i]) / 1024 + 1e-4, "logit " + i);
        }
    }

    @Test
    void everyClassAppearsSomeRarelyAndTheBonnetIsIgnored() {
        long[] counts = result.counts();
        assertTrue(Arrays.stream(counts).allMatch(n -> n > 0), Arrays.toString(counts));
        assertTrue(Arrays.stream(counts).filter(n -> n < 0.005 * result.pixels()).count() >= 2, "rare classes");
        assertTrue(result.ignored() > 1000, "ignored pixels: " + result.ignored());
    }

    @Test
    void modelIsMostlyRightUnsureAtEdgesAndConfidentlyWrongSomewhere() {
        int[] labels = shipped.labels();
        int[] predicted = result.maps().predicted();
        float[] pt = result.maps().pt();
        long labelled = 0;
        long right = 0;
        long confidentlyWrong = 0;
        for (int p = 0; p < labels.length; p++) {
            if (labels[p] == 255) {
                continue;
            }
            labelled++;
            right += predicted[p] == labels[p] ? 1 : 0;
            confidentlyWrong += pt[p] < 0.01 ? 1 : 0;
        }
        double accuracy = right / (double) labelled;
        assertTrue(accuracy > 0.85 && accuracy < 0.98, "pixel accuracy " + accuracy);
        assertTrue(confidentlyWrong > 1000, "pixels with p_t < 0.01: " + confidentlyWrong);
        float[] distance = DistanceTransform.toBoundary(labels, 512, 256);
        double edge = meanPt(pt, labels, distance, 0, 1.5);
        double inside = meanPt(pt, labels, distance, 8, 1e9);
        assertTrue(edge < 0.6 && inside > 0.85, "mean p_t at edges " + edge + ", inside " + inside);
    }

    /** The mislabelled patch of the red car: the post's own code breaks there, and only there. */
    @Test
    void thePostsCodeBreaksExactlyOnTheMislabelledPatch() {
        float[] post = result.maps().asWritten();
        int[] labels = shipped.labels();
        long inPatch = 0;
        for (int p = 0; p < post.length; p++) {
            int x = p % 512;
            int y = p / 512;
            boolean patch = x >= DemoSceneGenerator.MISLABELLED_X && x < DemoSceneGenerator.MISLABELLED_X + 18
                    && y >= DemoSceneGenerator.MISLABELLED_Y && y < DemoSceneGenerator.MISLABELLED_Y + 8;
            if (patch) {
                assertEquals(DemoSceneGenerator.ROAD, labels[p], "labelled road at " + x + "," + y);
                assertEquals(DemoSceneGenerator.CAR, result.maps().predicted()[p], "taken for a car at " + x + "," + y);
                assertEquals(Float.POSITIVE_INFINITY, post[p], "the post's loss at " + x + "," + y);
                assertTrue(result.maps().focal()[p] > 100 && Float.isFinite(result.maps().focal()[p]), "ours at " + x + "," + y);
                inPatch++;
            } else {
                assertTrue(Float.isFinite(post[p]), "the post's loss at " + x + "," + y);
            }
        }
        assertEquals(8 * 18, inPatch);
        assertEquals(8 * 18, result.asWritten().nonFinitePixels());
        assertEquals(null, result.asWritten().loss());
    }

    private static double meanPt(float[] pt, int[] labels, float[] distance, double from, double to) {
        double sum = 0;
        long n = 0;
        for (int p = 0; p < pt.length; p++) {
            if (labels[p] != 255 && distance[p] >= from && distance[p] < to) {
                sum += pt[p];
                n++;
            }
        }
        return sum / n;
    }
}
