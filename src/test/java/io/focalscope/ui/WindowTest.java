package io.focalscope.ui;

import io.focalscope.ui.inspector.InspectorViewModel;
import io.focalscope.ui.map.MapPane;
import io.focalscope.ui.settings.AppPreferences;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** The inspector window on the demo, as the app opens it, for TestFX tests on headless Monocle. */
@ExtendWith(ApplicationExtension.class)
abstract class WindowTest {

    InspectorViewModel vm;
    MainView view;
    Stage stage;

    /** Opens the window; each test class calls it from its own {@code @Start} method (TestFX looks there only). */
    void openWindow(Stage stage) {
        this.stage = stage;
        vm = new InspectorViewModel();
        view = new MainView(vm, stage, new AppPreferences());
        stage.setScene(new Scene(view, 1280, 800));
        stage.sizeToScene(); // TestFX keeps one stage: not the size an earlier test resized it to
        stage.show();
        vm.openDemo();
    }

    @AfterEach
    void closeViewModel() {
        if (vm != null) { // a test may make windows of its own only
            vm.close();
        }
    }

    /**
     * Waits until the map shows the current evaluation, drawn to the pane's present size and
     * viewport (the first frames come while the window still lays itself out).
     */
    void waitForMap() throws Exception {
        waitFor(() -> vm.evaluationProperty().get() != null && drawnAsLaidOut(view.mapsArea.primary)
                && view.mapsArea.primary.frame().data().result() == vm.evaluationProperty().get().result(), "the map drawn as the window is laid out");
    }

    /**
     * Whether a pane is on screen with a frame drawn to its present size and to the shared viewport
     * (read from the test thread: the frame may come between reading it and asking the pane).
     */
    boolean drawnAsLaidOut(MapPane pane) {
        var f = pane.frame();
        return f != null && pane.isDrawn() && f.geometry().width() == pane.mapWidth() && f.geometry().height() == pane.mapHeight()
                && f.geometry().zoom() == vm.map.viewport.zoom.get() && f.geometry().originX() == vm.map.viewport.originX.get()
                && f.geometry().originY() == vm.map.viewport.originY.get();
    }

    /** Resizes the window at the screen's corner and waits until the scene has that size and is laid out to it. */
    void resize(org.testfx.api.FxRobot robot, double w, double h) throws Exception {
        robot.interact(() -> {
            stage.setX(0); // inside the headless screen (1600 x 1200) at any of these sizes
            stage.setY(0);
            stage.setWidth(w);
            stage.setHeight(h);
        });
        waitFor(() -> view.getScene().getWidth() == w && view.getScene().getHeight() == h && !view.isNeedsLayout(),
                "the window laid out at " + w + " x " + h);
    }

    /** Where the mouse rests and what the status bar reads there. */
    record Hovered(int x, int y, String readout) {
        /** The pixel's flat index in a one-sample map of this width. */
        int flat(int width) {
            return y * width + x;
        }
    }

    /**
     * Moves the mouse over data pixel (x, y) of a pane and reads the status bar. The robot moves to
     * whole screen pixels, so the pixel under it may be a neighbour of (x, y): the readout says which.
     */
    Hovered hover(org.testfx.api.FxRobot robot, MapPane pane, int x, int y) throws Exception {
        robot.moveTo(WaitForAsyncUtils.asyncFx(() -> pane.screenPointOf(x, y)).get());
        WaitForAsyncUtils.waitForFxEvents();
        String text = robot.lookup("#readout").queryAs(javafx.scene.control.Label.class).getText();
        java.util.regex.Matcher at = java.util.regex.Pattern.compile("^\\(n=0, y=(\\d+), x=(\\d+)\\)").matcher(text);
        if (!at.find()) {
            throw new AssertionError("the readout names no pixel: " + text);
        }
        Hovered h = new Hovered(Integer.parseInt(at.group(2)), Integer.parseInt(at.group(1)), text);
        if (Math.abs(h.x() - x) > 1 || Math.abs(h.y() - y) > 1) {
            throw new AssertionError("hovered " + h.x() + "," + h.y() + " for " + x + "," + y);
        }
        return h;
    }

    /** Waits for background work to make a condition true, then for the JavaFX thread to settle. */
    static void waitFor(BooleanSupplier condition, String what) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition::getAsBoolean);
            WaitForAsyncUtils.waitForFxEvents();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what, e);
        }
    }

    /** Fails where a value in the table's cells is drawn cut short, with an ellipsis. */
    static void assertCellsWhole(javafx.scene.control.TableView<?> table) throws Exception {
        assertNoneCut(table, ".table-row-cell .table-cell .text", "values");
    }

    /** Fails where a column title of the table is drawn cut short, with an ellipsis. */
    static void assertTitlesWhole(javafx.scene.control.TableView<?> table) throws Exception {
        assertNoneCut(table, ".column-header .text", "column titles");
    }

    private static void assertNoneCut(javafx.scene.control.TableView<?> table, String texts, String what) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        java.util.List<String> cut = WaitForAsyncUtils.asyncFx(() -> table.lookupAll(texts).stream()
                .filter(n -> n instanceof javafx.scene.text.Text t && (t.getText().endsWith("…") || t.getText().endsWith("...")))
                .map(n -> ((javafx.scene.text.Text) n).getText()).toList()).get();
        if (!cut.isEmpty()) {
            throw new AssertionError(table.getId() + ": " + what + " cut short " + cut);
        }
    }
}
