package io.focalscope.ui.controls;

import javafx.scene.Node;
import javafx.scene.control.ScrollPane;

/**
 * A scroll pane whose viewport is not cached as one image. JavaFX's skin caches it, so a change
 * anywhere in the content (γ's spinner and slider at every step while γ moves) painted the whole
 * visible content again into the cache before the screen: 3 to 8 ms of the renderer's 16.7 ms
 * pulse in the SW pipeline (the pulse logger's "CacheFilter rebuilding"), where without the cache
 * only the controls that changed are painted.
 */
public final class UncachedScrollPane extends ScrollPane {

    public UncachedScrollPane(Node content) {
        super(content);
        skinProperty().addListener((o, was, skin) -> {
            if (skin != null) {
                Node viewport = lookup(".viewport");
                if (viewport != null) {
                    viewport.setCache(false);
                }
            }
        });
    }
}
