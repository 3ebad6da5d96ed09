package io.focalscope.bench;

import io.focalscope.classes.ClassSet;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.engines.Engines;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.PreparedBatch;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import io.focalscope.render.MapData;
import io.focalscope.render.MapView;
import io.focalscope.render.ViewState;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The engine's kernels one by one: the softmax pass, a new γ, a scan's pass over an image, and
 * drawing a view. Run as
 * docs/performance.md says; {@code focalscope bench} measures the same steps end to end.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class KernelBenchmark {

    @Param({"19x512x1024"})
    public String shape;

    @Param({"cpu", "nd4j"})
    public String engine;

    private SegmentationBatch batch;
    private FocalLossEngine chosen;
    private PreparedBatch prepared;
    private MapData map;
    private double gamma = 1.5;
    private final WeightScheme weights = new WeightScheme.Enet(1.10);

    @Setup(Level.Trial)
    public void setUp() {
        String[] s = shape.split("x");
        int classes = Integer.parseInt(s[0]);
        int height = Integer.parseInt(s[1]);
        int width = Integer.parseInt(s[2]);
        SplittableRandom rng = new SplittableRandom(42);
        float[] logits = new float[classes * height * width];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (rng.nextDouble() * 6 - 3);
        }
        int[] labels = new int[height * width];
        for (int p = 0; p < labels.length; p++) {
            labels[p] = rng.nextInt(20) == 0 ? 255 : rng.nextInt(classes);
        }
        batch = new SegmentationBatch(logits, labels, 1, classes, height, width, "logits", "labels");
        chosen = Engines.choose(engine);
        prepared = chosen.prepare(batch, 255);
        LossResult r = prepared.evaluate(new LossSettings(2.0, weights, 255, Reduction.MEAN));
        map = new MapData(r, labels, null, ClassSet.numbered(classes));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        prepared.close();
    }

    /** Log-softmax, both picks, histogram: what opening a file costs once. */
    @Benchmark
    public long prepare() {
        try (PreparedBatch p = chosen.prepare(batch, 255)) {
            return p.participation().counts().labelledPixels();
        }
    }

    /** A new γ: the loss map, totals and per-class figures. */
    @Benchmark
    public double regamma() {
        gamma = gamma > 4.9 ? 0.1 : gamma + 0.1;
        return prepared.evaluate(new LossSettings(gamma, weights, 255, Reduction.MEAN, false)).lossOnehot();
    }

    /** A scan's one pass over an image: per-class sums and the histogram of -log p_t, nothing kept per pixel. */
    @Benchmark
    public double summarize() {
        return chosen.summarize(batch, new LossSettings(2.0, weights, 255, Reduction.MEAN)).focalSum()[0];
    }

    /** A 1920 x 1080 view of the focal-loss map through a colormap. */
    @Benchmark
    public int[] render() {
        return new MapView(map, ViewState.defaults()).draw(1.0, 0, 0, 1920, 1080, 0xff000000);
    }
}
