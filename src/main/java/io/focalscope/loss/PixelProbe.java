package io.focalscope.loss;

import io.focalscope.io.SegmentationBatch;
import java.util.ArrayList;
import java.util.List;

/** One pixel's class probabilities, straight from its logits, for a readout. */
public final class PixelProbe {

    private PixelProbe() {
    }

    /** The {@code k} most probable classes of a pixel, most probable first (softmax in double). */
    public static List<ClassProbability> topClasses(SegmentationBatch batch, int flatPixel, int k) {
        int classes = batch.classes();
        int hw = batch.height() * batch.width();
        int base = (flatPixel / hw) * classes * hw + flatPixel % hw;
        float[] z = batch.logits();
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, z[base + c * hw]);
        }
        double[] e = new double[classes];
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            e[c] = Math.exp(z[base + c * hw] - max);
            sum += e[c];
        }
        List<ClassProbability> all = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            all.add(new ClassProbability(c, e[c] / sum));
        }
        all.sort((a, b) -> Double.compare(b.probability(), a.probability()));
        return List.copyOf(all.subList(0, Math.min(k, classes)));
    }
}
