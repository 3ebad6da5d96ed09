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
    private final ConfidenceSpill spill = new ConfidenceSpill();
    /** Each thread reads every image into the float array its last image used. */
    private final ThreadLocal<FloatArrays> arrays = ThreadLocal.withInitial(FloatArrays::reusing);

    FileConfidences(List<ImageFiles> images, Integer ignoreIndex, int factor) {
        this.images = images;
        this.ignoreIndex = ignoreIndex;
        this.factor = factor;
    }

    @Override
    public PixelConfidence first(int image) {
        ImageFiles f = images.get(image);
        var batch = BatchLoader.load(f.logits(), f.labels(), arrays.get(), w -> { });
        if (batch.pixels() > ConfidenceSpill.MAX_PIXELS) {
            throw io.focalscope.io.InputException.of(f.logits(), batch.pixels() + " pixels: label-issues keeps 32 bytes a pixel between its"
                    + " passes in one buffer, which holds " + ConfidenceSpill.MAX_PIXELS + " pixels; split the batch");
        }
        PixelConfidence c = PixelConfidence.of(batch, ignoreIndex, factor);
        spill.write(image, c);
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

    /** Pooled, the pixels' own figures come from the logits read again (the spill holds the blocks'). */
    @Override
    public PixelConfidence full(int image) {
        if (factor == 1) {
            return spill.read(image);
        }
        ImageFiles f = images.get(image);
        return PixelConfidence.of(BatchLoader.load(f.logits(), f.labels(), arrays.get(), w -> { }), ignoreIndex);
    }

    @Override
    public void close() {
        spill.close();
    }
}
