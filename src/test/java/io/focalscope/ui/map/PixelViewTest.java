package io.focalscope.ui.map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/** A picture shown in bands of rows: what is on screen, and which bands a new picture replaces. */
@ExtendWith(ApplicationExtension.class)
class PixelViewTest {

    private static final int W = 7;
    private static final int H = 2 * PixelView.BAND_ROWS + 5; // two whole bands and a short one

    @Test
    void showsThePictureAndReplacesOnlyTheBandsThatChanged(FxRobot robot) {
        PixelView view = new PixelView();
        int[] first = picture(0xff102030);
        robot.interact(() -> view.show(first, W, H));
        assertEquals(3, view.updatedBands());
        assertArrayEquals(first, shown(view));

        int[] second = first.clone();
        second[(PixelView.BAND_ROWS + 3) * W + 2] = 0xffff0000; // one pixel of the middle band
        second[(H - 1) * W + 6] = 0xff00ff00; // the last pixel of the short band
        robot.interact(() -> view.show(second, W, H));
        assertEquals(2, view.updatedBands());
        assertArrayEquals(second, shown(view));

        robot.interact(() -> view.show(second, W, H));
        assertEquals(0, view.updatedBands(), "the same picture again changes nothing");
        assertArrayEquals(second, shown(view));
    }

    @Test
    void aNewSizeStartsAgainAndClearShowsNothing(FxRobot robot) {
        PixelView view = new PixelView();
        robot.interact(() -> view.show(picture(0xff000000), W, H));
        int[] small = new int[3 * 4];
        Arrays.fill(small, 0xff445566);
        robot.interact(() -> view.show(small, 3, 4));
        assertEquals(1, view.updatedBands());
        assertEquals(1, view.getChildren().size());
        ImageView band = (ImageView) view.getChildren().get(0);
        assertEquals(3, band.getImage().getWidth());
        assertEquals(4, band.getImage().getHeight());
        robot.interact(view::clear);
        assertFalse(view.isShowing());
        assertTrue(view.getChildren().isEmpty());
    }

    /** Opaque pixels, each row and column its own. */
    private static int[] picture(int base) {
        int[] argb = new int[W * H];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = base + (i / W) * 256 + i % W;
        }
        return argb;
    }

    /** The pixels the bands' images hold, placed where each band stands. */
    private static int[] shown(PixelView view) {
        int[] out = new int[W * H];
        for (var node : view.getChildren()) {
            ImageView band = (ImageView) node;
            int w = (int) band.getImage().getWidth();
            int h = (int) band.getImage().getHeight();
            PixelReader reader = band.getImage().getPixelReader();
            int[] rows = new int[w * h];
            reader.getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), rows, 0, w);
            System.arraycopy(rows, 0, out, (int) band.getLayoutY() * W, rows.length);
        }
        return out;
    }
}
