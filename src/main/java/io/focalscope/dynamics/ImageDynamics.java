package io.focalscope.dynamics;

import io.focalscope.dataset.ImageFiles;
import io.focalscope.io.NdArray;
import io.focalscope.io.FloatArrays;
import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.io.WorkingMemory;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.ImageLossSums;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Participation;
import io.focalscope.loss.PixelPosition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The per-image step of training dynamics: the image's epochs read one after another, each through
 * the engine as a scan reads an image (its loss sums), and its pixels' p_t and arg-max added to a
 * running {@link PixelHistory}. One epoch's logits are in memory at a time, so memory does not grow
 * with the number of epochs.
 */
public final class ImageDynamics {

    /**
     * What an image's epoch keeps beside its logits while it is computed: the per-pixel history (12
     * bytes a pixel, {@link PixelHistory}) and the scan's one pass (8, {@code EngineMemory.summary}).
     */
    public static final WorkingMemory WORKING = new WorkingMemory(20, 0);

    /** Told after each epoch of the image. */
    public interface EpochDone {
        void epochDone();
    }

    private ImageDynamics() {
    }

    /**
     * @param keepMaps whether to return the per-pixel maps
     * @throws InputException for a file that cannot be read, an epoch whose shape or labels differ from
     *                        the first epoch's, non-finite logits or no labelled pixel; the message names the file
     */
    public static ImageTrajectory of(int index, TrackedImage image, FocalLossEngine engine, LossSettings settings,
                                     HardThresholds thresholds, boolean keepMaps, FloatArrays arrays, EpochDone epochDone) {
        return of(index, image, engine, settings, thresholds, keepMaps, arrays, epochDone, EpochReader.LOCAL);
    }

    /** The same, the files read by {@code reader} (a cluster's file systems, say). */
    public static ImageTrajectory of(int index, TrackedImage image, FocalLossEngine engine, LossSettings settings,
                                     HardThresholds thresholds, boolean keepMaps, FloatArrays arrays, EpochDone epochDone,
                                     EpochReader reader) {
        requireSoftmax(settings);
        List<String> warnings = new ArrayList<>();
        EpochLosses losses = null;
        ImageLossSums firstSums = null;
        boolean sharedLabels = image.sharedLabels();
        // one labels file for every epoch (--labels-dir) is read once: a PNG's decoding is not the epoch's work
        NdArray labels = sharedLabels ? reader.labels(image.epochs().get(0).labels()) : null;
        PixelHistory history = null;
        FirstEpoch first = null;
        int[] classIndex = null;
        for (ImageFiles files : image.epochs()) {
            // shared labels: their values and class index made at the first epoch serve every later one
            SegmentationBatch batch = reader.epoch(files, labels, labels != null && first != null ? first.labels() : null, arrays,
                    warnings::add);
            if (batch.labelMasks()) {
                throw InputException.of(files.labels(), "holds a 0/1 mask per class; dynamics follows each pixel's probability of its one"
                        + " label, so it needs a class index per pixel");
            }
            if (first == null) {
                first = FirstEpoch.of(batch); // not the batch: its logits would stay for the whole image
            } else {
                requireSameAsFirst(first, batch, sharedLabels);
            }
            if (history == null) {
                history = new PixelHistory(batch.pixels());
            }
            history.beginEpoch(batch.labels());
            if (sharedLabels && classIndex == null) {
                classIndex = Participation.classIndex(batch, settings.ignoreIndex());
            }
            ImageLossSums sums = engine.summarize(batch, settings, classIndex, history).withoutHistogram();
            if (sums.nonFinite() > 0) {
                throw InputException.nonFiniteLogits(batch.logitsSource(), sums.nonFinite(),
                        PixelPosition.ofFlat(history.firstNonFinite(), batch.height(), batch.width()));
            }
            if (losses == null) {
                firstSums = sums;
                losses = new EpochLosses(sums.counts(), settings.term().positive().adds());
            }
            losses.add(sums);
            if (epochDone != null) {
                epochDone.epochDone();
            }
        }
        return summarise(index, image, first, history, settings.ignoreIndex(), thresholds, keepMaps, firstSums, losses, warnings);
    }

    /** ASL is a loss of sigmoid targets: refused before the settings send the user to --activation sigmoid, which dynamics refuses too. */
    public static void requireSoftmaxTerm(io.focalscope.loss.LossTerm term) {
        if (term instanceof io.focalscope.loss.LossTerm.Asl) {
            throw new InputException("dynamics follows each pixel's softmax probability of its label, and --loss asl is a loss of"
                    + " sigmoid targets: use focal, poly1 or flsd53");
        }
    }

    /** Dynamics follows the softmax probability of each pixel's label; a sigmoid's per-channel figures have no one p_t. */
    public static void requireSoftmax(LossSettings settings) {
        if (settings.sigmoid()) {
            throw new InputException("dynamics follows each pixel's softmax probability of its label (dataset cartography);"
                    + " --activation sigmoid gives a probability per channel instead: leave --activation at softmax");
        }
    }

    /** What the later epochs are checked against, and the image's shape and labels: the first epoch but its logits. */
    private record FirstEpoch(int samples, int classes, int height, int width, int[] labels, String logitsSource, String labelsSource) {

        static FirstEpoch of(SegmentationBatch b) {
            return new FirstEpoch(b.samples(), b.classes(), b.height(), b.width(), b.labels(), b.logitsSource(), b.labelsSource());
        }

        int[] mapShape() {
            return new int[] {samples, height, width};
        }

        String shape() {
            return "[" + samples + ", " + classes + ", " + height + ", " + width + "]";
        }
    }

    private static void requireSameAsFirst(FirstEpoch first, SegmentationBatch batch, boolean sharedLabels) {
        if (batch.samples() != first.samples() || batch.classes() != first.classes() || batch.height() != first.height()
                || batch.width() != first.width()) {
            throw InputException.of(batch.logitsSource(), "holds " + FirstEpoch.of(batch).shape() + " logits where the first epoch's "
                    + first.logitsSource() + " holds " + first.shape() + "; an image keeps its size and classes through training");
        }
        if (!sharedLabels && !Arrays.equals(batch.labels(), first.labels())) {
            int p = Arrays.mismatch(batch.labels(), first.labels());
            throw InputException.of(batch.labelsSource(), "labels differ from the first epoch's (" + first.labelsSource() + ") at "
                    + PixelPosition.ofFlat(p, batch.height(), batch.width()) + ": " + batch.labels()[p] + " against " + first.labels()[p]
                    + "; dynamics follows fixed labels (validation without augmentation)");
        }
    }

    private static ImageTrajectory summarise(int index, TrackedImage image, FirstEpoch first, PixelHistory history,
                                             Integer ignoreIndex, HardThresholds thresholds, boolean keepMaps,
                                             ImageLossSums sums, EpochLosses losses, List<String> warnings) {
        int pixels = history.pixels();
        double confidence = 0;
        double variability = 0;
        double correctness = 0;
        double forgetting = 0;
        long hard = 0;
        long count = 0;
        float[] c = keepMaps ? new float[pixels] : null;
        float[] v = keepMaps ? new float[pixels] : null;
        float[] r = keepMaps ? new float[pixels] : null;
        float[] f = keepMaps ? new float[pixels] : null;
        // labels out of range failed the image, and so did non-finite logits: the pixels left out are the ignored ones
        int[] labels = first.labels();
        for (int p = 0; p < pixels; p++) {
            if (ignoreIndex != null && labels[p] == ignoreIndex) {
                if (keepMaps) {
                    c[p] = v[p] = r[p] = f[p] = Float.NaN;
                }
                continue;
            }
            double pc = history.confidence(p);
            double pv = history.variability(p);
            double pr = history.correctness(p);
            int pf = history.forgetting(p);
            confidence += pc;
            variability += pv;
            correctness += pr;
            forgetting += pf;
            count++;
            if (thresholds.hard(pc, pv)) {
                hard++;
            }
            if (keepMaps) {
                c[p] = (float) pc;
                v[p] = (float) pv;
                r[p] = (float) pr;
                f[p] = pf;
            }
        }
        DataMaps maps = keepMaps ? new DataMaps(first.mapShape(), c, v, r, f, thresholds) : null;
        return new ImageTrajectory(index, image, first.samples(), first.height(), first.width(), sums.ignored(),
                new PixelTotals(count, confidence, variability, correctness, forgetting, hard), sums.counts(), sums.terms(), sums.allTerms(), losses, maps,
                warnings.stream().distinct().toList());
    }
}
