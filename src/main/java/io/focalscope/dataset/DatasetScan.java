package io.focalscope.dataset;

import io.focalscope.io.FloatArrays;
import io.focalscope.io.InputException;
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
