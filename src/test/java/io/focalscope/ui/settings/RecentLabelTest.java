package io.focalscope.ui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** File ▸ Open recent names each opening so that it can be told apart from the others. */
class RecentLabelTest {

    @Test
    void aRecentOpeningShowsItsFileNamesWholeAndTheirFolder() {
        String folder = Path.of("/data/val").toAbsolutePath().toString();
        assertEquals("good_logits.npy + good_labels.npy — " + folder,
                AppPreferences.recentLabel(List.of("/data/val/good_logits.npy", "/data/val/good_labels.npy")));
    }
}
