package io.focalscope.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.labels.Region;
import io.focalscope.render.Frame;
import io.focalscope.render.MapLayer;
import io.focalscope.render.PaneGeometry;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/** The Label issues tab on the demo: the mislabelled patch on the red car first, and a click that shows it. */
class LabelIssuesWindowTest extends WindowTest {

    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFirstIssueIsThePatchOnTheRedCarAndAClickShowsIt(FxRobot robot) throws Exception {
        waitForMap();
        robot.interact(() -> view.charts.select("Label issues"));
        waitFor(() -> vm.labelIssuesShown.get(), "the tab shown");
        TableView<Region> table = robot.lookup("#label-issues-table").queryAs(TableView.class);
        waitFor(() -> !table.getItems().isEmpty(), "the demo's label issues");
        Region first = table.getItems().get(0);
        // DemoSceneGenerator: road (0) over 18 x 8 pixels of the car (13) at (396, 188)
        assertEquals(0, first.given());
        assertEquals(13, first.predicted());
        assertEquals(144, first.pixels());
        assertArrayEquals(new int[] {188, 396, 195, 413}, first.box());
        String summary = robot.lookup("#label-issues-summary").queryLabeled().getText();
        assertTrue(summary.contains("flagged as likely mislabelled"), summary);

        double fitted = vm.map.viewport.zoom.get();
        robot.interact(() -> vm.map.opacity.set(1)); // the layer alone, not blended with the demo's picture
        robot.interact(() -> table.getSelectionModel().select(0));
        waitFor(() -> vm.map.framesProperty().get() != null && vm.map.framesProperty().get().primary().view().layer() == MapLayer.LABEL_ISSUES
                && vm.map.framesProperty().get().primary().data().issues() != null
                && vm.map.framesProperty().get().primary().view().opacity() == 1
                && vm.map.framesProperty().get().primary().geometry().zoom() > fitted, "the region drawn, zoomed in");
        // read on the JavaFX thread, while the frame is the one on screen: a frame replaced is drawn over (FrameRenderer.recycle)
        int[] seen = new int[2];
        robot.interact(() -> {
            Frame f = vm.map.framesProperty().get().primary();
            PaneGeometry g = f.geometry();
            // the patch's centre on screen shows the predicted class's colour: the car's
            int sx = (int) ((404.5 - g.originX()) * g.zoom());
            int sy = (int) ((191.5 - g.originY()) * g.zoom());
            seen[0] = 0xff000000 | f.data().classes().color(13);
            seen[1] = f.pixels()[sy * g.width() + sx];
        });
        assertEquals(Integer.toHexString(seen[0]), Integer.toHexString(seen[1]));
    }
}
