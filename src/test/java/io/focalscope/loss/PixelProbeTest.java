package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.focalscope.io.SegmentationBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The readout's most probable classes of a pixel. */
class PixelProbeTest {

    @Test
    void theTopClassesAreTheSoftmaxsLargestMostProbableFirst() {
        // two samples of 1 x 2 pixels, 4 classes; the pixel asked for is the second sample's second
        float[] z = new float[2 * 4 * 2];
        float[] pixel = {0.5f, 3f, -1f, 2f};
        for (int c = 0; c < 4; c++) {
            z[(4 + c) * 2 + 1] = pixel[c];
        }
        SegmentationBatch b = new SegmentationBatch(z, new int[] {0, 1, 2, 3}, 2, 4, 1, 2, "z", "y");
        double sum = 0;
        for (float v : pixel) {
            sum += Math.exp(v);
        }
        List<ClassProbability> top = PixelProbe.topClasses(b, 3, 3);
        assertEquals(3, top.size());
        int[] order = {1, 3, 0};
        for (int i = 0; i < 3; i++) {
            assertEquals(order[i], top.get(i).classId(), "rank " + i);
            assertEquals(Math.exp(pixel[order[i]]) / sum, top.get(i).probability(), 1e-15, "rank " + i);
        }
        assertEquals(4, PixelProbe.topClasses(b, 3, 9).size(), "no more than the classes");
    }
}
