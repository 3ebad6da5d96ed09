package io.focalscope.spark;

import io.focalscope.calibration.CalibrationSums;
import io.focalscope.calibration.Reliability;
import io.focalscope.dataset.DatasetScan;
import io.focalscope.dataset.ImageFiles;
import io.focalscope.dataset.ImageList;
import io.focalscope.dataset.ImageScan;
import io.focalscope.dataset.ImageSummary;
import io.focalscope.dataset.ScanFailure;
import io.focalscope.dataset.ScanTotals;
import io.focalscope.io.BatchLoader;
import io.focalscope.io.FloatArrays;
import io.focalscope.io.InputException;
import io.focalscope.loss.EngineMemory;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.engines.Engines;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The dataset scan on a cluster: the same per-image step as on one machine ({@link ImageScan}) on
 * the executors, its summaries merged ({@link ScanTotals#merge}) into the same totals. Each task
 * reads its images' files by name ({@link SparkFiles.Reader}): only image indices move between
 * machines, never the bytes, and a missing or unreadable file fails its image, as on one machine.
 */
final class SparkScan {

    private SparkScan() {
    }

    static ScanTotals run(JavaSparkContext jsc, ImageList list, LossSettings settings, String engine, int partitions, int calibrationBins) {
        List<ImageFiles> images = list.images();
        ScanTotals totals = new ScanTotals(settings.term());
        list.failed().forEach(totals::fail);
        if (images.isEmpty()) {
            return totals;
        }
        Broadcast<List<ImageFiles>> shared = jsc.broadcast(images);
        SparkFiles.Reader reader = new SparkFiles.Reader(jsc.hadoopConfiguration());
        List<Integer> indices = java.util.stream.IntStream.range(0, images.size()).boxed().toList();
        ScanTotals scanned = jsc.parallelize(indices, Math.min(partitions, images.size()))
                .mapPartitions(part -> {
                    ScanTotals t = new ScanTotals(settings.term());
                    FocalLossEngine e = Engines.choose(engine);
                    FloatArrays arrays = FloatArrays.reusing();
                    while (part.hasNext()) {
                        int index = part.next();
                        ImageFiles f = shared.value().get(index);
                        try {
                            byte[] logits = reader.read(f.logits());
                            byte[] labels = f.labels().equals(f.logits()) ? logits : reader.read(f.labels());
                            t.add(ImageScan.of(index, f, e, settings, logits, labels, arrays, calibrationBins));
                        } catch (InputException x) {
                            t.fail(ScanFailure.of(f, SparkFiles.onExecutor(x)));
                        } catch (OutOfMemoryError x) {
                            t.fail(new ScanFailure(f.logits(), f.logits() + ": not enough memory on the executor to read it"));
                        }
                    }
                    return List.of(t).iterator();
                })
                .reduce(ScanTotals::merge);
        return totals.merge(scanned);
    }

    /**
     * The first pass's temperature settled where its sums do not settle it, as a stage
     * ({@link DatasetScan#settleTemperature} on one machine): each image's NLL at 19 temperatures,
     * added to the sums in the list's order.
     *
     * @throws InputException where an image that the first pass read now fails
     */
    static void settleTemperature(JavaSparkContext jsc, ScanTotals totals, LossSettings settings, int partitions) {
        CalibrationSums sums = totals.calibration();
        if (sums == null || !sums.needsProfile()) {
            return;
        }
        readAgain(DatasetScan.PROFILE_PASS, jsc, totals, settings, partitions,
                batch -> CalibrationSums.profileOf(batch, settings)).forEach(sums::addProfile);
    }

    /**
     * The scan's second pass as a stage ({@link DatasetScan#binsAtTemperature}
     * on one machine): each image's top-label bins at the temperature the first pass fitted, merged
     * in the list's order. Null where the scan has no calibration or found no temperature.
     *
     * @throws InputException where an image that the first pass read now fails
     */
    static Reliability binsAtTemperature(JavaSparkContext jsc, ScanTotals totals, LossSettings settings, int partitions) {
        CalibrationSums sums = totals.calibration();
        if (sums == null || Double.isNaN(sums.temperature())) {
            return null;
        }
        double temperature = sums.temperature();
        int bins = sums.bins();
        Reliability merged = new Reliability(bins);
        readAgain(DatasetScan.BINS_PASS, jsc, totals, settings, partitions,
                batch -> CalibrationSums.reliabilityAt(batch, settings, bins, temperature)).forEach(merged::merge);
        return merged;
    }

    /** What an executor computes of one image in a second pass. */
    interface ImagePart<T> extends java.io.Serializable {
        T of(io.focalscope.io.SegmentationBatch batch);
    }

    /**
     * Every image the first pass read, once more, on the executors: each one's {@code part}, in the
     * list's order, the first failure in it named ({@code pass} says what for).
     */
    private static <T extends java.io.Serializable> List<T> readAgain(String pass, JavaSparkContext jsc, ScanTotals totals,
                                                                  LossSettings settings, int partitions, ImagePart<T> part) {
        List<ImageFiles> images = totals.images().stream().map(ImageSummary::files).toList();
        Broadcast<List<ImageFiles>> shared = jsc.broadcast(images);
        SparkFiles.Reader reader = new SparkFiles.Reader(jsc.hadoopConfiguration());
        List<Integer> indices = java.util.stream.IntStream.range(0, images.size()).boxed().toList();
        List<PartOrFailure<T>> parts = jsc.parallelize(indices, Math.min(partitions, images.size()))
                .map(index -> {
                    ImageFiles f = shared.value().get(index);
                    try {
                        byte[] logits = reader.read(f.logits());
                        byte[] labels = f.labels().equals(f.logits()) ? logits : reader.read(f.labels());
                        var batch = BatchLoader.load(f.logits(), logits, f.labels(), labels, FloatArrays.FRESH, w -> { },
                                EngineMemory.summary(settings.activation()));
                        return new PartOrFailure<>(part.of(batch), null);
                    } catch (InputException x) {
                        return new PartOrFailure<T>(null, SparkFiles.onExecutor(x));
                    } catch (OutOfMemoryError x) {
                        return new PartOrFailure<T>(null, f.logits() + ": not enough memory on the executor to read it");
                    }
                })
                .collect();
        List<T> inOrder = new java.util.ArrayList<>(parts.size());
        for (PartOrFailure<T> p : parts) {
            if (p.failure() != null) {
                throw DatasetScan.secondPassFailure(pass, p.failure());
            }
            inOrder.add(p.part());
        }
        return inOrder;
    }

    /** An image's part of a second pass, or why its files failed. */
    private record PartOrFailure<T>(T part, String failure) implements java.io.Serializable {
    }
}
