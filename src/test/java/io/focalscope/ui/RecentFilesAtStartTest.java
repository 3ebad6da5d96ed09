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

    private static String absolute(String first, String... more) {
        return Path.of(first, more).toAbsolutePath().normalize().toString();
    }

    @Test
    void theFilesAbsoluteOnceEachAndTheDemoNone() {
        assertEquals(List.of(absolute("run", "logits.npy"), absolute("labels.npy"), absolute("scene.png")),
                FocalscopeApp.recentFiles(start("run/../run/logits.npy", "labels.npy", LogitsLayout.CHANNELS_FIRST,
                        Path.of("scene.png"), null)));
        assertEquals(List.of(absolute("val_0001.npz")),
                FocalscopeApp.recentFiles(start("val_0001.npz", "./val_0001.npz", LogitsLayout.CHANNELS_FIRST, null, null)),
                "one archive that holds both");
        assertEquals(List.of(), FocalscopeApp.recentFiles(FocalscopeApp.Startup.demo()), "the demo");
    }

    /** A recent entry reopens as files dropped together do: where that would open something else, none is kept. */
    @Test
    void noneWhereReopeningWouldOpenSomethingElse() {
        assertEquals(List.of(), FocalscopeApp.recentFiles(start("hwc.npy", "labels.npy", LogitsLayout.CHANNELS_LAST, null, null)),
                "channels-last logits, which would reopen as channels-first");
        assertEquals(List.of(),
                FocalscopeApp.recentFiles(start("run.npz:scores", "run.npz:target", LogitsLayout.CHANNELS_FIRST, null, null)),
                "an archive's arrays named, where the default ones would reopen");
        assertEquals(List.of(), FocalscopeApp.recentFiles(start("logits.npz", "labels.npz", LogitsLayout.CHANNELS_FIRST, null, null)),
                "two archives, both of whose arrays would come from the first");
    }
}
