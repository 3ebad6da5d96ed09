package io.focalscope.spark;

import io.focalscope.dataset.ImageFiles;
import io.focalscope.dataset.ImageList;
import io.focalscope.dataset.ImageScan;
import io.focalscope.dataset.ScanFailure;
import io.focalscope.dataset.ScanTotals;
import io.focalscope.io.FloatArrays;
import io.focalscope.io.InputException;
import io.focalscope.loss.engines.Engines;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossSettings;
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
                            t.fail(ScanFailure.of(f, x.getMessage()));
                        } catch (OutOfMemoryError x) {
                            t.fail(new ScanFailure(f.logits(), f.logits() + ": not enough memory on the executor to read it"));
                        }
                    }
                    return List.of(t).iterator();
                })
                .reduce(ScanTotals::merge);
        return totals.merge(scanned);
    }
}
