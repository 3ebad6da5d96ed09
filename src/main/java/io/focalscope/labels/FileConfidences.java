package io.focalscope.labels;

import io.focalscope.dataset.ImageFiles;
import io.focalscope.io.BatchLoader;
import io.focalscope.io.FloatArrays;
import java.util.List;

/** A dataset's images read from their files, their softmax figures kept in a {@link ConfidenceSpill} between passes. */
final class FileConfidences implements Confidences {

    private final List<ImageFiles> images;
    private final Integer ignoreIndex;
    private final ConfidenceSpill spill = new ConfidenceSpill();
    /** Each thread reads every image into the float array its last image used. */
    private final ThreadLocal<FloatArrays> arrays = ThreadLocal.withInitial(FloatArrays::reusing);

    FileConfidences(List<ImageFiles> images, Integer ignoreIndex) {
        this.images = images;
        this.ignoreIndex = ignoreIndex;
    }

    @Override
    public PixelConfidence first(int image) {
        ImageFiles f = images.get(image);
        var batch = BatchLoader.load(f.logits(), f.labels(), arrays.get(), w -> { });
        if (batch.pixels() > ConfidenceSpill.MAX_PIXELS) {
            throw io.focalscope.io.InputException.of(f.logits(), batch.pixels() + " pixels: label-issues keeps 32 bytes a pixel between its"
                    + " passes in one buffer, which holds " + ConfidenceSpill.MAX_PIXELS + " pixels; split the batch");
        }
        PixelConfidence c = PixelConfidence.of(batch, ignoreIndex);
        spill.write(image, c);
        return c;
    }

    @Override
    public PixelConfidence again(int image) {
        return spill.read(image);
    }

    @Override
    public void close() {
        spill.close();
    }
}
