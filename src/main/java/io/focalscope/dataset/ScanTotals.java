package io.focalscope.dataset;

import io.focalscope.calibration.CalibrationSums;
import io.focalscope.loss.LogPtHistogram;
import io.focalscope.loss.LossTerm;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a scan has gathered: the summary of each image read, the files that failed, and the
 * dataset's histogram of {@code -log p_t} per class. Totals of parts of a dataset merge
 * ({@link #merge}) into the totals of the whole, in any grouping and order, so the parts can be
 * scanned on different threads or machines. All images must have one class count: the count most
 * images have is the dataset's (on a tie, the count of the image first in the list), so that one
 * odd image sorted first cannot fail all the others; images with another count are failures. It
 * is decided only when asked, so that it does not depend on which part saw what first.
 * Not thread-safe: each thread keeps its own, or adds under a lock.
 */
public final class ScanTotals implements java.io.Serializable {

    private final LossTerm term;
    private final List<ScanFailure> failed = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    /** Images and histogram per class count. */
    private final Map<Integer, Group> groups = new TreeMap<>();

    private static final class Group implements java.io.Serializable {
        final List<ImageSummary> images = new ArrayList<>();
        final LogPtHistogram histogram;
        /** The images' calibration sums, merged; null where not asked for. */
        CalibrationSums calibration;

        void addCalibration(CalibrationSums sums) {
            if (sums == null) {
                return;
            }
            if (calibration == null) {
                calibration = sums.emptyLike();
            }
            calibration.merge(sums);
        }

        /** @param rows the histogram's rows: a class's (softmax), or a class's positives and negatives (sigmoid) */
        Group(int rows) {
            histogram = new LogPtHistogram(rows);
        }

        int firstIndex() {
            return images.stream().mapToInt(ImageSummary::index).min().orElse(Integer.MAX_VALUE);
        }
    }

    public ScanTotals(LossTerm term) {
        this.term = term;
    }

    /** The term (with its γ) whose sums the images' summaries hold. */
    public LossTerm term() {
        return term;
    }

    public void add(ImageScan scan) {
        ImageSummary s = scan.summary();
        Group g = groups.computeIfAbsent(s.classes(), c -> new Group(scan.histogram().classes()));
        g.images.add(s);
        g.histogram.add(scan.histogram());
        g.addCalibration(scan.calibration());
        warnings.addAll(scan.warnings());
    }

    public void fail(ScanFailure failure) {
        failed.add(failure);
    }

    /** Adds another part's totals to these. */
    public ScanTotals merge(ScanTotals other) {
        if (!other.term.equals(term)) {
            throw new IllegalArgumentException("totals of " + term.describe() + " and " + other.term.describe());
        }
        other.groups.forEach((classes, o) -> {
            Group g = groups.computeIfAbsent(classes, c -> new Group(o.histogram.classes()));
            g.images.addAll(o.images);
            g.histogram.add(o.histogram);
            g.addCalibration(o.calibration);
        });
        failed.addAll(other.failed);
        warnings.addAll(other.warnings);
        return this;
    }

    private Group dataset() {
        return groups.values().stream()
                .min(Comparator.comparingInt((Group g) -> -g.images.size()).thenComparingInt(Group::firstIndex)).orElse(null);
    }

    /** The dataset's class count, -1 before the first image. */
    public int classes() {
        Group g = dataset();
        return g == null ? -1 : g.images.get(0).classes();
    }

    /** The images of the dataset's class count, in the scanned list's order. */
    public List<ImageSummary> images() {
        Group g = dataset();
        return g == null ? List.of() : g.images.stream().sorted(Comparator.comparingInt(ImageSummary::index)).toList();
    }

    /** The files that failed, images of another class count among them, by name. */
    public List<ScanFailure> failed() {
        List<ScanFailure> all = new ArrayList<>(failed);
        Group dataset = dataset();
        int scanned = groups.values().stream().mapToInt(g -> g.images.size()).sum();
        for (Group g : groups.values()) {
            if (g != dataset) {
                for (ImageSummary s : g.images) {
                    all.add(new ScanFailure(s.files().logits(), s.files().logits() + ": has " + s.classes() + " classes where "
                            + dataset.images.size() + " of the " + scanned + " images read have " + dataset.images.get(0).classes()));
                }
            }
        }
        all.sort(Comparator.comparing(ScanFailure::file));
        return all;
    }

    /** What reading the images cost (float64 logits that float32 rounds coarsely), sorted. */
    public List<String> warnings() {
        return warnings.stream().sorted().toList();
    }

    /** The dataset's calibration sums, null before the first image or where the scan did not ask for them. */
    public CalibrationSums calibration() {
        Group g = dataset();
        return g == null ? null : g.calibration;
    }

    /** The dataset's histogram, null before the first image. */
    public LogPtHistogram histogram() {
        Group g = dataset();
        return g == null ? null : g.histogram;
    }
}
