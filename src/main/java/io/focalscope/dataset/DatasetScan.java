package io.focalscope.dataset;

import io.focalscope.calibration.CalibrationSums;
import io.focalscope.calibration.Reliability;
import io.focalscope.io.BatchLoader;
import io.focalscope.io.FloatArrays;
import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.EngineMemory;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossSettings;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The one route from every front end (the command line's {@code scan}, the window's dataset tab)
 * to the engine for a whole dataset: each image is read and summarised on its own
 * ({@link ImageScan}), several at once, and only its summary is kept, so memory holds about
 * {@code threads} images whatever the dataset's size. A file that cannot be read is listed and
 * skipped; it never stops the scan.
 */
public final class DatasetScan {

    /** Told after each image. */
    public interface Progress {
        void imageDone(int done, int total);
    }

    private DatasetScan() {
    }

    /**
     * Scans the images of a list at the settings' γ and ignore index (the weights and reduction are
     * applied afterwards, by {@link DatasetFigures}).
     *
     * @param threads   images read and computed at once (the nd4j engine takes one at a time: its
     *                  ops use every core)
     * @param cancelled asked before each image; once true the scan stops with a CancellationException
     */
    public static ScanTotals run(ImageList list, FocalLossEngine engine, LossSettings settings, int threads,
                                 Progress progress, BooleanSupplier cancelled) {
        return run(list, engine, settings, threads, 0, progress, cancelled);
    }

    /** The same, with each image's calibration sums in {@code calibrationBins} bins where that is above 0. */
    public static ScanTotals run(ImageList list, FocalLossEngine engine, LossSettings settings, int threads, int calibrationBins,
                                 Progress progress, BooleanSupplier cancelled) {
        Threads.useful(threads); // checks it once, before any file is read
        ScanTotals totals = new ScanTotals(settings.term());
        list.failed().forEach(totals::fail);
        List<ImageFiles> images = list.images();
        int total = images.size();
        AtomicInteger done = new AtomicInteger();
        int workers = engine.id().equals("nd4j") ? 1 : threads;
        // each scan thread reads every image into the array its last image used (FloatArrays)
        ThreadLocal<FloatArrays> arrays = ThreadLocal.withInitial(FloatArrays::reusing);
        Parallel.forEach(total, workers, "focalscope-scan", index -> {
            if (!cancelled.getAsBoolean()) {
                scanOne(index, images.get(index), engine, settings, calibrationBins, totals, arrays.get());
                progress.imageDone(done.incrementAndGet(), total);
            }
        });
        checkCancelled(cancelled);
        return totals;
    }

    /**
     * Where the first pass's sums do not settle the dataset's temperature (the least NLL lies further
     * than 5 % from T = 1, {@link CalibrationSums#needsProfile}): a pass over the images it read for
     * each one's NLL at 19 temperatures, added to the sums, which then fit from that profile. Nothing
     * otherwise, nor without calibration.
     *
     * @throws InputException where an image that the first pass read now fails
     */
    public static void settleTemperature(ScanTotals totals, LossSettings settings, int threads, Progress progress,
                                         BooleanSupplier cancelled) {
        CalibrationSums sums = totals.calibration();
        if (sums == null || !sums.needsProfile()) {
            return;
        }
        readAgain(PROFILE_PASS, totals, settings, threads, progress, cancelled, batch -> CalibrationSums.profileOf(batch, settings))
                .forEach(sums::addProfile);
    }

    /**
     * A scan's second pass, for the calibration after temperature: the top-label bins of every image
     * it read, at the temperature their merged sums fit (exact, where the first pass could only give
     * the NLL after it). Null where the scan has no calibration or found no temperature.
     *
     * @throws InputException where an image that the first pass read now fails: the bins would be
     *                        those of another set of pixels
     */
    public static Reliability binsAtTemperature(ScanTotals totals, LossSettings settings, int threads, Progress progress,
                                                BooleanSupplier cancelled) {
        CalibrationSums sums = totals.calibration();
        if (sums == null || Double.isNaN(sums.temperature())) {
            return null;
        }
        double temperature = sums.temperature();
        Reliability merged = new Reliability(sums.bins());
        readAgain(BINS_PASS, totals, settings, threads, progress, cancelled,
                batch -> CalibrationSums.reliabilityAt(batch, settings, sums.bins(), temperature)).forEach(merged::merge);
        return merged;
    }

    /**
     * Reads every image the first pass read once more, several at once, and gives each one's
     * {@code part} in the list's order (so that what is merged from them is the same whatever the
     * threads' timing), the first failure in it named.
     *
     * @param pass what the pass is for, as a failure names it
     */
    private static <T> List<T> readAgain(String pass, ScanTotals totals, LossSettings settings, int threads, Progress progress,
                                         BooleanSupplier cancelled, java.util.function.Function<SegmentationBatch, T> part) {
        List<ImageSummary> images = totals.images();
        ThreadLocal<FloatArrays> arrays = ThreadLocal.withInitial(FloatArrays::reusing);
        AtomicInteger done = new AtomicInteger();
        Object[] parts = new Object[images.size()];
        String[] failures = new String[images.size()];
        Parallel.forEach(images.size(), threads, "focalscope-scan", index -> {
            if (!cancelled.getAsBoolean()) {
                ImageFiles files = images.get(index).files();
                try {
                    SegmentationBatch batch = BatchLoader.load(files.logits(), files.labels(),
                            arrays.get(), w -> { }, EngineMemory.summary(settings.activation()));
                    parts[index] = part.apply(batch);
                } catch (InputException e) {
                    failures[index] = e.getMessage();
                } catch (OutOfMemoryError e) {
                    failures[index] = files.logits() + ": not enough memory to read it beside the images read at the same time;"
                            + " scan with fewer --threads or raise FOCALSCOPE_HEAP";
                }
                progress.imageDone(done.incrementAndGet(), images.size());
            }
        });
        checkCancelled(cancelled);
        List<T> inOrder = new java.util.ArrayList<>(parts.length);
        for (int i = 0; i < parts.length; i++) {
            if (failures[i] != null) {
                throw secondPassFailure(pass, failures[i]);
            }
            @SuppressWarnings("unchecked")
            T t = (T) parts[i];
            inOrder.add(t);
        }
        return inOrder;
    }

    /** The second passes, as their failures name them. */
    public static final String PROFILE_PASS = "the pass for the NLL at 19 temperatures";
    public static final String BINS_PASS = "the pass at the fitted temperature";

    /** Why a scan's second pass ends: an image the first pass read now fails, so its sums would be those of other pixels. */
    public static InputException secondPassFailure(String pass, String message) {
        return new InputException(pass + ": " + message + " (the first pass read it: did the file change?)");
    }

    private static void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("scan cancelled");
        }
    }

    private static void scanOne(int index, ImageFiles files, FocalLossEngine engine, LossSettings settings, int calibrationBins,
                                ScanTotals totals, FloatArrays arrays) {
        ScanFailure failure;
        try {
            ImageScan scan = ImageScan.of(index, files, engine, settings, arrays, calibrationBins);
            synchronized (totals) {
                totals.add(scan);
            }
            return;
        } catch (InputException e) {
            failure = ScanFailure.of(files, e.getMessage());
        } catch (OutOfMemoryError e) {
            failure = new ScanFailure(files.logits(), files.logits() + ": not enough memory to read it beside the images"
                    + " read at the same time; scan with fewer --threads or raise FOCALSCOPE_HEAP");
        } catch (RuntimeException e) {
            failure = new ScanFailure(files.logits(), files.logits() + ": internal error while reading it: " + e);
        }
        synchronized (totals) {
            totals.fail(failure);
        }
    }
}
