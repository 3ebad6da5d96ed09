package io.focalscope.ui.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

/** Issue 18: the window's first size and place fit the screen (no toolkit needed). */
class WindowBoundsTest {

    static final Rectangle2D SMALL = new Rectangle2D(0, 32, 1280, 688); // 1280 x 720 less a 32 px top bar

    @Test
    void theDefaultSizeShrinksIntoASmallScreen() {
        WindowBounds b = WindowBounds.fit(1400, 860, Double.NaN, Double.NaN, SMALL, 1000, 620);
        assertEquals(new WindowBounds(0, 32, 1280, 688), b);
    }

    @Test
    void aSizeThatFitsIsCentredOrKeptWhereItWas() {
        Rectangle2D big = new Rectangle2D(0, 0, 1920, 1080);
        assertEquals(new WindowBounds(260, 110, 1400, 860), WindowBounds.fit(1400, 860, Double.NaN, Double.NaN, big, 1000, 620));
        assertEquals(new WindowBounds(100, 50, 1400, 860), WindowBounds.fit(1400, 860, 100, 50, big, 1000, 620));
    }

    @Test
    void aRememberedPlaceOffTheScreenComesBackOntoIt() {
        // saved on a larger screen, at its right: moved so that the whole window is on this one
        assertEquals(new WindowBounds(280, 32, 1000, 620), WindowBounds.fit(1000, 620, 1700, -40, SMALL, 1000, 620));
    }

    @Test
    void aTinySizeTakesTheMinimumAndAScreenSmallerThanTheMinimumIsTakenWhole() {
        assertEquals(new WindowBounds(140, 66, 1000, 620), WindowBounds.fit(300, 200, Double.NaN, Double.NaN, SMALL, 1000, 620));
        Rectangle2D tiny = new Rectangle2D(0, 0, 800, 600);
        assertEquals(new WindowBounds(0, 0, 800, 600), WindowBounds.fit(1400, 860, Double.NaN, Double.NaN, tiny, 1000, 620));
        assertEquals(800, WindowBounds.minimum(1000, tiny.getWidth()));
    }
}
