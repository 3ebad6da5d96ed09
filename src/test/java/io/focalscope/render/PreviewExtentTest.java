package io.focalscope.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.focalscope.io.NdArray;
import io.focalscope.io.NpyWriter;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import io.focalscope.loss.engines.Engines;
import io.focalscope.session.Dataset;
import io.focalscope.session.DatasetLoader;
import io.focalscope.session.Inspection;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The range slider's extent of a previewed map, sampled on a big map: a map 512 px wide has its
 * costliest pixels in one row that a sample of every row reads (row 40: a sample whose runs' starts
 * cycled over 1,024 columns read no pixel of rows 32 to 63 of each 64 there).
 */
class PreviewExtentTest {

    @Test
    void aNarrowMapsSampleReadsEveryRow(@TempDir Path dir) {
        int classes = 3;
        int h = 600;
        int w = 512; // 307,200 pixels: sampled
        Random random = new Random(7);
        float[] logits = new float[classes * h * w];
        int[] labels = new int[h * w];
        for (int p = 0; p < h * w; p++) {
            labels[p] = random.nextInt(classes);
            for (int c = 0; c < classes; c++) {
                logits[c * h * w + p] = (c == labels[p] ? 3f : 0f) + (float) random.nextGaussian() * 0.3f;
            }
        }
        int costly = 40 * w;
        for (int x = 0; x < w; x++) { // row 40 confidently wrong: the largest losses of the map
            int p = costly + x;
            for (int c = 0; c < classes; c++) {
                logits[c * h * w + p] = c == (labels[p] + 1) % classes ? 12f : 0f;
            }
        }
        Path z = dir.resolve("narrow_logits.npy");
        Path y = dir.resolve("narrow_labels.npy");
        NpyWriter.writeFloat32(z, new int[] {1, classes, h, w}, logits);
        NpyWriter.write(y, NdArray.ofBytes("labels", new int[] {1, h, w}, labels));
        Dataset d = DatasetLoader.load(z.toString(), y.toString(), null, null);
        try (Inspection inspection = new Inspection(d, Engines.choose("cpu"))) {
            LossSettings s = new LossSettings(2, new WeightScheme.None(), 255, Reduction.MEAN);
            LossResult opened = inspection.evaluate(s);
            LossResult preview = inspection.preview(s.withGamma(3).withoutAsWritten());
            assertNotNull(preview.maps().ramp());
            Range held = new MapView(new MapData(opened, d.batch().labels(), null, d.classes()), ViewState.defaults()).range();
            MapView sampled = new MapView(new MapData(preview, d.batch().labels(), null, d.classes()), ViewState.defaults().withHeld(held));
            float largest = Float.NEGATIVE_INFINITY;
            for (int p = 0; p < h * w; p++) {
                largest = Math.max(largest, preview.maps().ramp().log2Loss(p));
            }
            double want = Math.pow(2, largest);
            assertEquals(want, sampled.dataRange().hi(), 1e-6 * want);
        }
    }
}
