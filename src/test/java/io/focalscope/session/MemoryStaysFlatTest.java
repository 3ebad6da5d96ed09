package io.focalscope.session;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.loss.engines.Engines;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/** Opening file after file in one process: heap and off-heap memory stay flat. */
class MemoryStaysFlatTest {

    static final List<Path> CASES = List.of(
            Path.of("src/test/resources/reference/cases/cityscapes_like_enet"),
            Path.of("src/test/resources/reference/cases/seed_example"),
            Path.of("src/test/resources/reference/cases/cityscapes_like_gamma5"));

    @Test
    void thirtyOpeningsLeaveHeapAndOffHeapFlat() {
        for (int i = 0; i < 6; i++) {
            openComputeClose(i); // warm up: classes loaded, buffers sized, JIT done
        }
        long heapBefore = heapUsed();
        long offHeapBefore = Pointer.totalBytes();
        for (int i = 0; i < 30; i++) {
            openComputeClose(i);
        }
        long heapGrowth = heapUsed() - heapBefore;
        long offHeapGrowth = Pointer.totalBytes() - offHeapBefore;
        assertTrue(heapGrowth < 16L << 20, "heap grew by " + heapGrowth / 1024 + " KiB over 30 openings");
        assertTrue(offHeapGrowth < 4L << 20, "off-heap grew by " + offHeapGrowth / 1024 + " KiB over 30 openings");
    }

    private static void openComputeClose(int i) {
        // the demo (19 x 256 x 512) between the small golden cases: a leak of its buffers shows
        Path dir = CASES.get(i % CASES.size());
        Dataset d = i % 2 == 0 ? DatasetLoader.demo()
                : DatasetLoader.load(dir.resolve("logits.npy").toString(), dir.resolve("labels.npy").toString(), null, null);
        // both engines: the ND4J path's device buffers are the ones that could leak
        try (Inspection inspection = new Inspection(d, Engines.choose((i / 2) % 2 == 0 ? "nd4j" : "cpu"))) {
            for (double gamma : new double[] {0, 1, 2, 5}) {
                inspection.evaluate(new LossSettings(gamma, new WeightScheme.Enet(1.1), 255, Reduction.MEAN));
            }
            inspection.evaluate(new LossSettings(2, new WeightScheme.None(), 255, Reduction.SUM));
        }
    }

    private static long heapUsed() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
