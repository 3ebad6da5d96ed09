package io.focalscope.dataset;

import io.focalscope.io.BatchLoader;
import io.focalscope.io.InputException;
import io.focalscope.loss.ClassCounts;
import io.focalscope.loss.PixelPosition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The class histogram of label maps alone, for class weights before training: each file is
 * decoded and counted on its own (several at once: PNG decoding is most of the work), and the
 * per-file histograms are summed.
 *
 * @param files  the files counted, in the given order
 * @param counts per file its labelled pixels per class
 */
public record LabelCounts(List<String> files, long[][] counts, int classes, List<ScanFailure> failed) {

    /**
     * The largest class count taken: a 16-bit PNG's range. Without {@code --classes} the count is
     * the largest label + 1, so one stray value (10,000,000, say) would otherwise become millions
     * of classes in every file's histogram.
     */
    public static final int MAX_CLASSES = 1 << 16;

    /** Checks a {@code --classes} option once, for the command and the cluster job alike. */
    public static void requireClasses(Integer classes) {
        if (classes != null && (classes < 1 || classes > MAX_CLASSES)) {
            throw new InputException("--classes must be between 1 and " + MAX_CLASSES + ", got " + classes);
        }
    }

    /** Counts made elsewhere (a cluster job's), put together as {@link #count} puts its own. */
    public static LabelCounts of(List<String> files, List<long[]> histograms, Integer classes, List<ScanFailure> failed) {
        int width = classes == null ? 0 : classes;
        for (long[] h : histograms) {
            width = Math.max(width, h.length);
        }
        int c = width;
        List<ScanFailure> sorted = new ArrayList<>(failed);
        sorted.sort(Comparator.comparing(ScanFailure::file));
        return new LabelCounts(List.copyOf(files), histograms.stream().map(h -> Arrays.copyOf(h, c)).toArray(long[][]::new), c,
                sorted);
    }

    /**
     * @param classes the class count, or null to take the largest label seen + 1
     */
    public static LabelCounts count(ImageList list, Integer classes, Integer ignoreIndex, int threads,
                                    DatasetScan.Progress progress, BooleanSupplier cancelled) {
        Threads.useful(threads); // checks it once, before any file is read
        requireClasses(classes);
        List<ImageFiles> images = list.images();
        Object[] results = new Object[images.size()];
        AtomicInteger done = new AtomicInteger();
        Parallel.forEach(images.size(), threads, "focalscope-labels", index -> {
            if (cancelled.getAsBoolean()) {
                return;
            }
            String file = images.get(index).labels();
            try {
                results[index] = histogram(file, classes, ignoreIndex);
            } catch (InputException e) {
                results[index] = new ScanFailure(file, e.getMessage());
            } catch (OutOfMemoryError e) {
                results[index] = new ScanFailure(file, file + ": not enough memory to read it beside the files"
                        + " read at the same time; use fewer --threads or raise FOCALSCOPE_HEAP");
            }
            progress.imageDone(done.incrementAndGet(), images.size());
        });
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("cancelled");
        }
        List<ScanFailure> failed = new ArrayList<>(list.failed());
        List<String> files = new ArrayList<>();
        List<long[]> rows = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            if (results[i] instanceof long[] h) {
                files.add(images.get(i).labels());
                rows.add(h);
            } else if (results[i] instanceof ScanFailure f) {
                failed.add(f);
            }
        }
        return of(files, rows, classes, failed);
    }

    /**
     * A warning where the class count, taken as the largest label + 1 (no {@code --classes}), is far
     * more than the classes that occur: one stray label (60,000 in one file, say) would otherwise
     * make 60,001 classes without a word. Empty where the count was given or looks like a class list.
     *
     * @param given whether {@code --classes} set the count
     */
    public java.util.Optional<String> strayLabelWarning(boolean given) {
        long[] total = new long[classes];
        String holder = null;
        for (int i = 0; i < counts.length; i++) {
            for (int c = 0; c < classes; c++) {
                total[c] += counts[i][c];
            }
            if (classes > 0 && counts[i][classes - 1] > 0 && holder == null) {
                holder = files.get(i);
            }
        }
        long present = Arrays.stream(total).filter(n -> n > 0).count();
        // a class list has gaps (classes absent from these files), but not thousands of them
        if (given || classes <= 2 * present + 16) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(String.format(java.util.Locale.ROOT, "%,d classes from the largest label %,d (in %s), but only %d"
                + " of them occur in the files read: if that label is a stray value, give the class count with --classes",
                classes, classes - 1, holder, present));
    }

    /** As {@link ClassCounts}, each file a sample (median-frequency weights look at them). */
    public ClassCounts classCounts() {
        long[] total = new long[classes];
        for (long[] row : counts) {
            for (int c = 0; c < classes; c++) {
                total[c] += row[c];
            }
        }
        return new ClassCounts(total, counts);
    }

    private static long[] histogram(String file, Integer classes, Integer ignoreIndex) {
        return histogram(BatchLoader.loadLabels(file), classes, ignoreIndex);
    }

    /**
     * One label map's class histogram: the labels per class (ignored ones left out), as many
     * classes as given or as the largest label + 1.
     *
     * @throws InputException naming the file for a label outside the classes
     */
    public static long[] histogram(BatchLoader.LabelMap map, Integer classes, Integer ignoreIndex) {
        int[] labels = map.labels();
        int max = -1;
        for (int p = 0; p < labels.length; p++) {
            int y = labels[p];
            if (ignoreIndex != null && y == ignoreIndex) {
                continue;
            }
            if (classes == null && y >= MAX_CLASSES) {
                throw InputException.of(map.source(), "label " + y + " at " + PixelPosition.ofFlat(p, map.height(), map.width())
                        + " is not a class id: without --classes ids run up to " + (MAX_CLASSES - 1)
                        + (ignoreIndex == null ? " (no ignore index is set)" : " and it is not the ignore index " + ignoreIndex));
            }
            if (y < 0 || (classes != null && y >= classes)) {
                String range = classes == null ? "is negative" : "is outside the " + classes + " classes 0.." + (classes - 1);
                throw InputException.of(map.source(), "label " + y + " at " + PixelPosition.ofFlat(p, map.height(), map.width())
                        + " " + range + (ignoreIndex == null ? " (no ignore index is set)" : " and is not the ignore index " + ignoreIndex));
            }
            max = Math.max(max, y);
        }
        long[] h = new long[classes != null ? classes : max + 1];
        for (int y : labels) {
            if (ignoreIndex == null || y != ignoreIndex) {
                h[y]++;
            }
        }
        return h;
    }
}
