package io.focalscope.loss;

import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Which pixels of a batch take part in the loss and as which class: labelled pixels with finite
 * logits. Both engines build it the same way, in two steps: {@link #classIndex} checks the labels
 * before any arithmetic, {@link #of} leaves out the pixels the engine found non-finite.
 *
 * @param classIndex      per pixel its class, or {@code classes} for a pixel left out (ignored
 *                        label or non-finite logits); read it, never write it
 * @param ignored         pixels whose label is the ignore index
 * @param nonFinite       pixels whose logits hold NaN or infinity
 * @param firstNonFinite  the first of those, or null
 * @param elements        the elements of the loss: labelled pixels (softmax), kept pixel-channels (sigmoid)
 */
public record Participation(int[] mapShape, int classes, Integer ignoreIndex, int[] classIndex, ClassCounts counts,
                            long ignored, long nonFinite, PixelPosition firstNonFinite, Elements elements) {

    /**
     * The elements of the loss, each with one term.
     *
     * @param perClass  per class (softmax: its labelled pixels; sigmoid: the kept elements of its channel)
     * @param perSample per sample
     * @param total     all of them: what {@code mean} divides by
     * @param all       what {@code mean-all} divides by: N·H·W (softmax), N·C·H·W (sigmoid)
     * @param pixels    pixels with at least one element
     * @param perSampleClass per sample and class its elements ({@code [N][C]}), for per-sample weight sums
     * @param samplePixels   per sample its pixels with at least one element
     */
    public record Elements(long[] perClass, long[] perSample, long total, long all, long pixels, long[][] perSampleClass,
                           long[] samplePixels) {

        /** Softmax: an element per labelled pixel. */
        static Elements ofPixels(ClassCounts counts, long allPixels) {
            long[][] perSampleClass = new long[counts.samples()][];
            long[] perSample = new long[counts.samples()];
            for (int n = 0; n < perSample.length; n++) {
                perSampleClass[n] = counts.sample(n);
                perSample[n] = java.util.Arrays.stream(perSampleClass[n]).sum();
            }
            long labelled = counts.labelledPixels();
            return new Elements(counts.total(), perSample, labelled, allPixels, labelled, perSampleClass, perSample.clone());
        }

        /** What {@code mean-all} divides a sample's sum by: its share of {@link #all}, all samples being one size. */
        public long allPerSample() {
            return all / perSample.length;
        }
    }

    /** Pixels a thread takes at a time in the passes over labels: many chunks for the threads, few enough to merge. */
    private static final int CHUNK = 1 << 16;

    /** The chunks of a pass over {@code pixels} labels, each {@link #CHUNK} long but the last. */
    private static IntStream chunks(int pixels) {
        return IntStream.range(0, (pixels + CHUNK - 1) / CHUNK);
    }

    /** Softmax participation: an element per labelled pixel. */
    public Participation(int[] mapShape, int classes, Integer ignoreIndex, int[] classIndex, ClassCounts counts,
                         long ignored, long nonFinite, PixelPosition firstNonFinite) {
        this(mapShape, classes, ignoreIndex, classIndex, counts, ignored, nonFinite, firstNonFinite,
                Elements.ofPixels(counts, classIndex.length));
    }

    /** Pixels in the batch, N x H x W. */
    public int pixels() {
        return classIndex.length;
    }

    public boolean isLeftOut(int pixel) {
        return classIndex[pixel] == classes;
    }

    /**
     * Each pixel's label, or {@code C} for the ignore index.
     *
     * @throws InputException naming the labels file for a label outside {@code 0..C-1} that is not the ignore index,
     *                        or with one channel the logits file, which takes the sigmoid activation
     */
    public static int[] classIndex(SegmentationBatch batch, Integer ignoreIndex) {
        int classes = batch.classes();
        int[] labels = batch.labels();
        if (batch.labelMasks()) {
            throw InputException.of(batch.labelsSource(), "holds a 0/1 mask per class [N,C,H,W] (multi-label targets),"
                    + " which the softmax loss cannot take: use --activation sigmoid");
        }
        int[] index = new int[labels.length];
        boolean ignores = ignoreIndex != null;
        int ignoreLabel = ignores ? ignoreIndex : 0;
        // per chunk {first pixel out of range or -1, how many}, in chunk order: the first is the first in the batch
        long[][] perChunk = chunks(labels.length).parallel().mapToObj(k -> {
            int firstBadHere = -1;
            long badHere = 0;
            for (int p = k * CHUNK, end = Math.min(labels.length, p + CHUNK); p < end; p++) {
                int y = labels[p];
                if (ignores && y == ignoreLabel) {
                    index[p] = classes;
                } else if (y < 0 || y >= classes) {
                    firstBadHere = firstBadHere < 0 ? p : firstBadHere;
                    badHere++;
                } else {
                    index[p] = y;
                }
            }
            return new long[] {firstBadHere, badHere};
        }).toArray(long[][]::new);
        int firstBad = -1;
        long bad = 0;
        for (long[] c : perChunk) {
            firstBad = firstBad < 0 ? (int) c[0] : firstBad;
            bad += c[1];
        }
        if (firstBad >= 0 && classes == 1) {
            throw oneChannel(batch, labels[firstBad], PixelPosition.ofFlat(firstBad, batch.height(), batch.width()));
        }
        if (firstBad >= 0) {
            String ignore = ignoreIndex == null ? " (no ignore index is set)" : " and is not the ignore index " + ignoreIndex;
            throw InputException.of(batch.labelsSource(), "label " + labels[firstBad] + " at "
                    + PixelPosition.ofFlat(firstBad, batch.height(), batch.width()) + " is outside the "
                    + classes + " classes 0.." + (classes - 1) + ignore
                    + (bad == 2 ? " (1 more pixel is out of range)" : bad > 2 ? " (" + (bad - 1) + " more pixels are out of range)" : ""));
        }
        return index;
    }

    /**
     * Binary logits under softmax: one channel is the only class, so a label 1 is "outside the 1
     * classes"; the fix is the activation, not the labels.
     */
    private static InputException oneChannel(SegmentationBatch batch, int label, PixelPosition at) {
        return InputException.of(batch.logitsSource(), "binary (one-channel) logits need the sigmoid activation: pass"
                + " --activation sigmoid (with softmax one channel is the only class, and " + batch.labelsSource()
                + " has label " + label + " at " + at + ")");
    }

    /**
     * The pixels that take part, given the class index of {@link #classIndex} (changed in place:
     * non-finite pixels are left out) and the pixels whose logits are not finite.
     *
     * @param nonFinite of a pixel's index, whether any of its logits is NaN or infinite
     * @throws InputException naming the labels file when no pixel is left
     */
    public static Participation of(SegmentationBatch batch, Integer ignoreIndex, int[] classIndex, IntPredicate nonFinite) {
        int classes = batch.classes();
        int hw = batch.height() * batch.width();
        int chunksPerSample = (hw + CHUNK - 1) / CHUNK;
        // per chunk (each within one sample): the histogram with a last slot for pixels left out, then
        // ignored pixels counted as non-finite, the non-finite count and the first non-finite pixel
        long[][] perChunk = IntStream.range(0, batch.samples() * chunksPerSample).parallel().mapToObj(k -> {
            long[] h = new long[classes + 4];
            h[classes + 3] = -1;
            int from = k / chunksPerSample * hw + k % chunksPerSample * CHUNK;
            int end = k / chunksPerSample * hw + Math.min(hw, (k % chunksPerSample + 1) * CHUNK);
            for (int p = from; p < end; p++) {
                if (nonFinite.test(p)) {
                    h[classes + 1] += classIndex[p] == classes ? 1 : 0;
                    h[classes + 2]++;
                    h[classes + 3] = h[classes + 3] < 0 ? p : h[classes + 3];
                    classIndex[p] = classes;
                }
                h[classIndex[p]]++;
            }
            return h;
        }).toArray(long[][]::new);
        long[][] perSample = new long[batch.samples()][classes];
        long ignored = 0;
        long nonFiniteCount = 0;
        int first = -1;
        for (int k = 0; k < perChunk.length; k++) {
            long[] h = perChunk[k];
            long[] sample = perSample[k / chunksPerSample];
            for (int c = 0; c < classes; c++) {
                sample[c] += h[c];
            }
            ignored += h[classes] + h[classes + 1] - h[classes + 2];
            nonFiniteCount += h[classes + 2];
            first = first < 0 ? (int) h[classes + 3] : first;
        }
        ClassCounts counts = ClassCounts.of(perSample);
        if (counts.labelledPixels() == 0) {
            throw noLabelledPixels(batch, ignoreIndex, nonFiniteCount);
        }
        PixelPosition firstPosition = first < 0 ? null : PixelPosition.ofFlat(first, batch.height(), batch.width());
        return new Participation(batch.mapShape(), classes, ignoreIndex, classIndex, counts, ignored, nonFiniteCount,
                firstPosition);
    }

    /** The refusal of a batch in which no pixel takes part. */
    public static InputException noLabelledPixels(SegmentationBatch batch, Integer ignoreIndex, long nonFinite) {
        if (nonFinite == 0) {
            return InputException.of(batch.labelsSource(), "no labelled pixels: all " + batch.pixels()
                    + " pixels are the ignore index " + ignoreIndex);
        }
        // the logits are to blame for the pixels they spoil; the labels only where they ignore the rest
        long ignored = batch.pixels() - nonFinite;
        return InputException.of(batch.logitsSource(), "no pixel can be computed: " + (nonFinite == batch.pixels()
                ? "every one of the " + batch.pixels() + " pixels has" : nonFinite + " of the " + batch.pixels() + " pixels have")
                + " non-finite logits (NaN or infinity)"
                + (ignored > 0 ? " and the other " + ignored + " are the ignore index " + ignoreIndex + " in " + batch.labelsSource() : ""));
    }
}
