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
        List<ImageFiles> images = totals.images().stream().map(ImageSummary::files).toList();
        Broadcast<List<ImageFiles>> shared = jsc.broadcast(images);
        SparkFiles.Reader reader = new SparkFiles.Reader(jsc.hadoopConfiguration());
        List<Integer> indices = java.util.stream.IntStream.range(0, images.size()).boxed().toList();
        List<BinsOrFailure> parts = jsc.parallelize(indices, Math.min(partitions, images.size()))
                .map(index -> {
                    ImageFiles f = shared.value().get(index);
                    try {
                        byte[] logits = reader.read(f.logits());
                        byte[] labels = f.labels().equals(f.logits()) ? logits : reader.read(f.labels());
                        var batch = BatchLoader.load(f.logits(), logits, f.labels(), labels, FloatArrays.FRESH, w -> { },
                                EngineMemory.summary(settings.activation()));
                        return new BinsOrFailure(CalibrationSums.reliabilityAt(batch, settings, bins, temperature), null);
                    } catch (InputException x) {
                        return new BinsOrFailure(null, SparkFiles.onExecutor(x));
                    } catch (OutOfMemoryError x) {
                        return new BinsOrFailure(null, f.logits() + ": not enough memory on the executor to read it");
                    }
                })
                .collect();
        Reliability merged = new Reliability(bins);
        for (BinsOrFailure part : parts) {
            if (part.failure() != null) {
                throw DatasetScan.secondPassFailure(part.failure());
            }
            merged.merge(part.bins());
        }
        return merged;
    }

    /** An image's bins at the temperature, or why its files failed. */
    private record BinsOrFailure(Reliability bins, String failure) implements java.io.Serializable {
    }
}
