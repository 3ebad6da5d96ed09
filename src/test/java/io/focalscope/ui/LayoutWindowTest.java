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

    /**
     * The settings fold into sections, so that the map's controls fit a 1400 x 860 window: its layer,
     * colormap and scale show as the window opens, and with the loss section folded its range and
     * opacity too; the weights' section opens folded, with a line saying what is chosen.
     */
    @Test
    void theSettingsFoldSoThatTheMapsControlsShow(FxRobot robot) throws Exception {
        waitForMap();
        resize(robot, 1400, 860);
        javafx.scene.control.ScrollPane scroll = robot.lookup(".scroll-pane").match(
                (javafx.scene.control.ScrollPane p) -> p.getContent() != null && p.getContent().lookup("#map-section") != null)
                .queryAs(javafx.scene.control.ScrollPane.class);
        for (String id : new String[] {"#layer", "#scale"}) {
            assertTrue(inView(scroll, robot.lookup(id).query()), id + " shows as the window opens");
        }
        javafx.scene.control.TitledPane weights = robot.lookup("#weights-section").queryAs(javafx.scene.control.TitledPane.class);
        assertTrue(!weights.isExpanded(), "the weights' section opens folded");
        robot.interact(() -> robot.lookup("#loss-section").queryAs(javafx.scene.control.TitledPane.class).setExpanded(false));
        WaitForAsyncUtils.waitForFxEvents();
        for (String id : new String[] {"#range-low", "#range-high", "#refit-range", "#range-in-use"}) {
            assertTrue(inView(scroll, robot.lookup(id).query()), id + " shows with the loss section folded");
        }
    }

    /** Whether a node lies wholly inside the scroll pane's viewport, as it is scrolled now. */
    private static boolean inView(javafx.scene.control.ScrollPane scroll, javafx.scene.Node node) {
        Bounds viewport = scroll.localToScene(scroll.getLayoutBounds());
        Bounds b = node.localToScene(node.getLayoutBounds());
        return node.isVisible() && b.getMinY() >= viewport.getMinY() - 0.5 && b.getMaxY() <= viewport.getMaxY() + 0.5;
    }

    /**
     * Every header of the side panel, and of its Charts tab, lies inside the 400-pixel column of the
     * default window: with eight tabs in one row, Training and Calibration were in the overflow menu.
     */
    @Test
    void everySidePanelTabShowsInTheDefaultColumn(FxRobot robot) throws Exception {
        waitForMap();
        resize(robot, 1400, 860);
        robot.interact(() -> view.windowLayout.setColumns(280, 400, view.main.getWidth()));
        WaitForAsyncUtils.waitForFxEvents();
        double right = view.charts.localToScene(view.charts.getLayoutBounds()).getMaxX();
        java.util.List<String> titles = new java.util.ArrayList<>();
        view.charts.getTabs().forEach(t -> titles.add(t.getText()));
        view.charts.chartTabs().forEach(t -> titles.add(t.getText()));
        assertEquals(java.util.List.of("Charts", "Label issues", "Calibration", "Training", "Weights", "Shares", "Loss vs γ", "p_t", "Peers"),
                titles);
        for (String title : titles) {
            javafx.scene.control.Label header = robot.lookup(".tab-label").match((javafx.scene.control.Label l) -> title.equals(l.getText()))
                    .queryAs(javafx.scene.control.Label.class);
            double end = header.localToScene(header.getLayoutBounds()).getMaxX();
            assertTrue(end <= right, title + "'s header ends at " + end + ", past the column's edge at " + right);
        }
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
        robot.interact(() -> view.windowLayout.setColumns(300, 360, view.main.getWidth()));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(300, view.left.getWidth(), 3);
        assertEquals(360, view.right.getWidth(), 3);
        // a width beyond 40 % of the window is cut back, so that the maps always keep room
        robot.interact(() -> view.windowLayout.setColumns(900, 360, view.main.getWidth()));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0.4 * view.main.getWidth(), view.left.getWidth(), 3);
    }

    /**
     * Columns restored while the split pane is laid out at less than the window's width (a start's
     * first layouts, at the content's own 781 px, before the scene has its size) get their widths once
     * it spans the window: restored at 781 px, the right column was held to 40 % of it, 312 px, and
     * kept that width in the window after (a start whose file failed, which makes its columns at once).
     */
    @Test
    void columnsRestoredBeforeTheSplitSpansTheWindowGetTheirWidthsOnceItDoes(FxRobot robot) throws Exception {
        waitForMap();
        resize(robot, 1400, 860);
        try {
            robot.interact(() -> {
                view.windowLayout.setColumns(280, 400, view.main.getWidth());
                view.windowLayout.save(stage);
                // laid out at less than the window's width when restored, as before the window has its size
                view.main.resize(500, view.main.getHeight());
                view.windowLayout.restoreColumns();
                view.main.resize(781, view.main.getHeight());
                view.requestLayout();
            });
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(1400, view.main.getWidth(), 1, "the split spans the window again");
            assertEquals(400, view.right.getWidth(), 3, "the right column");
            assertEquals(280, view.left.getWidth(), 3, "the left column");
        } finally {
            robot.interact(() -> {
                view.windowLayout.setColumns(280, 400, view.main.getWidth());
                view.windowLayout.save(stage);
            });
        }
    }

    /** Columns saved at a close and restored at the next start are as wide as they were, start after start. */
    @Test
    void columnsKeepTheirWidthFromStartToStart(FxRobot robot) throws Exception {
        waitForMap();
        robot.interact(() -> view.windowLayout.setColumns(300, 380, view.main.getWidth()));
        WaitForAsyncUtils.waitForFxEvents();
        double left = view.left.getWidth();
        double right = view.right.getWidth();
        try {
            for (int start = 0; start < 3; start++) {
                robot.interact(() -> {
                    view.windowLayout.save(stage); // as a close does
                    view.windowLayout.restoreColumns(view.main.getWidth()); // as the next start does
                });
                WaitForAsyncUtils.waitForFxEvents();
                assertEquals(left, view.left.getWidth(), 0.5, "left column after start " + (start + 1));
                assertEquals(right, view.right.getWidth(), 0.5, "right column after start " + (start + 1));
            }
        } finally {
            // the tests' preferences are shared: the next window starts on the default columns
            robot.interact(() -> {
                view.windowLayout.setColumns(280, 400, view.main.getWidth());
                view.windowLayout.save(stage);
            });
        }
    }

    /**
     * A split kept at its share gives it back once the window is large again: made small, the split
     * moves its divider to keep the lower part's minimum size, and kept it there after.
     */
    @Test
    void aSplitGetsItsShareBackWhenTheWindowGrows(FxRobot robot) throws Exception {
        javafx.scene.layout.Region top = new javafx.scene.layout.Region();
        javafx.scene.layout.Region bottom = new javafx.scene.layout.Region();
        bottom.setMinHeight(300);
        javafx.scene.control.SplitPane split = new javafx.scene.control.SplitPane(top, bottom);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        io.focalscope.ui.controls.KeptShare.of(split, 0.65);
        javafx.stage.Stage[] window = new javafx.stage.Stage[1];
        robot.interact(() -> {
            window[0] = new javafx.stage.Stage();
            window[0].setScene(new javafx.scene.Scene(split, 300, 1000));
            window[0].show();
        });
        try {
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(0.65, split.getDividerPositions()[0], 0.01, "its share at first");
            robot.interact(() -> window[0].setHeight(400));
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(bottom.getHeight() >= 299, "the lower part keeps its minimum: " + bottom.getHeight());
            robot.interact(() -> window[0].setHeight(1000));
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(0.65, split.getDividerPositions()[0], 0.01, "its share again");
        } finally {
            robot.interact(() -> window[0].close());
        }
    }

    /** The range's ends show whole in their fields, a small loss's exponent too, in a 1280 x 720 window. */
    @Test
    void theRangeFieldsShowTheirWholeValue(FxRobot robot) throws Exception {
        waitForMap();
        resize(robot, 1280, 720);
        robot.interact(() -> vm.map.autoRange.set(false));
        robot.interact(() -> robot.lookup("#range-low").queryAs(javafx.scene.control.TextField.class).setText("2.3e-10"));
        robot.interact(() -> robot.lookup("#range-low").queryAs(javafx.scene.control.TextField.class).fireEvent(
                new javafx.event.ActionEvent()));
        WaitForAsyncUtils.waitForFxEvents();
        for (String id : new String[] {"#range-low", "#range-high"}) {
            javafx.scene.control.TextField f = robot.lookup(id).queryAs(javafx.scene.control.TextField.class);
            javafx.scene.text.Text text = new javafx.scene.text.Text(f.getText());
            text.setFont(f.getFont());
            double room = f.getWidth() - f.getInsets().getLeft() - f.getInsets().getRight();
            assertTrue(text.getLayoutBounds().getWidth() <= room, id + " '" + f.getText() + "' needs " + text.getLayoutBounds().getWidth()
                    + " px, has " + room);
        }
        assertEquals("2.3e-10", robot.lookup("#range-low").queryAs(javafx.scene.control.TextField.class).getText());
    }

    /**
     * Every label of the left column's rows shows whole (the control beside it gives way), its
     * sections open, in a larger font (as under GTK here, where "Shown form" was cut to "Shown fo…").
     */
    @Test
    void theSettingsLabelsShowWhole(FxRobot robot) throws Exception {
        waitForMap();
        resize(robot, 1400, 860);
        robot.interact(() -> view.controls.setStyle("-fx-font-size: 16px"));
        robot.interact(() -> view.lookupAll(".titled-pane").forEach(t -> ((javafx.scene.control.TitledPane) t).setExpanded(true)));
        waitFor(() -> !view.isNeedsLayout(), "laid out");
        int seen = 0;
        for (javafx.scene.Node n : view.controls.lookupAll(".label")) {
            if (n instanceof javafx.scene.control.Label l && l.isVisible() && l.getText() != null && !l.getText().isEmpty()
                    && l.getParent() instanceof javafx.scene.layout.HBox) {
                javafx.scene.text.Text shown = (javafx.scene.text.Text) l.lookup(".text");
                assertEquals(l.getText(), shown.getText(), "the label '" + l.getText() + "' whole");
                seen++;
            }
        }
        assertTrue(seen >= 5, "the rows' labels: " + seen);
        robot.interact(() -> view.controls.setStyle(""));
    }

    /** After the window is resized, the map is drawn again to the new size, fitted (it was not moved). */
    @Test
    void aResizedWindowDrawsTheMapFittedToItsNewSize(FxRobot robot) throws Exception {
        waitForMap();
        resize(robot, 1400, 860);
        waitForMap();
        resize(robot, 1280, 720);
        waitForMap();
        var g = view.mapsArea.primary.frame().geometry();
        double fitted = Math.min(view.mapsArea.primary.mapWidth() / 512.0, view.mapsArea.primary.mapHeight() / 256.0);
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
        int cut = 0;
        for (String id : new String[] {"#summary-as-written", "#summary-backend", "#summary-loss", "#readout"}) {
            Label value = robot.lookup(id).queryAs(Label.class);
            assertNotNull(value.getTooltip(), id);
            // what the skin draws (cut short with "…" where the column is narrow) against the tooltip's text
            String drawn = ((javafx.scene.text.Text) value.lookup(".text")).getText();
            String whole = value.getTooltip().getText();
            boolean elided = drawn.endsWith("…") || drawn.endsWith("...");
            String shown = elided ? drawn.substring(0, drawn.length() - (drawn.endsWith("…") ? 1 : 3)) : drawn;
            assertTrue(whole.startsWith(shown) && (elided ? whole.length() > shown.length() : whole.equals(drawn)),
                    id + ": drawn '" + drawn + "', tooltip '" + whole + "'");
            cut += elided ? 1 : 0;
        }
        assertTrue(cut > 0, "at this width the backend's description is cut short, and its tooltip is whole");
    }

    /**
     * Every layer's name shows whole in the Layer box of the default window: beside its label the box
     * showed about 13 characters ("Confidence o…", "Gradient against cross-e…"). The training run's
     * layers cannot be chosen on the demo alone; a layer as long as any of them is.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyLayersNameShowsWholeInTheLayerBox(FxRobot robot) throws Exception {
        waitForMap();
        javafx.scene.control.ComboBox<io.focalscope.render.MapLayer> layer = robot.lookup("#layer").queryAs(javafx.scene.control.ComboBox.class);
        java.util.List<String> cut = new java.util.ArrayList<>();
        int longestShown = 0;
        for (io.focalscope.render.MapLayer l : java.util.List.copyOf(layer.getItems())) {
            robot.interact(() -> layer.setValue(l));
            WaitForAsyncUtils.waitForFxEvents();
            if (layer.getValue() != l) {
                continue; // refused: a training run's layer
            }
            // the skin's button cell, and the text its skin draws (cut short with "…" where it is narrow)
            String drawn = WaitForAsyncUtils.asyncFx(() -> layer.lookupAll(".list-cell").stream()
                    .filter(n -> n instanceof javafx.scene.control.ListCell<?> c && c.getItem() == l)
                    .map(n -> n.lookup(".text")).filter(t -> t instanceof javafx.scene.text.Text)
                    .map(t -> ((javafx.scene.text.Text) t).getText()).findFirst().orElse("(no cell)")).get();
            if (!drawn.equals(l.toString())) {
                cut.add(l + " drawn as '" + drawn + "'");
            }
            longestShown = Math.max(longestShown, l.toString().length());
            assertEquals(l.toString(), layer.getTooltip().getText(), "the box's tooltip names the layer");
        }
        assertTrue(cut.isEmpty(), cut.toString());
        for (io.focalscope.render.MapLayer l : io.focalscope.render.MapLayer.values()) {
            assertTrue(l.toString().length() <= longestShown, l + " is longer than any layer tried");
        }
    }
}
