package io.focalscope.io;

import java.util.Arrays;

/** Reads logits and labels from files and checks that their layouts fit each other. */
public final class BatchLoader {

    private BatchLoader() {
    }

    /**
     * Reads {@code [N,C,H,W]} or {@code [C,H,W]} logits and {@code [N,H,W]} or {@code [H,W]} labels;
     * logits saved channels-last ({@code [N,H,W,C]}, {@code [H,W,C]}) are read as such where only that
     * layout fits the labels (see {@link #combine}).
     */
    public static SegmentationBatch load(String logitsSpec, String labelsSpec) {
        return load(logitsSpec, labelsSpec, FloatArrays.FRESH);
    }

    /** The same, with float32 logits read into an array from {@code arrays}. */
    public static SegmentationBatch load(String logitsSpec, String labelsSpec, FloatArrays arrays) {
        return load(logitsSpec, labelsSpec, arrays, note -> { });
    }

    /** The same, telling {@code warnings} what reading the files cost ({@link NdArray#float32PrecisionNote}). */
    public static SegmentationBatch load(String logitsSpec, String labelsSpec, FloatArrays arrays,
                                         java.util.function.Consumer<String> warnings) {
        return load(logitsSpec, labelsSpec, arrays, LogitsLayout.CHANNELS_FIRST, warnings, WorkingMemory.NONE);
    }

    /**
     * The same, refusing a batch whose files, with the {@code working} arrays computed from them,
     * would not fit the heap, before its logits are read.
     */
    public static SegmentationBatch load(String logitsSpec, String labelsSpec, FloatArrays arrays,
                                         java.util.function.Consumer<String> warnings, WorkingMemory working) {
        return load(logitsSpec, labelsSpec, arrays, LogitsLayout.CHANNELS_FIRST, warnings, working);
    }

    /** The same, with logits saved in {@code layout}; channels-last ones are moved to channels-first. */
    public static SegmentationBatch load(String logitsSpec, String labelsSpec, LogitsLayout layout) {
        return load(logitsSpec, labelsSpec, FloatArrays.FRESH, layout, note -> { }, WorkingMemory.NONE);
    }

    /** The same, telling {@code warnings} what reading the files cost ({@link NdArray#float32PrecisionNote}). */
    public static SegmentationBatch load(String logitsSpec, String labelsSpec, LogitsLayout layout,
                                         java.util.function.Consumer<String> warnings) {
        return load(logitsSpec, labelsSpec, FloatArrays.FRESH, layout, warnings, WorkingMemory.NONE);
    }

    /**
     * The same, refusing a batch whose files, with the {@code working} arrays computed from them,
     * would not fit the heap, before its logits are read.
     */
    public static SegmentationBatch load(String logitsSpec, String labelsSpec, LogitsLayout layout,
                                         java.util.function.Consumer<String> warnings, WorkingMemory working) {
        return load(logitsSpec, labelsSpec, FloatArrays.FRESH, layout, warnings, working);
    }

    private static SegmentationBatch load(String logitsSpec, String labelsSpec, FloatArrays arrays, LogitsLayout layout,
                                          java.util.function.Consumer<String> warnings, WorkingMemory working) {
        NdArray logits = layout.toChannelsFirst(ArrayFiles.read(logitsSpec, "logits", arrays, afterLogits(layout, working)));
        logits.float32PrecisionNote().ifPresent(warnings);
        int[] nchw = logitsShape(logits); // refuse wrong logits before reading the second file
        NdArray labels = ArrayFiles.read(labelsSpec, "labels", FloatArrays.FRESH, afterLabels(nchw, working));
        return combine(logits, labels);
    }

    /**
     * What is allocated once logits of a shape are read, checked with them: the labels' values (an
     * int a pixel at least; the labels' file is checked as it is read), a copy to move a
     * channels-last class axis to the front, and the working arrays. Channels-first, the labels may
     * yet say the class axis is the last (see {@link #combine}): the smaller of the two counts the
     * more pixels.
     */
    public static MemoryBudget.AfterReading afterLogits(LogitsLayout layout, WorkingMemory working) {
        return shape -> {
            if (shape.length != 3 && shape.length != 4) {
                return 0; // refused for its shape once read
            }
            long logits = NdArray.elementCount(shape);
            long classes = layout == LogitsLayout.CHANNELS_LAST ? shape[shape.length - 1]
                    : Math.min(shape[shape.length - 3], shape[shape.length - 1]);
            if (classes <= 0) {
                return 0;
            }
            long pixels = logits / classes;
            long moved = layout == LogitsLayout.CHANNELS_LAST ? logits * Float.BYTES : 0;
            long work = working.bytes(pixels, logits);
            return work > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : pixels * Integer.BYTES + moved + work;
        };
    }

    /** What is allocated once the labels of logits {@code nchw} are read: the working arrays. */
    static MemoryBudget.AfterReading afterLabels(int[] nchw, WorkingMemory working) {
        long pixels = (long) nchw[0] * nchw[2] * nchw[3];
        long work = working.bytes(pixels, pixels * nchw[1]);
        return shape -> work;
    }

    /**
     * Logits and labels from files' whole bytes (as a distributed job hands them over), checked as
     * files are; each source names its file in messages.
     */
    public static SegmentationBatch load(String logitsSource, byte[] logitsBytes, String labelsSource, byte[] labelsBytes,
                                         FloatArrays arrays) {
        return load(logitsSource, logitsBytes, labelsSource, labelsBytes, arrays, note -> { });
    }

    /** The same, telling {@code warnings} what reading the files cost. */
    public static SegmentationBatch load(String logitsSource, byte[] logitsBytes, String labelsSource, byte[] labelsBytes,
                                         FloatArrays arrays, java.util.function.Consumer<String> warnings) {
        return load(logitsSource, logitsBytes, labelsSource, labelsBytes, arrays, warnings, WorkingMemory.NONE);
    }

    /** The same with the budget of {@link #load(String, String, FloatArrays, java.util.function.Consumer, WorkingMemory)}. */
    public static SegmentationBatch load(String logitsSource, byte[] logitsBytes, String labelsSource, byte[] labelsBytes,
                                         FloatArrays arrays, java.util.function.Consumer<String> warnings, WorkingMemory working) {
        NdArray logits = ArrayFiles.read(logitsSource, logitsBytes, null, "logits", arrays,
                afterLogits(LogitsLayout.CHANNELS_FIRST, working));
        logits.float32PrecisionNote().ifPresent(warnings);
        int[] nchw = logitsShape(logits);
        NdArray labels = ArrayFiles.read(labelsSource, labelsBytes, null, "labels", FloatArrays.FRESH, afterLabels(nchw, working));
        return combine(logits, labels);
    }

    /** A label map on its own, {@code [N,H,W]} in C order. */
    public record LabelMap(int[] labels, int samples, int height, int width, String source) {
    }

    /** Reads {@code [N,H,W]} or {@code [H,W]} labels without logits (for class weights). */
    public static LabelMap loadLabels(String labelsSpec) {
        return labelMap(ArrayFiles.read(labelsSpec, "labels"));
    }

    /** The same from a file's whole bytes, {@code source} naming it. */
    public static LabelMap loadLabels(String source, byte[] bytes) {
        return labelMap(ArrayFiles.read(source, bytes, null, "labels", FloatArrays.FRESH));
    }

    private static LabelMap labelMap(NdArray labels) {
        int[] ys = labelsShape(labels);
        if (!labels.dtype().isIntegral()) {
            throw InputException.of(labels.source(), "labels must be integer class ids, found " + labels.dtype());
        }
        return new LabelMap(labels.toInts(), ys[0], ys[1], ys[2], labels.source());
    }

    /**
     * Checks two arrays already read and puts them together. Logits whose axes fit the labels only
     * channels-last (the labels' N, H and W before the class axis) are moved to channels-first; where
     * both layouts fit (a map as many pixels high and wide as it has classes) channels-first is taken,
     * and {@code --channels-last} says otherwise.
     */
    public static SegmentationBatch combine(NdArray logits, NdArray labels) {
        return combine(logits, labels, null);
    }

    /**
     * The same, with the labels' values already taken out ({@code labels.toInts()}, or null): one
     * labels file shared by many logits files (a training run's epochs) is converted once.
     */
    public static SegmentationBatch combine(NdArray logits, NdArray labels, int[] labelValues) {
        int[] ls = logitsShape(logits);
        if (!labels.dtype().isIntegral()) {
            throw InputException.of(labels.source(), "labels must be integer class ids, found " + labels.dtype());
        }
        if (labels.shape().length == 4) { // a 0/1 mask per class: multi-label targets
            int[] m = labels.shape();
            if (m[0] != ls[0] || m[1] != ls[1] || m[2] != ls[2] || m[3] != ls[3]) {
                throw InputException.of(labels.source(), "label masks of shape " + labels.shapeText()
                        + " do not fit the logits " + logits.shapeText() + " of " + logits.source()
                        + ": a mask per class must have the logits' shape [N,C,H,W]");
            }
            return new SegmentationBatch(logits.toFloats(), labelValues != null ? labelValues : labels.toInts(), ls[0], ls[1], ls[2], ls[3],
                    logits.source(), labels.source());
        }
        int[] ys = labelsShape(labels);
        if (ys[0] != ls[0] || ys[1] != ls[2] || ys[2] != ls[3]) {
            if (LogitsLayout.looksChannelsLast(logits.shape(), labels.shape())) {
                // the shapes say it: read channels-first the logits do not fit the labels, read channels-last they do
                return combine(LogitsLayout.CHANNELS_LAST.toChannelsFirst(logits), labels, labelValues);
            }
            throw InputException.of(labels.source(), "labels of shape " + labels.shapeText()
                    + " do not fit the logits " + logits.shapeText() + " of " + logits.source()
                    + ": N, H and W must match (logits [N,C,H,W], labels [N,H,W])");
        }
        return new SegmentationBatch(logits.toFloats(), labelValues != null ? labelValues : labels.toInts(), ls[0], ls[1], ls[2], ls[3],
                logits.source(), labels.source());
    }

    /**
     * Logits' shape as [N, C, H, W]; also checks a file picked alone before its labels come.
     *
     * @throws InputException for another rank, a dtype that is not float, or no values, naming the file
     */
    public static int[] logitsShape(NdArray logits) {
        int[] s = logits.shape();
        int[] nchw = switch (s.length) {
            case 4 -> s;
            case 3 -> new int[] {1, s[0], s[1], s[2]};
            default -> throw InputException.of(logits.source(), "logits must be [N,C,H,W] or [C,H,W], found shape "
                    + logits.shapeText());
        };
        if (!logits.dtype().isFloatingPoint()) {
            throw InputException.of(logits.source(), "logits must be float16, float32 or float64, found " + logits.dtype());
        }
        if (Arrays.stream(nchw).anyMatch(d -> d == 0)) {
            throw InputException.of(logits.source(), "logits of shape " + logits.shapeText() + " hold no values");
        }
        return nchw;
    }

    private static int[] labelsShape(NdArray labels) {
        int[] s = labels.shape();
        return switch (s.length) {
            case 3 -> s;
            case 2 -> new int[] {1, s[0], s[1]};
            default -> throw InputException.of(labels.source(), "labels must be [N,H,W] or [H,W] (or, for the sigmoid"
                    + " loss, masks [N,C,H,W]), found shape " + labels.shapeText());
        };
    }
}
