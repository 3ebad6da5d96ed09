package io.focalscope.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.loss.engines.Engines;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import io.focalscope.session.Dataset;
import io.focalscope.session.DatasetLoader;
import io.focalscope.session.Inspection;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layers and ranges that compare two γ, the key's names, and frames drawn again without recomputing. */
class ComparedViewsTest {

    static LossResult at2;
    static LossResult at4;
    static Dataset demo;

    @BeforeAll
    static void evaluateTheDemo() {
        demo = DatasetLoader.demo();
        try (Inspection inspection = new Inspection(demo, Engines.choose("cpu"))) {
            LossSettings s = new LossSettings(2, new WeightScheme.Enet(1.1), 255, Reduction.MEAN);
            at2 = inspection.evaluate(s);
            at4 = inspection.evaluate(s.withGamma(4));
        }
    }

    private static MapData data() {
        return new MapData(at2, at4, demo.batch().labels(), null, demo.classes());
    }

    /** The change layer equals the two engine maps' ratio wherever both are far from float underflow. */
    @Test
    void theChangeLayerIsTheRatioOfTheTwoLossMaps() {
        ViewState change = ViewState.defaults().asGammaChange();
        float[] focal2 = at2.maps().focal();
        float[] focal4 = at4.maps().focal();
        int checked = 0;
        for (int p = 0; p < focal2.length; p++) {
            if (focal2[p] > 1e-20f && focal4[p] > 1e-20f) {
                float ratio = MapRenderer.value(data(), change, p);
                assertEquals(focal4[p] / focal2[p], ratio, 2e-5 * ratio, "pixel " + p);
                checked++;
            }
        }
        assertTrue(checked > 100_000, "pixels checked: " + checked);
        // higher γ only lowers a pixel's loss: every ratio is at most 1
        MapView view = new MapView(data(), change);
        assertTrue(view.dataRange().hi() <= 1, "largest ratio " + view.dataRange().hi());
        assertEquals(1.0, view.range().lo() * view.range().hi(), 1e-9, "symmetric about 1 on the log scale");
    }

    @Test
    void aDivergingLayerIsAlwaysOnALogScale() {
        ViewState linear = new ViewState(0, MapLayer.GAMMA_CHANGE, ViewState.defaults().form(), Colormap.RDBU_R, Scale.LINEAR, true,
                0.5, 99.9, 0, 1, 1, java.util.Set.of());
        assertEquals(Scale.LOG, linear.scale());
    }

    @Test
    void theKeyNamesTheColoursOverAndUnderTheRange() {
        ViewState v = ViewState.defaults();
        List<ColorbarPainter.Swatch> legend = ColorbarPainter.valueLegend(v, new Range(0.001, 12.5));
        assertEquals(List.of(new ColorbarPainter.Swatch(Colormap.INFERNO.overColor(), "over 12.5"),
                new ColorbarPainter.Swatch(Colormap.INFERNO.underColor(), "under 0.001"),
                new ColorbarPainter.Swatch(MapRenderer.IGNORED_LIGHT, "ignored"),
                new ColorbarPainter.Swatch(MapRenderer.NON_FINITE, "not finite")), legend);
    }

    /** A key shared with a library's loss says whose losses it colours; one shared by two γ names both. */
    @Test
    void aSharedKeySaysWhomItServes() {
        MapData d = data();
        ViewState v = ViewState.defaults();
        assertEquals("Focal loss", ColorbarPainter.headerLines(d, v, KeyScope.OWN).get(0));
        assertEquals("Focal loss, ours and kornia's", ColorbarPainter.headerLines(d, v, KeyScope.withLibrary("kornia")).get(0));
        // title, scale, unit, then γ
        assertEquals(List.of("log scale", "nats", "γ 2"), ColorbarPainter.headerLines(d, v, KeyScope.withLibrary("kornia")).subList(1, 4),
                "the library's map is at γ too");
    }

    @Test
    void panningDrawsAgainFromTheKeptViewAndItsRange() {
        FrameRenderer renderer = new FrameRenderer();
        MapData d = data();
        ViewState v = ViewState.defaults();
        Frame first = renderer.render(d, v, new PaneGeometry(1, 0, 0, 200, 100, 100, false), KeyScope.OWN);
        MapView kept = renderer.view(d, v);
        Frame panned = renderer.render(d, v, new PaneGeometry(1, 40, 10, 200, 100, 100, false), KeyScope.OWN);
        assertSame(kept, renderer.view(d, v), "the same view, its range found once");
        assertEquals(first.range(), panned.range());
        // the panned frame's pixel (0, 0) is the first frame's pixel (40, 10)
        assertEquals(first.pixels()[10 * 200 + 40], panned.pixels()[0]);
    }

    @Test
    void logTicksThinOutWhereTheDecadesWouldCrowdTheBar() {
        assertEquals(List.of(1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1.0), Ticks.of(1e-6, 1, Scale.LOG, 4));
        assertEquals(List.of(1e-12, 1e-8, 1e-4, 1.0), Ticks.of(1e-12, 10, Scale.LOG, 2), "14 decades, four ticks at most");
        // two decades or less: 1, 2 and 5 in each, not the range's ends alone
        assertEquals(List.of(2.0, 5.0, 10.0, 20.0, 50.0), Ticks.of(2, 92, Scale.LOG, 7));
        assertEquals(List.of(1.0, 2.0, 5.0), Ticks.of(0.656, 6.75, Scale.LOG, 7));
        assertEquals(List.of(1.0, 5.0, 10.0, 50.0), Ticks.of(0.9, 60, Scale.LOG, 2), "1 and 5 where 1, 2 and 5 would crowd a short bar");
        List<Double> narrow = Ticks.of(3.6999998, 3.7000002, Scale.LINEAR, 7);
        assertTrue(narrow.size() > 1, "a range narrower than the labels' digits: " + narrow);
        assertEquals(List.of("3.7"), Ticks.distinctLabels(narrow).stream().map(Ticks::label).toList(), "labelled once");
        assertEquals("1000", Ticks.label(1000));
        assertEquals("2500", Ticks.label(2500));
        assertEquals("1.0e+04", Ticks.label(1e4));
    }

    /**
     * A map of more than 262,144 pixels is sampled for its range: the percentiles stay within a bin
     * of the exact ones, and a one-pixel-wide vertical line (a pole) is still seen.
     */
    @Test
    void aLargeMapsSampledRangeMatchesTheExactOneAndSeesThinLines() {
        int w = 2048;
        int h = 1024;
        float[] v = new float[w * h];
        Random rng = new Random(5);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) Math.pow(10, -8 + 8 * rng.nextDouble());
        }
        for (int y = 0; y < h; y++) {
            v[y * w + 1001] = 1000f; // a pole of very high loss, 0.05 % of the map
        }
        RobustRange.ShownPixels all = new RobustRange.ShownPixels(new int[v.length], new int[v.length], 0, -1, new boolean[1]);
        RobustRange.Spread s = RobustRange.of(v, 0, w, h, all, Scale.LOG, 0.5, 99.9);
        assertEquals(-8 + 8 * 0.005, Math.log10(s.robust().lo()), 0.03);
        assertEquals(-8 + 8 * 0.9985, Math.log10(s.robust().hi()), 0.03, "the pole lies above the 99.9th percentile");
        assertEquals(1000, s.full().hi(), "the pole is in the sample");
    }
}
