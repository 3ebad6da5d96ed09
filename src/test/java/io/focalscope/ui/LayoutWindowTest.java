package io.focalscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.geometry.Bounds;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window's layout: columns that keep their width, the class list in view, labels whole in their tooltips. */
class LayoutWindowTest extends WindowTest {

    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    /** A shrink and a grow leave the side columns as wide as they were: the maps take the difference. */
    @Test
    void theSideColumnsKeepTheirWidthAsTheWindowChanges(FxRobot robot) throws Exception {
        waitForMap();
        resize(robot, 1500, 950);
        double left = view.left.getWidth();
        double right = view.right.getWidth();
        resize(robot, 1000, 700);
        assertEquals(left, view.left.getWidth(), 1.5, "left column in the smaller window");
        assertEquals(right, view.right.getWidth(), 1.5, "right column in the smaller window");
        resize(robot, 1500, 950);
        assertEquals(left, view.left.getWidth(), 1.5, "left column");
        assertEquals(right, view.right.getWidth(), 1.5, "right column");
    }

    /** Widths are remembered in pixels: a window opened narrower gets the same columns, not the same fractions. */
    @Test
    void rememberedColumnWidthsAreRestoredInPixels(FxRobot robot) throws Exception {
        waitForMap();
        robot.interact(() -> view.setColumns(300, 360, view.main.getWidth()));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(300, view.left.getWidth(), 3);
        assertEquals(360, view.right.getWidth(), 3);
        // a width beyond 40 % of the window is cut back, so that the maps always keep room
        robot.interact(() -> view.setColumns(900, 360, view.main.getWidth()));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0.4 * view.main.getWidth(), view.left.getWidth(), 3);
    }

    /** After the window is resized, the map is drawn again to the new size, fitted (it was not moved). */
    @Test
    void aResizedWindowDrawsTheMapFittedToItsNewSize(FxRobot robot) throws Exception {
        waitForMap();
        resize(robot, 1400, 860);
        waitForMap();
        resize(robot, 1280, 720);
        waitForMap();
        var g = view.primary.frame().geometry();
        double fitted = Math.min(view.primary.mapWidth() / 512.0, view.primary.mapHeight() / 256.0);
        assertEquals(fitted, g.zoom(), 1e-9, "the map fills the pane's width or height");
    }

    /** At 1280 x 720 the class list is on screen, several rows of it, without scrolling the controls. */
    @Test
    void theClassListIsInViewInASmallWindow(FxRobot robot) throws Exception {
        waitForMap();
        resize(robot, 1280, 720);
        Bounds list = view.classList.list.localToScene(view.classList.list.getBoundsInLocal());
        assertTrue(list.getMaxY() <= view.getScene().getHeight(), "the list ends at " + list.getMaxY());
        assertTrue(list.getHeight() >= 4 * 24, "room for four rows: " + list.getHeight());
        long rows = robot.lookup("#classes .list-cell").queryAll().stream()
                .filter(c -> ((javafx.scene.control.ListCell<?>) c).getItem() != null).count();
        assertTrue(rows >= 4, rows + " rows");
    }

    /** A value cut short in a narrow column carries its whole text in a tooltip. */
    @Test
    void summaryValuesCarryTheirWholeTextInATooltip(FxRobot robot) throws Exception {
        waitForMap();
        for (String id : new String[] {"#summary-as-written", "#summary-backend", "#summary-loss", "#readout"}) {
            Label value = robot.lookup(id).queryAs(Label.class);
            assertNotNull(value.getTooltip(), id);
            assertEquals(value.getText(), value.getTooltip().getText(), id);
        }
    }
}
