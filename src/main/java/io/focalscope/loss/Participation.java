package io.focalscope.loss;

import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;

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
        int firstBad = -1;
        long bad = 0;
        for (int p = 0; p < labels.length; p++) {
            int y = labels[p];
            if (ignoreIndex != null && y == ignoreIndex) {
                index[p] = classes;
            } else if (y < 0 || y >= classes) {
                firstBad = firstBad < 0 ? p : firstBad;
                bad++;
            } else {
                index[p] = y;
            }
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
     * @param nonFinite per pixel, whether any of its logits is NaN or infinite
     * @throws InputException naming the labels file when no pixel is left
     */
    public static Participation of(SegmentationBatch batch, Integer ignoreIndex, int[] classIndex, boolean[] nonFinite) {
        int classes = batch.classes();
        int hw = batch.height() * batch.width();
        long[][] perSample = new long[batch.samples()][classes];
        long ignored = 0;
        long nonFiniteCount = 0;
        int first = -1;
        for (int n = 0, p = 0; n < perSample.length; n++) {
            long[] histogram = new long[classes + 1]; // the last slot counts pixels left out
            for (int end = p + hw; p < end; p++) {
                if (nonFinite[p]) {
                    ignored += classIndex[p] == classes ? 1 : 0;
                    nonFiniteCount++;
                    first = first < 0 ? p : first;
                    classIndex[p] = classes;
                }
                histogram[classIndex[p]]++;
            }
            ignored += histogram[classes];
            System.arraycopy(histogram, 0, perSample[n], 0, classes);
        }
        ignored -= nonFiniteCount;
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
        return InputException.of(batch.labelsSource(), "no labelled pixels: all " + batch.pixels() + " pixels are "
                + (nonFinite == 0 ? "the ignore index " + ignoreIndex : "ignored or have non-finite logits"));
    }
}
