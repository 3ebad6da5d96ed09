package io.focalscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.focalscope.io.LogitsLayout;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a start remembers of its files for File ▸ Open recent, without a toolkit. */
class RecentFilesAtStartTest {

    private static FocalscopeApp.Startup start(String logits, String labels, LogitsLayout layout, Path image, Path classes) {
        return new FocalscopeApp.Startup(logits, labels, layout, image, classes, "auto", null, null, null, false);
    }

    @Test
    void theFilesAbsoluteOnceEachAndTheDemoNone() {
        String cwd = Path.of("").toAbsolutePath().toString();
        assertEquals(List.of(cwd + "/run/logits.npy", cwd + "/labels.npy", cwd + "/scene.png"),
                FocalscopeApp.recentFiles(start("run/../run/logits.npy", "labels.npy", LogitsLayout.CHANNELS_FIRST, Path.of("scene.png"), null)));
        assertEquals(List.of("/data/val_0001.npz"),
                FocalscopeApp.recentFiles(start("/data/val_0001.npz", "/data/val_0001.npz", LogitsLayout.CHANNELS_FIRST, null, null)),
                "one archive that holds both");
        assertEquals(List.of(), FocalscopeApp.recentFiles(FocalscopeApp.Startup.demo()), "the demo");
        assertEquals(List.of(), FocalscopeApp.recentFiles(start("/data/hwc.npy", "/data/labels.npy", LogitsLayout.CHANNELS_LAST, null, null)),
                "channels-last logits, which a recent entry would reopen as channels-first");
    }
}
