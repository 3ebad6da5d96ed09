package io.focalscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.render.Range;
import io.focalscope.render.Ticks;
import io.focalscope.ui.map.RangeSlider;
import javafx.event.ActionEvent;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The colour range in the real window: the slider over the data, typed limits, the range in use named. */
class ColourRangeWindowTest extends WindowTest {

    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    private Range onScreen() {
        return view.mapsArea.primary.frame().range();
    }

    /** The slider spans every shown value (the demo's losses reach 120), log-spaced on the log scale. */
    @Test
    void theSliderSpansTheDataLogSpacedAndShowsTheRangeInUse(FxRobot robot) throws Exception {
        waitForMap();
        RangeSlider slider = view.mapControls.range;
        Range data = vm.map.dataRange();
        assertEquals(data.lo(), slider.min.get());
        assertEquals(data.hi(), slider.max.get());
        assertTrue(data.hi() > 100, "the mislabelled patch's losses: " + data);
        assertEquals(0.5, slider.fractionOf(Math.sqrt(data.lo() * data.hi())), 1e-9, "the geometric middle in the middle");
        assertEquals(onScreen().lo(), slider.low.get());
        assertEquals(onScreen().hi(), slider.high.get());
        String label = robot.lookup("#range-in-use").queryAs(Label.class).getText();
        assertEquals(Ticks.label(onScreen().lo()) + " … " + Ticks.label(onScreen().hi())
                + " (0.5–99.9 percentile at γ = 2, held while γ moves)", label);
    }

    /** Tab reaches each of the slider's thumbs, marked, and the arrows move it a hundredth of the track. */
    @Test
    void theArrowsMoveAThumbTabReached(FxRobot robot) throws Exception {
        waitForMap();
        RangeSlider slider = view.mapControls.range;
        robot.interact(() -> robot.lookup("#auto-range").query().requestFocus());
        for (int i = 0; i < 8 && !(view.getScene().getFocusOwner() != null && view.getScene().getFocusOwner().getParent() == slider); i++) {
            robot.type(javafx.scene.input.KeyCode.TAB);
        }
        javafx.scene.Node thumb = view.getScene().getFocusOwner();
        assertTrue(thumb != null && thumb.getParent() == slider, "Tab reaches a thumb: " + thumb);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(thumb.getEffect() != null, "marked");
        double before = slider.fractionOf(onScreen().lo());
        double high = onScreen().hi();
        robot.type(javafx.scene.input.KeyCode.RIGHT);
        waitFor(() -> !view.mapsArea.primary.frame().view().autoRange(), "the moved range drawn");
        assertEquals(before + 0.01, slider.fractionOf(onScreen().lo()), 1e-6, "the low end a hundredth of the track up");
        assertEquals(high, onScreen().hi(), "the high end where it was");
    }

    @Test
    void unfixingTheRangeKeepsTheColoursOnScreen(FxRobot robot) throws Exception {
        waitForMap();
        Range automatic = onScreen();
        robot.interact(() -> view.mapControls.auto.setSelected(false));
        waitFor(() -> !view.mapsArea.primary.frame().view().autoRange(), "the fixed range drawn");
        assertEquals(automatic, onScreen());
        assertTrue(robot.lookup("#range-in-use").queryAs(Label.class).getText().endsWith("(fixed)"));
    }

    @Test
    void typedLimitsAreDrawnAndABadOneIsRefusedWithAMessage(FxRobot robot) throws Exception {
        waitForMap();
        TextField low = robot.lookup("#range-low").queryAs(TextField.class);
        TextField high = robot.lookup("#range-high").queryAs(TextField.class);
        robot.interact(() -> {
            high.setText("10");
            high.fireEvent(new ActionEvent());
        });
        robot.interact(() -> {
            low.setText("0.01");
            low.fireEvent(new ActionEvent());
        });
        waitFor(() -> onScreen().equals(new Range(0.01, 10)), "the typed range");
        assertFalse(vm.map.autoRange.get());
        robot.interact(() -> {
            low.setText("50");
            low.fireEvent(new ActionEvent());
        });
        waitFor(() -> robot.lookup(".dialog-pane").tryQuery().isPresent(), "an error dialog");
        assertEquals("Colour range 50 … 10: the upper limit must be above the lower one",
                robot.lookup(".dialog-pane").queryAs(DialogPane.class).getContentText());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("0.01", low.getText(), "the field shows the range in use again");
        assertEquals(new Range(0.01, 10), onScreen());
    }
}
