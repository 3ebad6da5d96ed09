package io.focalscope.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.focalscope.TestFiles;
import io.focalscope.io.BatchLoader;
import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The other libraries' focal losses against tools/peers_reference.py (each library's code
 * reimplemented in torch and checked there against its own tests' constants, torchvision called as
 * it is), and against those constants here too.
 */
class PeerLossesTest {

    static final Path EXPECTED = Path.of("src/test/resources/peers/expected.json");

    static Stream<Arguments> cases() {
        JsonObject cases = TestFiles.json(EXPECTED).getAsJsonObject("cases");
        return cases.keySet().stream().flatMap(dir -> cases.getAsJsonObject(dir).keySet().stream()
                .map(g -> Arguments.of(dir, Double.parseDouble(g), cases.getAsJsonObject(dir).getAsJsonObject(g))));
    }

    @ParameterizedTest(name = "{0} at γ {1}")
    @MethodSource("cases")
    void everyLibrarysValueIsItsReferences(String dir, double gamma, JsonObject expected) {
        Path d = Path.of(dir);
        SegmentationBatch b = BatchLoader.load(d.resolve("logits.npy").toString(), d.resolve("labels.npy").toString());
        Map<Peer, PeerLosses.Value> values = PeerLosses.of(b, gamma, 255);
        assertEquals(7, values.size());
        for (Peer p : Peer.values()) {
            double want = expected.get(p.key()).getAsDouble();
            assertEquals(want, values.get(p).value(), 1e-4 * Math.abs(want), p.key() + " at γ " + gamma);
        }
    }

    static final Path EXPECTED_SIGMOID = Path.of("src/test/resources/peers/expected_sigmoid.json");

    static Stream<Arguments> sigmoidCases() {
        JsonObject cases = TestFiles.json(EXPECTED_SIGMOID).getAsJsonObject("cases");
        return cases.keySet().stream().flatMap(name -> cases.getAsJsonObject(name).keySet().stream()
                .map(g -> Arguments.of(name, Double.parseDouble(g), cases.getAsJsonObject(name).getAsJsonObject(g))));
    }

    /**
     * Binary and multi-label inputs: torchvision, MONAI, smp and mmseg in their sigmoid modes against the
     * reference (a case as saved, and "_no_ignore" with its ignored elements made 0); a library that cannot
     * be called on the inputs says so, and the softmax ones have no such mode.
     */
    @ParameterizedTest(name = "{0} at γ {1}")
    @MethodSource("sigmoidCases")
    void binaryAndMultiLabelInputsInTheLibrariesSigmoidModes(String name, double gamma, JsonObject expected) {
        boolean noIgnore = name.endsWith("_no_ignore");
        Path d = Path.of(noIgnore ? name.substring(0, name.length() - "_no_ignore".length()) : name);
        SegmentationBatch read = BatchLoader.load(d.resolve("logits.npy").toString(), d.resolve("labels.npy").toString());
        int[] labels = read.labels().clone();
        for (int i = 0; noIgnore && i < labels.length; i++) {
            labels[i] = labels[i] == 255 ? 0 : labels[i];
        }
        SegmentationBatch b = new SegmentationBatch(read.logits(), labels, read.samples(), read.classes(), read.height(),
                read.width(), read.logitsSource(), read.labelsSource());
        Map<Peer, PeerLosses.Value> values = PeerLosses.of(b, gamma, 255);
        for (Peer p : Peer.values()) {
            PeerLosses.Value v = values.get(p);
            if (!expected.has(p.key())) {
                assertTrue(!v.applicable() && v.notApplicable().startsWith("a softmax loss"), p + ": " + v);
                continue;
            }
            if (expected.get(p.key()).isJsonNull()) {
                assertTrue(!v.applicable() && Double.isNaN(v.value()) && v.map() == null, p + " cannot be called: " + v);
                continue;
            }
            double want = expected.get(p.key()).getAsDouble();
            assertTrue(v.applicable(), p + ": " + v.notApplicable());
            assertEquals(want, v.value(), 1e-4 * Math.abs(want), p.key() + " on " + name + " at γ " + gamma);
        }
        // torchvision's convention is focalscope's sigmoid loss with α 0.25 and no class weights
        try (io.focalscope.loss.PreparedBatch prepared = io.focalscope.loss.engines.Engines.choose("cpu").prepare(b, 255,
                io.focalscope.loss.Activation.SIGMOID)) {
            double ours = prepared.evaluate(new io.focalscope.loss.LossSettings(new io.focalscope.loss.LossTerm.Focal(gamma),
                    new io.focalscope.loss.WeightScheme.None(), 255, io.focalscope.loss.Reduction.MEAN, false,
                    io.focalscope.loss.Activation.SIGMOID, 0.25, false)).lossOnehot();
            assertEquals(ours, values.get(Peer.TORCHVISION).value(), 1e-6 * ours);
        }
    }

    @Test
    void monaisOwnTestConstants() {
        // MONAI tests/losses/test_focal_loss.py, TEST_CASES: a 1 x 3 x 2 x 2 input, to_onehot_y=True
        float[] z = {1, 1, 0.5f, 0, 1, 1, 0.5f, 0, 1, 1, 0.5f, 0};
        SegmentationBatch b = new SegmentationBatch(z, new int[] {0, 1, 2, 0}, 1, 3, 2, 2, "monai", "monai");
        Map<Peer, PeerLosses.Value> v = PeerLosses.of(b, 2, null);
        assertEquals(0.34959, v.get(Peer.MONAI).value(), 1e-4);
        assertEquals(0.16276, v.get(Peer.MONAI_SOFTMAX).value(), 1e-4);
    }

    @Test
    void kerassOwnTestConstants() {
        // Keras keras/src/losses/losses_test.py, CategoricalFocalCrossentropyTest.test_no_reduction: three samples
        // as three pixels of one map, logits [[8, 1, 1], [0, 9, 1], [2, 3, 5]], labels 0, 1, 2
        float[] z = {8, 0, 2, 1, 9, 3, 1, 1, 5};
        SegmentationBatch b = new SegmentationBatch(z, new int[] {0, 1, 2}, 1, 3, 1, 3, "keras", "keras");
        PeerLosses.Value keras = PeerLosses.of(b, 2, null).get(Peer.KERAS);
        assertEquals(1.5096224e-09, keras.map()[0], 1e-3 * 1.5096224e-09);
        assertEquals(2.4136547e-11, keras.map()[1], 1e-3 * 2.4136547e-11);
        assertEquals(1.0360638e-03, keras.map()[2], 1e-3 * 1.0360638e-03);
        assertEquals(0.000345, keras.value(), 1e-6);
    }

    @Test
    void aBinaryMapsLabelThatIsNeither0Nor1IsNamed() {
        SegmentationBatch binary = new SegmentationBatch(new float[4], new int[] {0, 1, 2, 1}, 1, 1, 2, 2, "z", "y.npy");
        InputException e = assertThrows(InputException.class, () -> PeerLosses.of(binary, 2, 255));
        assertEquals("y.npy: label 2 at (n=0, y=1, x=0) is neither 0 nor 1 (one logit channel takes a 0/1 map) nor the"
                + " ignore index 255", e.getMessage());
    }
}
