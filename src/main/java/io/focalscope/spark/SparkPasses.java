package io.focalscope.spark;

import io.focalscope.dataset.ImageFiles;
import io.focalscope.dataset.ScanFailure;
import io.focalscope.io.BatchLoader;
import io.focalscope.io.FloatArrays;
import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.labels.PixelConfidence;
import io.focalscope.labels.SearchAborted;
import io.focalscope.labels.SearchPasses;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * A label-issue search's passes as Spark stages: each task reads its images' files by name
 * ({@link SparkFiles.Reader}) and takes their softmax, every pass (an executor keeps nothing
 * between stages); only image indices, the steps and their small results move between machines.
 * A file that fails fails its image, as on one machine.
 */
final class SparkPasses implements SearchPasses {

    private final JavaSparkContext jsc;
    private final Broadcast<List<ImageFiles>> images;
    private final SparkFiles.Reader reader;
    private final Integer ignoreIndex;
    private final int factor;
    private final int partitions;
    private final ScanFailure[] failures;

    SparkPasses(JavaSparkContext jsc, List<ImageFiles> images, Integer ignoreIndex, int factor, int partitions) {
        this.jsc = jsc;
        this.images = jsc.broadcast(images);
        this.reader = new SparkFiles.Reader(jsc.hadoopConfiguration());
        this.ignoreIndex = ignoreIndex;
        this.factor = factor;
        this.partitions = partitions;
        this.failures = new ScanFailure[images.size()];
    }

    /** An image's result or why it failed, or why the whole search must end (an output that cannot be written). */
    private record Outcome<T>(int image, T result, ScanFailure failure, String aborted) implements Serializable {

        Outcome(int image, T result, ScanFailure failure) {
            this(image, result, failure, null);
        }
    }

    /** A partition's counts and its images' failures. */
    private record Partial(long[] counts, List<Outcome<Object>> failed) implements Serializable {

        Partial merge(Partial other) {
            long[] sum = counts.clone();
            for (int k = 0; k < sum.length; k++) {
                sum[k] += other.counts[k];
            }
            List<Outcome<Object>> all = new ArrayList<>(failed);
            all.addAll(other.failed);
            return new Partial(sum, all);
        }
    }

    @Override
    public <T extends Serializable> List<T> map(int pass, Step<T> step) {
        return run((FinalStep<T>) (i, searched, full) -> step.apply(i, searched), false);
    }

    @Override
    public <T extends Serializable> List<T> mapWithFull(int pass, FinalStep<T> step) {
        return run(step, true);
    }

    /** @param full whether the step takes the pixels' own figures too (pooled, they are taken from the same read) */
    private <T extends Serializable> List<T> run(FinalStep<T> step, boolean full) {
        List<Integer> live = live();
        List<T> out = new ArrayList<>(Collections.nCopies(failures.length, null));
        if (live.isEmpty()) {
            return out;
        }
        Broadcast<List<ImageFiles>> files = images;
        SparkFiles.Reader r = reader;
        Integer ignore = ignoreIndex;
        int f0 = factor;
        List<Outcome<T>> outcomes = jsc.parallelize(live, Math.min(partitions, live.size())).mapPartitions(part -> {
            List<Outcome<T>> done = new ArrayList<>();
            FloatArrays arrays = FloatArrays.reusing();
            while (part.hasNext()) {
                int i = part.next();
                ImageFiles f = files.value().get(i);
                try {
                    SegmentationBatch b = read(r, f, arrays);
                    if (f0 > 1) {
                        PixelConfidence.requireBlocks(b, f0);
                    }
                    PixelConfidence pixels = PixelConfidence.of(b, ignore);
                    PixelConfidence searched = f0 == 1 ? pixels : PixelConfidence.pool(pixels, b, f0);
                    done.add(new Outcome<>(i, step.apply(i, searched, full ? pixels : searched), null));
                } catch (SearchAborted e) {
                    done.add(new Outcome<>(i, null, null, e.getMessage()));
                } catch (InputException e) {
                    done.add(new Outcome<>(i, null, ScanFailure.of(f, SparkFiles.onExecutor(e))));
                } catch (OutOfMemoryError e) {
                    done.add(new Outcome<>(i, null, new ScanFailure(f.logits(), f.logits() + ": not enough memory on the executor to read it")));
                }
            }
            return done.iterator();
        }).collect();
        outcomes.stream().filter(o -> o.aborted() != null).min(java.util.Comparator.comparingInt(Outcome::image)).ifPresent(o -> {
            throw new SearchAborted(o.aborted());
        });
        for (Outcome<T> o : outcomes) {
            if (o.failure() != null) {
                failures[o.image()] = o.failure();
            } else {
                out.set(o.image(), o.result());
            }
        }
        return out;
    }

    @Override
    public long[] sum(int pass, int length, Count count) {
        List<Integer> live = live();
        if (live.isEmpty()) {
            return new long[length];
        }
        Broadcast<List<ImageFiles>> files = images;
        SparkFiles.Reader r = reader;
        Integer ignore = ignoreIndex;
        int f0 = factor;
        Partial total = jsc.parallelize(live, Math.min(partitions, live.size())).mapPartitions(part -> {
            long[] counts = new long[length];
            List<Outcome<Object>> failed = new ArrayList<>();
            FloatArrays arrays = FloatArrays.reusing();
            while (part.hasNext()) {
                int i = part.next();
                ImageFiles f = files.value().get(i);
                try {
                    count.addTo(counts, PixelConfidence.of(read(r, f, arrays), ignore, f0));
                } catch (InputException e) {
                    failed.add(new Outcome<>(i, null, ScanFailure.of(f, SparkFiles.onExecutor(e))));
                } catch (OutOfMemoryError e) {
                    // as in map: the image fails, not the job (the issue count is summed here)
                    failed.add(new Outcome<>(i, null, new ScanFailure(f.logits(), f.logits() + ": not enough memory on the executor to read it")));
                }
            }
            return List.of(new Partial(counts, failed)).iterator();
        }).reduce(Partial::merge);
        total.failed().forEach(o -> failures[o.image()] = o.failure());
        return total.counts();
    }

    @Override
    public ScanFailure failure(int image) {
        return failures[image];
    }

    @Override
    public void fail(int image, ScanFailure why) {
        failures[image] = why;
    }

    private List<Integer> live() {
        return IntStream.range(0, failures.length).filter(i -> failures[i] == null).boxed().toList();
    }

    private static SegmentationBatch read(SparkFiles.Reader r, ImageFiles f, FloatArrays arrays) {
        byte[] logits = r.read(f.logits());
        byte[] labels = f.labels().equals(f.logits()) ? logits : r.read(f.labels());
        return BatchLoader.load(f.logits(), logits, f.labels(), labels, arrays, w -> { }, PixelConfidence.WORKING);
    }
}
