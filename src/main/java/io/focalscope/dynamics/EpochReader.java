package io.focalscope.dynamics;

import io.focalscope.dataset.ImageFiles;
import io.focalscope.io.ArrayFiles;
import io.focalscope.io.BatchLoader;
import io.focalscope.io.FloatArrays;
import io.focalscope.io.LogitsLayout;
import io.focalscope.io.MemoryBudget;
import io.focalscope.io.NdArray;
import io.focalscope.io.SegmentationBatch;
import java.util.function.Consumer;

/**
 * How the per-image step reads an epoch's files: from this machine's disk ({@link #LOCAL}), or, in a
 * Spark job, through the cluster's file systems. Reading is the only thing that differs.
 */
public interface EpochReader extends java.io.Serializable {

    /** A labels file on its own, read once where every epoch shares it. */
    NdArray labels(String spec);

    /**
     * An epoch's logits, with its own labels ({@code labels} null) or with labels already read, and
     * their values already taken out where {@code labelValues} is not null.
     */
    SegmentationBatch epoch(ImageFiles files, NdArray labels, int[] labelValues, FloatArrays arrays, Consumer<String> warnings);

    /**
     * What an epoch's logits are read with where the labels are already in hand: the room for what
     * the epoch keeps beside them ({@link ImageDynamics#WORKING}), checked before they are read.
     */
    MemoryBudget.AfterReading WITH_SHARED_LABELS = BatchLoader.afterLogits(LogitsLayout.CHANNELS_FIRST, ImageDynamics.WORKING);

    /** Files on this machine, as {@code scan} reads them. */
    EpochReader LOCAL = new EpochReader() {
        @Override
        public NdArray labels(String spec) {
            return ArrayFiles.read(spec, "labels");
        }

        @Override
        public SegmentationBatch epoch(ImageFiles files, NdArray labels, int[] labelValues, FloatArrays arrays, Consumer<String> warnings) {
            if (labels == null) {
                return BatchLoader.load(files.logits(), files.labels(), arrays, warnings, ImageDynamics.WORKING);
            }
            NdArray logits = ArrayFiles.read(files.logits(), "logits", arrays, WITH_SHARED_LABELS);
            logits.float32PrecisionNote().ifPresent(warnings);
            return BatchLoader.combine(logits, labels, labelValues);
        }
    };
}
