package io.focalscope.ui.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.dataset.ImageDiscovery;
import io.focalscope.dynamics.DataMaps;
import io.focalscope.dynamics.EpochDiscovery;
import io.focalscope.dynamics.EpochRun;
import io.focalscope.dynamics.HardThresholds;
import io.focalscope.dynamics.ImageDynamics;
import io.focalscope.io.FloatArrays;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import io.focalscope.loss.engines.Engines;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The open image's pixels on the data map: the planted wrong label of the reference run drawn whole, apart from the rest. */
class CartographyTest {

    static DataMaps carMaps() {
        Path run = Path.of("src/test/resources/dynamics/run");
        EpochRun r = EpochDiscovery.inFolder(run, run.resolve("labels"), ImageDiscovery.LOGITS_SUFFIX, ImageDiscovery.LABELS_SUFFIXES);
        return ImageDynamics.of(0, r.images().stream().filter(i -> i.name().equals("car")).findFirst().orElseThrow(), Engines.choose("cpu"),
                new LossSettings(2, new WeightScheme.None(), 255, Reduction.MEAN), HardThresholds.DEFAULT, true, FloatArrays.FRESH, null)
                .maps();
    }

    @Test
    void everyHardPixelFitsAndTheOthersAreThinned() {
        Cartography.PixelSample s = Cartography.pixels(carMaps(), 100);
        // car: 377 labelled pixels, the planted patch's 20 hard and stable
        assertEquals(1, s.hardEvery());
        assertEquals(5, s.otherEvery()); // 357 others in the 80 places left: every 5th
        assertEquals(20, s.points().stream().filter(Cartography.PixelPoint::hard).count());
        assertEquals(72, s.points().stream().filter(p -> !p.hard()).count()); // ceil(357 / 5)
        for (Cartography.PixelPoint p : s.points()) {
            assertEquals(p.hard(), p.confidence() < 0.25 && p.variability() < 0.1, p.toString());
        }
        assertTrue(s.points().stream().filter(Cartography.PixelPoint::hard).allMatch(p -> p.confidence() < 0.02),
                "the wrong label's pixels sit in the corner: p_t about 0.007");
    }

    @Test
    void hardPixelsBeyondHalfTheRoomAreThinnedToo() {
        Cartography.PixelSample s = Cartography.pixels(carMaps(), 20);
        assertEquals(2, s.hardEvery());
        assertEquals(10, s.points().stream().filter(Cartography.PixelPoint::hard).count());
        assertTrue(s.points().size() <= 20, "at most the limit: " + s.points().size());
    }
}
