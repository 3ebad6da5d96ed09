package io.focalscope.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.classes.ClassSet;
import io.focalscope.dynamics.DataMaps;
import io.focalscope.dynamics.HardThresholds;
import org.junit.jupiter.api.Test;

/** The data-map layers on the six pixels of ConfidentWrongLayerTest, with hand-made maps of a training run. */
class DataMapLayersTest {

    static final float NAN = Float.NaN;
    // per pixel: confidence, variability, correctness over the epochs (pixel 4 is ignored)
    static final float[] CONFIDENCE = {0.1f, 0.9f, 0.2f, 0.6f, NAN, 0.2f};
    static final float[] VARIABILITY = {0.05f, 0.02f, 0.3f, 0.45f, NAN, 0.09f};
    static final float[] CORRECTNESS = {0, 1, 0.5f, 0.25f, NAN, 0};

    static MapData data() {
        DataMaps maps = new DataMaps(new int[] {1, 2, 3}, CONFIDENCE, VARIABILITY, CORRECTNESS, new float[6], HardThresholds.DEFAULT);
        return ConfidentWrongLayerTest.data().withDataMaps(maps);
    }

    @Test
    void theValuesAreTheMapsAndTheRangeIsFixedWhateverTheValues() {
        MapData d = data();
        for (MapLayer layer : new MapLayer[] {MapLayer.DATA_CONFIDENCE, MapLayer.DATA_VARIABILITY, MapLayer.DATA_CORRECTNESS}) {
            ViewState v = ViewState.defaults().withLayer(layer);
            float[] expected = layer == MapLayer.DATA_CONFIDENCE ? CONFIDENCE : layer == MapLayer.DATA_VARIABILITY ? VARIABILITY : CORRECTNESS;
            assertEquals(expected[3], MapRenderer.value(d, v, 3), layer.id());
            assertTrue(Float.isNaN(MapRenderer.value(d, v, 4)), "an ignored pixel has no value");
            MapView view = new MapView(d, v);
            assertEquals(layer == MapLayer.DATA_VARIABILITY ? new Range(0, 0.5) : new Range(0, 1), view.range(),
                    layer.id() + ": one range for every epoch and image");
        }
    }

    @Test
    void hardAndStablePixelsTakeThePredictedColourTheOthersTheirLabelFaded() {
        MapData d = data();
        int[] drawn = new MapView(d, ViewState.defaults().withLayer(MapLayer.HARD_STABLE)).draw(1, 0, 0, 3, 2, 0);
        ClassSet c = d.classes();
        // hard and stable: confidence < 0.25 and variability < 0.1: pixels 0 and 5
        assertEquals(0xff000000 | c.color(0), drawn[0], "pixel 0: hard and stable, predicted 0");
        assertEquals(MapRenderer.faded(0xff000000 | c.color(0)), drawn[1], "pixel 1: learnt");
        assertEquals(MapRenderer.faded(0xff000000 | c.color(2)), drawn[2], "pixel 2: hard but wavering");
        assertEquals(MapRenderer.faded(0xff000000 | c.color(0)), drawn[3], "pixel 3");
        assertTrue(drawn[4] == MapRenderer.IGNORED_LIGHT || drawn[4] == MapRenderer.IGNORED_DARK, "pixel 4: ignored");
        assertEquals(0xff000000 | c.color(2), drawn[5], "pixel 5: hard and stable, predicted 2");
        assertEquals(1f, MapRenderer.value(d, ViewState.defaults().withLayer(MapLayer.HARD_STABLE), 5));
    }

    @Test
    void withoutMapsTheLayersDrawTheLabelsFadedAndHaveNoValue() {
        MapData d = ConfidentWrongLayerTest.data();
        for (MapLayer layer : new MapLayer[] {MapLayer.DATA_CONFIDENCE, MapLayer.HARD_STABLE}) {
            ViewState v = ViewState.defaults().withLayer(layer);
            int[] drawn = new MapView(d, v).draw(1, 0, 0, 3, 2, 0);
            assertEquals(MapRenderer.faded(0xff000000 | d.classes().color(1)), drawn[0], layer.id());
            assertTrue(Float.isNaN(MapRenderer.value(d, v, 0)), layer.id());
        }
    }

    /**
     * A small map's picture is made as high as its key needs: for a layer that flags pixels, with the
     * lines above the classes that say how (else the last class ran into "ignored" at the bottom).
     */
    @Test
    void theKeyOfAFlaggingLayerHasRoomForItsLinesAboveTheClasses() {
        MapData d = data();
        for (MapLayer layer : new MapLayer[] {MapLayer.HARD_STABLE, MapLayer.CONFIDENT_WRONG, MapLayer.LABEL_ISSUES}) {
            ViewState v = ViewState.defaults().withLayer(layer);
            java.awt.image.BufferedImage key = ColorbarPainter.paint(d, v, new Range(0, 1), ColorbarPainter.minimumHeight(d, v), false);
            java.util.Set<Integer> colours = new java.util.HashSet<>();
            for (int y = 0; y < key.getHeight(); y++) {
                for (int x = 0; x < key.getWidth(); x++) {
                    colours.add(key.getRGB(x, y));
                }
            }
            // every class's swatch and the ignored one are drawn whole: none ran into another
            for (int c = 0; c < d.classes().size(); c++) {
                assertTrue(colours.contains(0xff000000 | d.classes().color(c)), layer.id() + ": class " + c + "'s swatch");
            }
            assertTrue(colours.contains(MapRenderer.IGNORED_LIGHT), layer.id() + ": the ignored swatch");
            assertTrue(ColorbarPainter.minimumHeight(d, v) > ColorbarPainter.minimumHeight(d, ViewState.defaults().withLayer(MapLayer.LABEL)),
                    layer.id() + ": its lines above the classes take room");
        }
    }

    /** A numbered class is its number once in the key ("0", where a new user read "0 0"); a named one has both. */
    @Test
    void aClassIsNamedOnceInTheKey() {
        assertEquals("0", ColorbarPainter.classLabel(io.focalscope.classes.ClassSet.numbered(3), 0));
        assertEquals("2", ColorbarPainter.classLabel(io.focalscope.classes.ClassSet.numbered(3), 2));
        assertEquals("1 car", ColorbarPainter.classLabel(new io.focalscope.classes.ClassSet("named", java.util.List.of("road", "car"),
                java.util.List.of(0x804080, 0x00008e)), 1));
    }

    @Test
    void theCommandLineNamesTheDataMapLayers() {
        assertEquals(MapLayer.HARD_STABLE, MapLayer.parse("hard-stable"));
        assertEquals(MapLayer.DATA_CONFIDENCE, MapLayer.parse("data-confidence"));
        assertEquals(MapLayer.FOCAL, MapLayer.parse("focal"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MapLayer.parse("hard"));
        assertTrue(e.getMessage().endsWith(", data-confidence, data-variability, data-correctness, hard-stable"), e.getMessage());
    }
}
