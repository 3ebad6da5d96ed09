package io.focalscope.spark;

import io.focalscope.dataset.ImageFiles;
import io.focalscope.dataset.ScanFailure;
import io.focalscope.dynamics.DynamicsRun;
import io.focalscope.dynamics.EpochReader;
import io.focalscope.dynamics.EpochRun;
import io.focalscope.dynamics.HardThresholds;
import io.focalscope.dynamics.ImageDynamics;
import io.focalscope.dynamics.ImageTrajectory;
import io.focalscope.dynamics.TrackedImage;
import io.focalscope.io.ArrayFiles;
import io.focalscope.io.BatchLoader;
import io.focalscope.io.FloatArrays;
import io.focalscope.io.InputException;
import io.focalscope.io.NdArray;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.engines.Engines;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Training dynamics on a cluster: the same per-image step as on one machine ({@link ImageDynamics}),
 * each image followed through its epochs by one task, its files read by name on the executor
 * ({@link SparkFiles.Reader}); only the small trajectories come back.
 */
final class SparkDynamics {

    private SparkDynamics() {
    }

    /** A task's images followed, and its failures. */
    private record Part(List<ImageTrajectory> images, List<ScanFailure> failed) implements java.io.Serializable {
    }

    static DynamicsRun.Totals run(JavaSparkContext jsc, EpochRun run, LossSettings settings, HardThresholds thresholds, String engine,
                                  int partitions) {
        ImageDynamics.requireSoftmax(settings);
        List<TrackedImage> images = run.images();
        List<ImageTrajectory> done = new ArrayList<>();
        List<ScanFailure> failed = new ArrayList<>(run.failed());
        if (!images.isEmpty()) {
            Broadcast<List<TrackedImage>> shared = jsc.broadcast(images);
            EpochReader reader = new Files(new SparkFiles.Reader(jsc.hadoopConfiguration()));
            List<Integer> indices = java.util.stream.IntStream.range(0, images.size()).boxed().toList();
            List<Part> parts = jsc.parallelize(indices, Math.min(partitions, images.size())).mapPartitions(part -> {
                FocalLossEngine e = Engines.choose(engine);
                FloatArrays arrays = FloatArrays.reusing();
                List<ImageTrajectory> ok = new ArrayList<>();
                List<ScanFailure> bad = new ArrayList<>();
                while (part.hasNext()) {
                    int index = part.next();
                    TrackedImage image = shared.value().get(index);
                    try {
                        ok.add(ImageDynamics.of(index, image, e, settings, thresholds, false, arrays, null, reader));
                    } catch (InputException x) {
                        bad.add(new ScanFailure(DynamicsRun.fileOf(image, x.getMessage()), SparkFiles.onExecutor(x)));
                    } catch (OutOfMemoryError x) {
                        String file = image.epochs().get(0).logits();
                        bad.add(new ScanFailure(file, file + ": not enough memory on the executor to follow it"));
                    }
                }
                return List.of(new Part(ok, bad)).iterator();
            }).collect();
            for (Part p : parts) {
                done.addAll(p.images());
                failed.addAll(p.failed());
            }
        }
        done.sort(Comparator.comparingInt(ImageTrajectory::index));
        failed.sort(Comparator.comparing(ScanFailure::file));
        return new DynamicsRun.Totals(List.copyOf(done), List.copyOf(failed));
    }

    /** An epoch's files read whole through Hadoop's file systems on the executor. */
    private record Files(SparkFiles.Reader reader) implements EpochReader {

        @Override
        public NdArray labels(String spec) {
            return ArrayFiles.read(spec, reader.read(spec), null, "labels", FloatArrays.FRESH);
        }

        @Override
        public SegmentationBatch epoch(ImageFiles files, NdArray labels, int[] labelValues, FloatArrays arrays, Consumer<String> warnings) {
            byte[] logits = reader.read(files.logits());
            if (labels == null) {
                byte[] own = files.labels().equals(files.logits()) ? logits : reader.read(files.labels());
                return BatchLoader.load(files.logits(), logits, files.labels(), own, arrays, warnings, ImageDynamics.WORKING);
            }
            NdArray z = ArrayFiles.read(files.logits(), logits, null, "logits", arrays, EpochReader.WITH_SHARED_LABELS);
            z.float32PrecisionNote().ifPresent(warnings);
            return BatchLoader.combine(z, labels, labelValues);
        }
    }
}
