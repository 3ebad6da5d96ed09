package io.focalscope.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.calibration.CalibrationPass;
import io.focalscope.classes.ClassSet;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import io.focalscope.loss.engines.Engines;
import io.focalscope.session.Dataset;
import io.focalscope.session.Inspection;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The confidence layers on a hand-made batch of six pixels: c = max softmax, marked where c > threshold and argmax ≠ label. */
class ConfidentWrongLayerTest {

    // 3 classes, 2 x 3 pixels; per pixel its logits and label
    static final float[][] LOGITS = {{5, 0, 0}, {5, 0, 0}, {1, 0, 0}, {0, 3, 0}, {0, 0, 4}, {0, 0, 2}};
    static final int[] LABELS = {1, 0, 2, 0, 255, 1};

    static MapData data() {
        float[] z = new float[3 * 6];
        for (int p = 0; p < 6; p++) {
            for (int c = 0; c < 3; c++) {
                z[c * 6 + p] = LOGITS[p][c]; // [N, C, H, W]
            }
        }
        SegmentationBatch b = new SegmentationBatch(z, LABELS.clone(), 1, 3, 2, 3, "tiny_logits", "tiny_labels");
        ClassSet classes = ClassSet.numbered(3);
        LossResult r;
        try (Inspection i = new Inspection(new Dataset(b, null, classes, "tiny"), Engines.choose("cpu"))) {
            r = i.evaluate(new LossSettings(2, new WeightScheme.None(), 255, Reduction.MEAN));
        }
        return new MapData(r, null, b.pixelLabels(255), null, classes, null, CalibrationPass.confidence(b));
    }

    static double maxSoftmax(float[] z) {
        double max = Math.max(z[0], Math.max(z[1], z[2]));
        double sum = 0;
        for (float v : z) {
            sum += Math.exp(v - max);
        }
        return 1 / sum;
    }

    static ViewState view(MapLayer layer, double threshold) {
        return ViewState.defaults().withLayer(layer).withConfidentThreshold(threshold);
    }

    @Test
    void theConfidenceIsTheLargestSoftmaxProbability() {
        MapData d = data();
        for (int p = 0; p < 6; p++) {
            assertEquals(maxSoftmax(LOGITS[p]), d.confidence()[p], 1e-6, "pixel " + p);
        }
        ViewState v = view(MapLayer.CONFIDENCE, 0.9);
        assertTrue(Float.isNaN(MapRenderer.value(d, v, 4)), "an ignored pixel has no value");
        assertEquals(d.confidence()[3], MapRenderer.value(d, v, 3));
    }

    @Test
    void exactlyTheConfidentWrongPixelsAreMarked() {
        MapData d = data();
        // c: 0.987 (wrong), 0.987 (right), 0.576 (wrong), 0.909 (wrong), ignored, 0.787 (wrong)
        float nan = Float.NaN;
        assertMarks(d, 0.9, new float[] {1, 0, 0, 1, nan, 0});
        assertMarks(d, 0.95, new float[] {1, 0, 0, 0, nan, 0});
        assertMarks(d, 0.5, new float[] {1, 0, 1, 1, nan, 1});
        for (double t : new double[] {0, 0.3, 0.6, 0.8, 0.9, 0.95, 0.99, 1}) {
            for (int p = 0; p < 6; p++) {
                if (LABELS[p] == 255) {
                    continue;
                }
                boolean expected = maxSoftmax(LOGITS[p]) > t && argmax(LOGITS[p]) != LABELS[p];
                assertEquals(expected ? 1f : 0f, MapRenderer.value(d, view(MapLayer.CONFIDENT_WRONG, t), p), "pixel " + p + " at " + t);
            }
        }
    }

    @Test
    void theMarkedPixelsTakeThePredictedColourTheOthersTheirLabelFaded() {
        MapData d = data();
        ViewState v = view(MapLayer.CONFIDENT_WRONG, 0.9);
        int[] drawn = new MapView(d, v).draw(1, 0, 0, 3, 2, 0);
        ClassSet c = d.classes();
        assertEquals(0xff000000 | c.color(0), drawn[0], "pixel 0: predicted 0 at 0.987, labelled 1");
        assertEquals(MapRenderer.faded(0xff000000 | c.color(0)), drawn[1], "pixel 1: right");
        assertEquals(MapRenderer.faded(0xff000000 | c.color(2)), drawn[2], "pixel 2: wrong at 0.576");
        assertEquals(0xff000000 | c.color(1), drawn[3], "pixel 3: predicted 1 at 0.909, labelled 0");
        assertTrue(drawn[4] == MapRenderer.IGNORED_LIGHT || drawn[4] == MapRenderer.IGNORED_DARK, "pixel 4: ignored");
        assertEquals(MapRenderer.faded(0xff000000 | c.color(1)), drawn[5], "pixel 5: wrong at 0.787");
        assertEquals(Set.of(), v.hiddenClasses());
    }

    private static void assertMarks(MapData d, double threshold, float[] expected) {
        for (int p = 0; p < 6; p++) {
            assertEquals(expected[p], MapRenderer.value(d, view(MapLayer.CONFIDENT_WRONG, threshold), p), "pixel " + p + " at " + threshold);
        }
    }

    private static int argmax(float[] z) {
        int a = 0;
        for (int c = 1; c < z.length; c++) {
            if (z[c] > z[a]) {
                a = c;
            }
        }
        return a;
    }
}
