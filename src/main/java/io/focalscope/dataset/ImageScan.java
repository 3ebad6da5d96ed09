package io.focalscope.dataset;

import io.focalscope.calibration.CalibrationSums;
import io.focalscope.io.BatchLoader;
import io.focalscope.io.FloatArrays;
import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.EngineMemory;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.ImageLossSums;
import io.focalscope.loss.LogPtHistogram;
import io.focalscope.loss.LossSettings;

/**
 * The per-image step of a scan, a function from an image's files to a small summary and its
 * histogram of {@code -log p_t}: what a scan on one machine runs on its threads, and what a
 * distributed job would run on each file.
 *
 * @param calibration the image's calibration sums where asked for (bins > 0), else null
 */
public record ImageScan(ImageSummary summary, LogPtHistogram histogram, CalibrationSums calibration, java.util.List<String> warnings) {

    /**
     * Reads and summarises one image at the settings' γ, ignore index and activation.
     *
     * @throws InputException for a file that cannot be read, labels out of range, non-finite logits
     *                        or no labelled pixel; the message names the file
     */
    public static ImageScan of(int index, ImageFiles files, FocalLossEngine engine, LossSettings settings) {
        return of(index, files, engine, settings, FloatArrays.FRESH);
    }

    /**
     * The same, with the logits read into an array from {@code arrays}: a thread that scans image
     * after image may pass it {@link FloatArrays#reusing()}, as nothing of a batch outlives its summary.
     */
    public static ImageScan of(int index, ImageFiles files, FocalLossEngine engine, LossSettings settings, FloatArrays arrays) {
        return of(index, files, engine, settings, arrays, 0);
    }

    /** The same, with its calibration sums in {@code calibrationBins} bins where that is above 0. */
    public static ImageScan of(int index, ImageFiles files, FocalLossEngine engine, LossSettings settings, FloatArrays arrays,
                               int calibrationBins) {
        java.util.List<String> warnings = new java.util.ArrayList<>();
        return of(index, BatchLoader.load(files.logits(), files.labels(), arrays, warnings::add, EngineMemory.summary(settings.activation())),
                files, engine, settings, warnings, calibrationBins);
    }

    /** The same from the files' whole bytes (as a distributed job reads them). */
    public static ImageScan of(int index, ImageFiles files, FocalLossEngine engine, LossSettings settings, byte[] logits,
                               byte[] labels, FloatArrays arrays, int calibrationBins) {
        java.util.List<String> warnings = new java.util.ArrayList<>();
        return of(index, BatchLoader.load(files.logits(), logits, files.labels(), labels, arrays, warnings::add,
                EngineMemory.summary(settings.activation())), files, engine, settings, warnings, calibrationBins);
    }

    private static ImageScan of(int index, SegmentationBatch batch, ImageFiles files, FocalLossEngine engine,
                                LossSettings settings, java.util.List<String> warnings, int calibrationBins) {
        // the calibration's pass on a thread of its own beside the loss's (one thread an image), which
        // joins it when done: a scan of one image at 19 x 1024 x 2048 left the second core idle for the
        // loss's 0.8-1 s, and then took 0.3-0.4 s more for the calibration
        CalibrationSums.Pending calibrating = calibrationBins <= 0 ? null : CalibrationSums.start(batch, settings, calibrationBins);
        ImageLossSums sums;
        try {
            sums = engine.summarize(batch, settings);
            if (sums.nonFinite() > 0) {
                throw InputException.nonFiniteLogits(batch.logitsSource(), sums.nonFinite(), null);
            }
        } catch (RuntimeException | Error e) {
            if (calibrating != null) {
                calibrating.abandon(); // the batch's arrays go to the next image only once it is done
            }
            throw e;
        }
        CalibrationSums calibration = calibrating == null ? null : calibrating.finish();
        return new ImageScan(ImageSummary.of(index, files, batch.samples(), batch.height(), batch.width(), sums,
                calibration == null ? null : calibration.reliability()), sums.histogram(), calibration, java.util.List.copyOf(warnings));
    }
}
