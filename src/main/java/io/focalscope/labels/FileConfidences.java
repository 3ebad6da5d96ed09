package io.focalscope.labels;

import io.focalscope.dataset.ImageFiles;
import io.focalscope.io.BatchLoader;
import io.focalscope.io.FloatArrays;
import java.util.List;

/** A dataset's images read from their files, their softmax figures kept in a {@link ConfidenceSpill} between passes. */
final class FileConfidences implements Confidences {

    private final List<ImageFiles> images;
    private final Integer ignoreIndex;
    private final int factor;
    private final ConfidenceSpill spill;
    /** Each thread reads every image into the float array its last image used. */
    private final ThreadLocal<FloatArrays> arrays = ThreadLocal.withInitial(FloatArrays::reusing);
    /** The pixels' figures of the image this thread pooled last, until {@link #full} takes them. */
    private final ThreadLocal<Read> justRead = new ThreadLocal<>();

    private record Read(int image, PixelConfidence full) {
    }

    FileConfidences(List<ImageFiles> images, Integer ignoreIndex, int factor, long inMemoryBytes) {
        this.spill = new ConfidenceSpill(inMemoryBytes);
        this.images = images;
        this.ignoreIndex = ignoreIndex;
        this.factor = factor;
    }

    @Override
    public PixelConfidence first(int image) {
        ImageFiles f = images.get(image);
        var batch = BatchLoader.load(f.logits(), f.labels(), arrays.get(), w -> { }, PixelConfidence.WORKING);
        if (batch.pixels() > ConfidenceSpill.MAX_PIXELS) {
            throw io.focalscope.io.InputException.of(f.logits(), batch.pixels() + " pixels: label-issues keeps 32 bytes a pixel between its"
                    + " passes in one buffer, which holds " + ConfidenceSpill.MAX_PIXELS + " pixels; split the batch");
        }
        if (factor > 1) {
            PixelConfidence.requireBlocks(batch, factor);
        }
        PixelConfidence full = PixelConfidence.of(batch, ignoreIndex);
        PixelConfidence c = factor == 1 ? full : PixelConfidence.pool(full, batch, factor);
        spill.write(image, c);
        justRead.set(factor == 1 ? null : new Read(image, full));
        return c;
    }

    @Override
    public PixelConfidence again(int image) {
        return spill.read(image);
    }

    @Override
    public boolean pooled() {
        return factor > 1;
    }

    /**
     * Pooled, the pixels' own figures: those this thread's {@link #first} just took of the image
     * (the first pass asks for both), else from the logits read again (the spill holds the blocks').
     */
    @Override
    public PixelConfidence full(int image) {
        if (factor == 1) {
            return spill.read(image);
        }
        Read last = justRead.get();
        justRead.set(null);
        if (last != null && last.image() == image) {
            return last.full();
        }
        ImageFiles f = images.get(image);
        return PixelConfidence.of(BatchLoader.load(f.logits(), f.labels(), arrays.get(), w -> { }, PixelConfidence.WORKING), ignoreIndex);
    }

    @Override
    public void forget(int image) {
        spill.forget(image);
    }

    @Override
    public void close() {
        spill.close();
    }
}
