package io.focalscope.bench;

import io.focalscope.dataset.ImageFiles;
import io.focalscope.dataset.ImageScan;
import io.focalscope.dynamics.HardThresholds;
import io.focalscope.dynamics.ImageDynamics;
import io.focalscope.dynamics.TrackedImage;
import io.focalscope.io.FloatArrays;
import io.focalscope.io.NdArray;
import io.focalscope.io.NpyWriter;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import io.focalscope.loss.engines.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
 * Issue 23's target, an epoch of training dynamics against the scan of that epoch: one image read
 * from files as both read it, {@code scanImage} the scan's per-image step and {@code dynamicsEpoch}
 * the dynamics of the same image over {@code EPOCHS} epochs divided by them (its per-pixel
 * history included). Run as docs/performance.md says.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DynamicsBenchmark {

    static final int EPOCHS = 5;

    @Param({"19x512x1024"})
    public String shape;

    @Param({"cpu"})
    public String engine;

    private Path folder;
    private TrackedImage image;
    private FocalLossEngine chosen;
    private final FloatArrays arrays = FloatArrays.reusing();
    private final LossSettings settings = new LossSettings(2.0, new WeightScheme.None(), 255, Reduction.MEAN);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        String[] s = shape.split("x");
        int classes = Integer.parseInt(s[0]);
        int height = Integer.parseInt(s[1]);
        int width = Integer.parseInt(s[2]);
        SplittableRandom rng = new SplittableRandom(42);
        folder = Files.createTempDirectory("focalscope-dynamics-bench");
        int[] labels = new int[height * width];
        for (int p = 0; p < labels.length; p++) {
            labels[p] = rng.nextInt(20) == 0 ? 255 : rng.nextInt(classes);
        }
        Path labelsFile = folder.resolve("labels.npy");
        NpyWriter.write(labelsFile, NdArray.ofBytes("labels", new int[] {height, width}, labels));
        List<ImageFiles> epochs = new ArrayList<>();
        for (int e = 0; e < EPOCHS; e++) {
            float[] logits = new float[classes * height * width];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (float) (rng.nextDouble() * 6 - 3);
            }
            Path file = folder.resolve("epoch_" + e + ".npy");
            NpyWriter.writeFloat32(file, new int[] {classes, height, width}, logits);
            epochs.add(new ImageFiles("image", file.toString(), labelsFile.toString()));
        }
        image = new TrackedImage("image", epochs);
        chosen = Engines.choose(engine);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (var files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The scan's step for one image at one epoch. */
    @Benchmark
    public Object scanImage() {
        return ImageScan.of(0, image.epochs().get(0), chosen, settings, arrays);
    }

    /** The dynamics of the image over {@link #EPOCHS} epochs: its time per epoch is this over EPOCHS. */
    @Benchmark
    @org.openjdk.jmh.annotations.OperationsPerInvocation(EPOCHS)
    public Object dynamicsEpoch() {
        return ImageDynamics.of(0, image, chosen, settings, HardThresholds.DEFAULT, false, arrays, null);
    }
}
