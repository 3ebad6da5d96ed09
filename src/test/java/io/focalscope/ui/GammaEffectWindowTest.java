package io.focalscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.render.Frame;
import io.focalscope.render.PaneGeometry;
import io.focalscope.render.Range;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/**
 * What moving γ does, as the window shows it by default: the colours change, the scale does not
 * (the automatic range is held while γ moves), so easy pixels darken as γ grows.
 */
class GammaEffectWindowTest extends WindowTest {

    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    @Test
    void easyPixelsGetDarkerFromGammaZeroToFive(FxRobot robot) throws Exception {
        waitForMap();
        Range opened = view.mapsArea.primary.frame().range();
        // a frame's pixels are read while it is on screen: once replaced, they are drawn over (FrameRenderer.recycle)
        Frame atZero = drawnAt(robot, 0);
        assertEquals(opened, atZero.range(), "the range found when the demo opened, held");
        float[] pt = atZero.data().result().maps().pt();
        double zero = meanLuminanceWhere(atZero, pt);
        Frame atFive = drawnAt(robot, 5);
        assertEquals(opened, atFive.range());
        double five = meanLuminanceWhere(atFive, pt);
        assertTrue(five < 0.7 * zero, "easy pixels (p_t > 0.9): mean luminance " + zero + " at γ 0, " + five + " at γ 5");
        String label = robot.lookup("#range-in-use").queryAs(Label.class).getText();
        assertTrue(label.endsWith("(0.5–99.9 percentile at γ = 2, held while γ moves)"), label);
    }

    /** Sets γ with the slider and waits until the map of that γ is on screen. */
    private Frame drawnAt(FxRobot robot, double gamma) throws Exception {
        robot.interact(() -> view.controls.gammaSlider.setValue(gamma));
        waitFor(() -> view.mapsArea.primary.frame().data().result().gamma() == gamma && drawnAsLaidOut(view.mapsArea.primary),
                "the map at γ " + gamma + " drawn");
        return view.mapsArea.primary.frame();
    }

    /** The mean luminance (0 to 1) of the screen pixels that show a labelled pixel with p_t above 0.9. */
    private static double meanLuminanceWhere(Frame f, float[] pt) {
        PaneGeometry g = f.geometry();
        int width = f.data().width();
        int height = f.data().height();
        int[] labels = f.data().labels();
        double sum = 0;
        int n = 0;
        for (int sy = 0; sy < g.height(); sy++) {
            int y = (int) Math.floor(g.originY() + sy / g.zoom());
            for (int sx = 0; sx < g.width(); sx++) {
                int x = (int) Math.floor(g.originX() + sx / g.zoom());
                if (x < 0 || y < 0 || x >= width || y >= height) {
                    continue;
                }
                int p = y * width + x;
                if (labels[p] != 255 && pt[p] > 0.9f) {
                    int argb = f.pixels()[sy * g.width() + sx];
                    sum += (0.2126 * (argb >> 16 & 0xff) + 0.7152 * (argb >> 8 & 0xff) + 0.0722 * (argb & 0xff)) / 255;
                    n++;
                }
            }
        }
        assertTrue(n > 1000, "easy pixels on screen: " + n);
        return sum / n;
    }

    /**
     * The slider moved by hand gives γ in hundredths, what the spinner beside it shows (a drag gave
     * γ = 4.24537 under a spinner showing 4.25); a γ typed with more digits stays as typed.
     */
    @Test
    void theSliderGivesGammaInHundredths(FxRobot robot) throws Exception {
        waitForMap();
        robot.interact(() -> view.controls.gammaSlider.setValue(4.24537)); // where a drag leaves the thumb
        assertEquals(4.25, vm.loss.gamma.get(), 0);
        assertEquals(4.25, view.controls.gammaSlider.getValue(), 0, "the thumb at the γ used");
        robot.interact(() -> view.controls.gammaSlider.setValue(4.2512)); // rounds to the γ it has
        assertEquals(4.25, view.controls.gammaSlider.getValue(), 0, "the thumb at the γ used, γ unchanged");
        robot.interact(() -> vm.loss.gamma.set(1.2345));
        assertEquals(1.2345, vm.loss.gamma.get(), 0, "typed: as it is");
        assertEquals(1.2345, view.controls.gammaSlider.getValue(), 0);
        robot.interact(() -> vm.loss.gamma.set(2));
    }
}
