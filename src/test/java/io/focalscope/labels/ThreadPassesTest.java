package io.focalscope.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.focalscope.dataset.ImageFiles;
import io.focalscope.dataset.ScanFailure;
import io.focalscope.io.InputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A failed image is dropped from the figures kept between passes, however it failed. */
class ThreadPassesTest {

    /** Image 1 cannot be read; the others give a figure each. */
    private static final class Recording implements Confidences {
        final List<Integer> forgotten = new ArrayList<>();

        @Override
        public PixelConfidence first(int image) {
            if (image == 1) {
                throw InputException.of("b_logits.npy", "truncated");
            }
            return null;
        }

        @Override
        public PixelConfidence again(int image) {
            return null;
        }

        @Override
        public synchronized void forget(int image) {
            forgotten.add(image);
        }
    }

    @Test
    void everyFailedImageIsForgotten() {
        List<ImageFiles> images = List.of(new ImageFiles("a", "a_logits.npy", "a_labels.npy"),
                new ImageFiles("b", "b_logits.npy", "b_labels.npy"), new ImageFiles("c", "c_logits.npy", "c_labels.npy"));
        Recording source = new Recording();
        ThreadPasses passes = new ThreadPasses(images, source, 2, (pass, image, count) -> { });
        passes.map(1, (i, c) -> "seen");
        assertEquals(List.of(1), source.forgotten, "a file that fails to read");
        assertEquals("b_logits.npy: truncated", passes.failure(1).error());
        passes.fail(2, new ScanFailure("c_logits.npy", "c_logits.npy: has 5 classes"));
        assertEquals(List.of(1, 2), source.forgotten, "an image the search fails after reading it");
        assertNull(passes.failure(0));
    }
}
