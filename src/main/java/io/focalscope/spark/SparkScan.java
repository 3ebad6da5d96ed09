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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.input.PortableDataStream;
import scala.Tuple2;

/**
 * The dataset scan on a cluster: the same per-image step as on one machine ({@link ImageScan}) on
 * the executors, its summaries merged ({@link ScanTotals#merge}) into the same totals. Files are
 * read with Spark's binary-file input; an image's logits and labels meet by its index (only the
 * streams' handles move between executors, never the bytes).
 */
final class SparkScan {

    private SparkScan() {
    }

    static ScanTotals run(JavaSparkContext jsc, ImageList list, LossSettings settings, String engine, int partitions) {
        List<ImageFiles> images = list.images();
        ScanTotals totals = new ScanTotals(settings.term());
        list.failed().forEach(totals::fail);
        if (images.isEmpty()) {
            return totals;
        }
        Map<String, List<Integer>> byFile = new HashMap<>();
        for (int i = 0; i < images.size(); i++) {
            byFile.computeIfAbsent(images.get(i).logits(), k -> new ArrayList<>()).add(i);
            if (!images.get(i).labels().equals(images.get(i).logits())) {
                byFile.computeIfAbsent(images.get(i).labels(), k -> new ArrayList<>()).add(i);
            }
        }
        Broadcast<List<ImageFiles>> shared = jsc.broadcast(images);
        Broadcast<Map<String, List<Integer>>> index = jsc.broadcast(byFile);
        JavaPairRDD<String, PortableDataStream> files = jsc.binaryFiles(String.join(",", byFile.keySet()), partitions);
        ScanTotals scanned = files
                .flatMapToPair(f -> index.value().getOrDefault(f._1(), List.of()).stream()
                        .map(i -> new Tuple2<>(i, f)).iterator())
                .groupByKey(partitions)
                .mapPartitions(part -> {
                    ScanTotals t = new ScanTotals(settings.term());
                    FocalLossEngine e = Engines.choose(engine);
                    FloatArrays arrays = FloatArrays.reusing();
                    while (part.hasNext()) {
                        Tuple2<Integer, Iterable<Tuple2<String, PortableDataStream>>> image = part.next();
                        ImageFiles f = shared.value().get(image._1());
                        byte[] logits = null;
                        byte[] labels = null;
                        for (Tuple2<String, PortableDataStream> s : image._2()) {
                            byte[] bytes = s._2().toArray();
                            logits = s._1().equals(f.logits()) ? bytes : logits;
                            labels = s._1().equals(f.labels()) ? bytes : labels;
                        }
                        try {
                            t.add(ImageScan.of(image._1(), f, e, settings, logits, labels, arrays));
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
