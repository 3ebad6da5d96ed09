package io.focalscope.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import io.focalscope.loss.engines.Engines;
import io.focalscope.session.Dataset;
import io.focalscope.session.DatasetLoader;
import io.focalscope.session.Inspection;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Frames drawn into the pixels of frames taken off screen: the same picture as into new arrays. */
class RecycledFramesTest {

    static MapData data;

    @BeforeAll
    static void evaluateTheDemo() {
        Dataset demo = DatasetLoader.demo();
        try (Inspection inspection = new Inspection(demo, Engines.choose("cpu"))) {
            LossResult r = inspection.evaluate(new LossSettings(2, new WeightScheme.Enet(1.1), 255, Reduction.MEAN));
            data = new MapData(r, demo.batch().labels(), null, demo.classes());
        }
    }

    @Test
    void aRecycledFrameIsDrawnOverWhollyAsIfNew() {
        FrameRenderer renderer = new FrameRenderer();
        ViewState v = ViewState.defaults();
        // zoomed in and panned past the map's corner: background, map and the edge between them
        PaneGeometry before = new PaneGeometry(4, 0, 0, 300, 200, 100, false);
        PaneGeometry after = new PaneGeometry(0.5, -30, -20, 300, 200, 100, false);
        Frame shown = renderer.render(data, v, before, KeyScope.OWN);
        int[] reused = shown.pixels();
        Arrays.fill(reused, 0x12345678); // a colour no layer draws: any pixel not drawn over would keep it
        renderer.recycle(shown);
        Frame next = renderer.render(data, v, after, KeyScope.OWN);
        assertSame(reused, next.pixels(), "drawn into the recycled array");
        int[] fresh = new MapView(data, v).draw(after.zoom(), after.originX(), after.originY(), 300, 200, after.background());
        assertArrayEquals(fresh, next.pixels());
    }

    @Test
    void aFrameOfAnotherSizeGetsANewArray() {
        FrameRenderer renderer = new FrameRenderer();
        ViewState v = ViewState.defaults();
        Frame shown = renderer.render(data, v, new PaneGeometry(1, 0, 0, 300, 200, 100, false), KeyScope.OWN);
        renderer.recycle(shown);
        Frame wider = renderer.render(data, v, new PaneGeometry(1, 0, 0, 320, 200, 100, false), KeyScope.OWN);
        assertNotSame(shown.pixels(), wider.pixels());
        assertEquals(320 * 200, wider.pixels().length);
    }

    @Test
    void anArrayHandedBackTwiceIsKeptOnce() {
        PixelBuffers buffers = new PixelBuffers();
        int[] a = buffers.take(10);
        buffers.giveBack(a);
        buffers.giveBack(a);
        assertEquals(1, buffers.spareCount());
        assertSame(a, buffers.take(10));
        assertNotSame(a, buffers.take(10), "two frames never share one array");
    }

    @Test
    void atMostFourSpareArraysAreKept() {
        PixelBuffers buffers = new PixelBuffers();
        for (int i = 0; i < 6; i++) {
            buffers.giveBack(new int[10]);
        }
        assertEquals(4, buffers.spareCount());
    }
}
