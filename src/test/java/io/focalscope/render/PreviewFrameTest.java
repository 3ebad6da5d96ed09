package io.focalscope.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import io.focalscope.loss.engines.Engines;
import io.focalscope.session.Dataset;
import io.focalscope.session.DatasetLoader;
import io.focalscope.session.Inspection;
import org.junit.jupiter.api.Test;

/**
 * A frame drawn from a γ step's preview (its loss as log2 k + γ log2(1 - p_t) per pixel) against
 * the frame of the exact evaluation, in the same held range: the same colours, but for a pixel here
 * and there whose value lies on the border of two colormap steps.
 */
class PreviewFrameTest {

    @Test
    void aPreviewIsDrawnInTheColoursOfTheExactMap() {
        Dataset demo = DatasetLoader.demo();
        try (Inspection inspection = new Inspection(demo, Engines.choose("cpu"))) {
            LossSettings s = new LossSettings(2, new WeightScheme.Enet(1.1), 255, Reduction.MEAN);
            LossResult opened = inspection.evaluate(s);
            LossResult exact = inspection.evaluate(s.withGamma(4.3));
            LossResult preview = inspection.preview(s.withGamma(4.3).withoutAsWritten()); // the post's figures need a pass
            assertNotNull(preview.maps().ramp());
            // the range found on the map as opened, held while γ moves
            Range held = new MapView(new MapData(opened, demo.batch().labels(), null, demo.classes()), ViewState.defaults()).range();
            for (Scale scale : Scale.values()) {
                ViewState view = ViewState.defaults().withHeld(held);
                view = new ViewState(view.sample(), view.layer(), view.form(), view.colormap(), scale, view.autoRange(),
                        view.lowPercentile(), view.highPercentile(), view.lo(), view.hi(), view.opacity(), view.hiddenClasses(), held);
                MapView fromExact = new MapView(new MapData(exact, demo.batch().labels(), null, demo.classes()), view);
                MapView fromPreview = new MapView(new MapData(preview, demo.batch().labels(), null, demo.classes()), view);
                assertEquals(fromExact.range(), fromPreview.range(), scale + ": the held range");
                int w = demo.batch().width();
                int h = demo.batch().height();
                int[] a = fromExact.draw(1, 0, 0, w, h, 0xff000000);
                int[] b = fromPreview.draw(1, 0, 0, w, h, 0xff000000);
                int differ = 0;
                for (int i = 0; i < a.length; i++) {
                    differ += a[i] == b[i] ? 0 : 1;
                }
                assertTrue(differ <= a.length / 1000, scale + ": " + differ + " of " + a.length + " pixels differ");
                Range extent = fromExact.dataRange();
                assertEquals(extent.hi(), fromPreview.dataRange().hi(), 1e-3 * extent.hi(), scale + ": the largest loss");
            }
        }
    }
}
