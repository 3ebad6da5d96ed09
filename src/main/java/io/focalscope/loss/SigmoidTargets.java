package io.focalscope.loss;

import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;

/**
 * The targets of the sigmoid loss, per class channel c and pixel: a class index map gives t = 1 in
 * the labelled class's channel and 0 in the others (one-vs-rest), a 0/1 mask per class
 * ({@code [N,C,H,W]}) gives t per element (multi-label), and with one channel a 0/1 map gives t
 * (binary). An ignored pixel drops out with all its channels, an ignored mask element alone, and a
 * pixel with non-finite logits with all its channels. The ND4J path and the readout read targets
 * through here; the CPU kernel reads the same rule in vector lanes ({@code SigmoidKernel.Targets}).
 */
public final class SigmoidTargets {

    /** How the labels give the targets. */
    public enum Kind { INDEX, BINARY, MASK }

    private SigmoidTargets() {
    }

    public static Kind kind(SegmentationBatch b) {
        return b.labelMasks() ? Kind.MASK : b.classes() == 1 ? Kind.BINARY : Kind.INDEX;
    }

    /**
     * Checks the targets and gives per pixel a class for the maps (the label; 0 for a binary map; a
     * mask's first positive class, or 0), or C where no channel of the pixel is kept.
     *
     * @throws InputException naming the labels file for a target that is not a class, 0/1 or the ignore index
     */
    public static int[] classIndex(SegmentationBatch b, Integer ignoreIndex) {
        Kind kind = kind(b);
        if (kind == Kind.INDEX) {
            return Participation.classIndex(b, ignoreIndex); // its message for a label outside the classes
        }
        int[] labels = b.labels();
        int classes = b.classes();
        int hw = b.height() * b.width();
        for (int e = 0; e < labels.length; e++) {
            int y = labels[e];
            if (y != 0 && y != 1 && (ignoreIndex == null || y != ignoreIndex)) {
                String where = kind == Kind.MASK
                        ? "(n=" + e / (classes * hw) + ", c=" + e / hw % classes + ", y=" + e % hw / b.width()
                        + ", x=" + e % b.width() + ")"
                        : PixelPosition.ofFlat(e, b.height(), b.width()).toString();
                String what = kind == Kind.MASK ? "a mask per class holds 0 or 1" : "one logit channel takes a 0/1 map";
                throw InputException.of(b.labelsSource(), "label " + y + " at " + where + " is neither 0 nor 1 (" + what
                        + ")" + (ignoreIndex == null ? " and no ignore index is set" : " nor the ignore index " + ignoreIndex));
            }
        }
        int[] index = new int[b.pixels()];
        for (int p = 0; p < index.length; p++) {
            if (kind == Kind.BINARY) {
                index[p] = ignoreIndex != null && labels[p] == ignoreIndex ? classes : 0;
                continue;
            }
            int base = p / hw * classes * hw + p % hw;
            int first = -1;
            boolean anyKept = false;
            for (int c = 0; c < classes; c++) {
                int m = labels[base + c * hw];
                boolean kept = ignoreIndex == null || m != ignoreIndex;
                anyKept |= kept;
                first = first < 0 && kept && m == 1 ? c : first;
            }
            index[p] = anyKept ? Math.max(first, 0) : classes;
        }
        return index;
    }

    /** One pixel's targets per channel, 1, 0, or -1 where left out, from the labels alone (for a readout). */
    public static int[] targetsAt(SegmentationBatch b, Integer ignoreIndex, int p) {
        Kind kind = kind(b);
        int classes = b.classes();
        int hw = b.height() * b.width();
        int[] out = new int[classes];
        for (int c = 0; c < classes; c++) {
            int m = kind == Kind.MASK ? b.labels()[p / hw * classes * hw + c * hw + p % hw] : b.labels()[p];
            boolean ignored = ignoreIndex != null && m == ignoreIndex;
            out[c] = ignored ? -1 : switch (kind) {
                case INDEX -> m == c ? 1 : 0;
                case BINARY, MASK -> m == 1 ? 1 : m == 0 ? 0 : -1;
            };
        }
        return out;
    }

    /** The target of channel c at pixel p: 1, 0, or -1 where the element is left out. */
    public static int target(SegmentationBatch b, Kind kind, Integer ignoreIndex, int[] classIndex, int p, int c) {
        int classes = b.classes();
        if (classIndex[p] == classes) {
            return -1;
        }
        return switch (kind) {
            case INDEX -> classIndex[p] == c ? 1 : 0;
            case BINARY -> b.labels()[p];
            case MASK -> {
                int hw = b.height() * b.width();
                int m = b.labels()[p / hw * classes * hw + c * hw + p % hw];
                yield ignoreIndex != null && m == ignoreIndex ? -1 : m;
            }
        };
    }

    /**
     * Which elements take part, given {@link #classIndex} (changed in place: pixels with non-finite
     * logits are left out): per class its positive targets (the counts weights come from) and its
     * kept elements, per sample its kept elements.
     *
     * @throws InputException naming the labels file where no element is left
     */
    public static Participation participation(SegmentationBatch b, Integer ignoreIndex, int[] classIndex, boolean[] nonFinite) {
        Kind kind = kind(b);
        int classes = b.classes();
        int hw = b.height() * b.width();
        long[][] positives = new long[b.samples()][classes];
        long[] classTerms = new long[classes];
        long[] sampleTerms = new long[b.samples()];
        long[][] sampleClassTerms = new long[b.samples()][classes];
        long[] samplePixels = new long[b.samples()];
        long ignored = 0;
        long nonFiniteCount = 0;
        long keptPixels = 0;
        int first = -1;
        for (int p = 0; p < classIndex.length; p++) {
            int n = p / hw;
            if (nonFinite[p]) {
                nonFiniteCount++;
                first = first < 0 ? p : first;
                classIndex[p] = classes;
                continue;
            }
            if (classIndex[p] == classes) {
                ignored++;
                continue;
            }
            keptPixels++;
            samplePixels[n]++;
            if (kind != Kind.MASK) { // every channel kept, one positive at most
                int t = kind == Kind.INDEX ? 1 : b.labels()[p];
                positives[n][classIndex[p]] += t;
                sampleTerms[n] += classes;
                continue;
            }
            for (int c = 0; c < classes; c++) {
                int t = target(b, kind, ignoreIndex, classIndex, p, c);
                if (t >= 0) {
                    classTerms[c]++;
                    sampleTerms[n]++;
                    sampleClassTerms[n][c]++;
                    positives[n][c] += t;
                }
            }
        }
        if (kind != Kind.MASK) {
            java.util.Arrays.fill(classTerms, keptPixels);
            for (int n = 0; n < samplePixels.length; n++) {
                java.util.Arrays.fill(sampleClassTerms[n], samplePixels[n]);
            }
        }
        long kept = java.util.Arrays.stream(sampleTerms).sum();
        if (kept == 0) {
            throw Participation.noLabelledPixels(b, ignoreIndex, nonFiniteCount);
        }
        PixelPosition firstPosition = first < 0 ? null : PixelPosition.ofFlat(first, b.height(), b.width());
        return new Participation(b.mapShape(), classes, ignoreIndex, classIndex, ClassCounts.of(positives), ignored,
                nonFiniteCount, firstPosition,
                new Participation.Elements(classTerms, sampleTerms, kept, (long) b.pixels() * classes, keptPixels,
                        sampleClassTerms, samplePixels));
    }
}
