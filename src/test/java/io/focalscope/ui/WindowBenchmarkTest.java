package io.focalscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.io.NdArray;
import io.focalscope.io.NpyWriter;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --window} on headless JavaFX: it opens the window, moves γ step by step and
 * reports its figures (their size is the benchmark's business, not a test's).
 */
class WindowBenchmarkTest {

    @TempDir
    Path tmp;

    @Test
    void movesGammaThroughItsStepsAndReportsEveryFigure() throws Exception {
        // the toolkit runs already, as TestFX keeps it for the other window tests: the benchmark must leave it running
        org.testfx.api.FxToolkit.registerPrimaryStage();
        Random rng = new Random(3);
        float[] logits = new float[5 * 40 * 60];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) rng.nextGaussian();
        }
        int[] labels = new int[40 * 60];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rng.nextInt(5);
        }
        Path l = tmp.resolve("logits.npy");
        Path y = tmp.resolve("labels.npy");
        NpyWriter.writeFloat32(l, new int[] {1, 5, 40, 60}, logits);
        NpyWriter.write(y, NdArray.ofBytes("labels", new int[] {1, 40, 60}, labels));
        WindowBenchmark.Figures f = WindowBenchmark.run(new WindowBenchmark.Options(12, 3, 900, 640, "cpu", "Shares"), l, y);
        assertEquals(12, f.steps());
        assertTrue(f.openMs() > 0, "openMs " + f.openMs());
        assertTrue(f.gammaFrameMsP50() > 0 && f.gammaFrameMsP50() <= f.gammaFrameMsP95() && f.gammaFrameMsP95() <= f.gammaFrameMsMax(),
                f.toString());
        assertTrue(f.longestPulseMs() > 0, f.toString());
        assertTrue(f.backend().startsWith("cpu kernel on "), f.backend());
        assertTrue(javafx.application.Platform.isFxApplicationThread()
                || org.testfx.util.WaitForAsyncUtils.asyncFx(() -> true).get(), "the toolkit still runs");
    }

    @Test
    void stepsMoveGammaBackAndForthBetweenHalfAndFourAndAHalf() {
        assertEquals(2.0, WindowBenchmark.gammaAt(0));
        assertEquals(2.05, WindowBenchmark.gammaAt(1));
        assertEquals(4.5, WindowBenchmark.gammaAt(50));
        assertEquals(4.45, WindowBenchmark.gammaAt(51));
        assertEquals(0.5, WindowBenchmark.gammaAt(130));
    }
}
