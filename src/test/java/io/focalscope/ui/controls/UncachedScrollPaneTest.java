package io.focalscope.ui.controls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The side panel's scroll pane paints what changed, not its whole viewport into a cache first. */
@ExtendWith(ApplicationExtension.class)
class UncachedScrollPaneTest {

    private ScrollPane plain;
    private UncachedScrollPane uncached;

    @Start
    void start(Stage stage) {
        plain = new ScrollPane(new Label("a"));
        uncached = new UncachedScrollPane(new Label("b"));
        stage.setScene(new Scene(new VBox(plain, uncached), 200, 200));
        stage.show();
    }

    @Test
    void theViewportIsNotCachedWhereJavaFxCachesIt() {
        Node plainViewport = plain.lookup(".viewport");
        assertTrue(plainViewport != null && plainViewport.isCache(), "JavaFX's own skin caches the viewport");
        assertFalse(uncached.lookup(".viewport").isCache());
    }
}
