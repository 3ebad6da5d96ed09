package io.focalscope.session;

import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.ClassCounts;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.WeightScheme;

/**
 * A quick, coarse look at a large file while the whole of it is evaluated: its first sample at
 * every {@code step}-th row and column ({@link SegmentationBatch#sampleEvery}), evaluated with the
 * class weights of the whole file, so that each of its pixels has the value the whole evaluation
 * gives that pixel (where the logits are finite). The window draws the start's file from one first:
 * the engine is still cold then, and at 1 x 19 x 1024 x 2048 the whole took 1.1 s after the read
 * before its first map could be drawn (docs/performance.md).
 */
public final class FirstLook implements AutoCloseable {

    /**
     * At most this many pixels: about the screen pixels of a start's map pane (690 x 345 of a fitted
     * 1024 x 2048 map in a 1600 x 1000 window), which a 1024 x 2048 map at every 3rd pixel has.
     */
    public static final int PIXELS = 1 << 18;

    private final Dataset dataset;
    private final int step;
    /** The whole file's samples, of which the look shows the first, and its map's size. */
    private final int samples;
    private final int fileHeight;
    private final int fileWidth;
    private final Inspection inspection;
    private final LossResult result;

    private FirstLook(Dataset dataset, int step, SegmentationBatch file, Inspection inspection, LossResult result) {
        this.dataset = dataset;
        this.step = step;
        this.samples = file.samples();
        this.fileHeight = file.height();
        this.fileWidth = file.width();
        this.inspection = inspection;
        this.result = result;
    }

    /** A look of at most {@link #PIXELS} pixels; see {@link #of(Dataset, LossSettings, FocalLossEngine, int)}. */
    public static FirstLook of(Dataset d, LossSettings s, FocalLossEngine engine) {
        return of(d, s, engine, PIXELS);
    }

    /**
     * The look at these settings (without the post's figures or the gradient: a map to see, not figures).
     *
     * @return null for a file of at most {@code maxPixels} pixels or where the look would hold more
     *         than a quarter of them (the whole comes soon enough then), for sigmoid settings or
     *         per-class label masks, and for labels the evaluation refuses (the whole file's
     *         evaluation then says why)
     */
    public static FirstLook of(Dataset d, LossSettings s, FocalLossEngine engine, int maxPixels) {
        SegmentationBatch b = d.batch();
        if (b.pixels() <= maxPixels) {
            return null;
        }
        int step = step(b.height(), b.width(), maxPixels);
        long lookPixels = (long) ((b.height() + step - 1) / step) * ((b.width() + step - 1) / step);
        if (s.sigmoid() || b.labelMasks() || lookPixels * 4 > b.pixels()) {
            return null;
        }
        // the picture, one plane shared by the samples, at the look's pixels
        int[] at = SegmentationBatch.planeEvery(b.height(), b.width(), step);
        int[] image = d.image() == null ? null : SegmentationBatch.gather(d.image(), 0, 1, b.height() * b.width(), at);
        Dataset part = new Dataset(b.sampleEvery(0, step), image, d.classes(), d.title());
        Inspection inspection = new Inspection(part, engine);
        try {
            LossSettings look = new LossSettings(s.term(), wholeFileWeights(b, s), s.ignoreIndex(), s.reduction(), false,
                    s.activation(), s.alpha(), false);
            return new FirstLook(part, step, b, inspection, inspection.evaluate(look));
        } catch (RuntimeException e) {
            // labels out of range, no labelled pixel, weights the scheme cannot give: the whole file's
            // evaluation, which comes next, says what is wrong in its own words
            inspection.close();
            return null;
        }
    }

    /** The smallest step at which an {@code height x width} map has at most {@code maxPixels} pixels. */
    static int step(int height, int width, int maxPixels) {
        int step = Math.max(1, (int) Math.floor(Math.sqrt((double) height * width / maxPixels)));
        while ((long) ((height + step - 1) / step) * ((width + step - 1) / step) > maxPixels) {
            step++;
        }
        return step;
    }

    /**
     * The scheme's weights from the whole file's label counts, fixed; none and explicit weights are
     * already fixed. Counted as the engine counts: labelled pixels whose logits are all finite.
     */
    private static WeightScheme wholeFileWeights(SegmentationBatch b, LossSettings s) {
        if (s.weights() instanceof WeightScheme.None || s.weights() instanceof WeightScheme.Explicit) {
            return s.weights();
        }
        int hw = b.height() * b.width();
        boolean[] nonFinite = new boolean[b.pixels()];
        float[] z = b.logits();
        for (int n = 0; n < b.samples(); n++) {
            for (int c = 0; c < b.classes(); c++) {
                int plane = (n * b.classes() + c) * hw;
                for (int i = 0; i < hw; i++) {
                    nonFinite[n * hw + i] |= !Float.isFinite(z[plane + i]);
                }
            }
        }
        long[][] perSample = new long[b.samples()][b.classes()];
        long[] total = new long[b.classes()];
        int[] labels = b.labels();
        for (int p = 0; p < labels.length; p++) {
            int y = labels[p];
            if (y >= 0 && y < b.classes() && (s.ignoreIndex() == null || y != s.ignoreIndex()) && !nonFinite[p]) {
                perSample[p / hw][y]++;
                total[y]++;
            }
        }
        double[] w = s.weights().weights(new ClassCounts(total, perSample)).values();
        return new WeightScheme.Explicit(w, s.weights().describe() + " of " + b.labelsSource());
    }

    /**
     * What a look shows of a file, as the window says it: {@code every 3rd row and column},
     * {@code sample 1 of 4}, or {@code every 2nd row and column of sample 1 of 4}.
     */
    public static String sampling(int step, int samples) {
        String of = samples > 1 ? "sample 1 of " + samples : "";
        if (step == 1) {
            return of;
        }
        int tens = step % 100;
        String suffix = tens >= 11 && tens <= 13 ? "th" : switch (step % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return "every " + step + suffix + " row and column" + (of.isEmpty() ? "" : " of " + of);
    }

    /** What this look shows of its file (see {@link #sampling(int, int)}). */
    public String sampling() {
        return sampling(step, samples);
    }

    /** The look's batch (one sample, every step-th pixel), picture and classes. */
    public Dataset dataset() {
        return dataset;
    }

    /** Every how many rows and columns of the file the look has a pixel. */
    public int step() {
        return step;
    }

    /** The file's map height, of which the look has every {@link #step}-th row. */
    public int fileHeight() {
        return fileHeight;
    }

    public int fileWidth() {
        return fileWidth;
    }

    /** The look's evaluation: its maps are valid until {@link #close}. */
    public LossResult result() {
        return result;
    }

    @Override
    public void close() {
        inspection.close();
    }
}
