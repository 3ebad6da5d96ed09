package io.focalscope.loss.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.LossTerm;
import io.focalscope.loss.PreparedBatch;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A whole softmax evaluation by the plain float code (a cold start's) equals the vector kernel's
 * bit for bit, figures and maps, for each term it computes, with the post's figures and weights:
 * which code ran never shows in a number.
 */
class PlainCodeTest {

    static Stream<Arguments> settings() {
        WeightScheme enet = new WeightScheme.Enet(1.10);
        return Stream.of(
                Arguments.of("focal γ 2, the post's figures", new LossSettings(2, enet, 255, Reduction.MEAN, true)),
                Arguments.of("focal γ 2.5 (a power by exp)", new LossSettings(2.5, new WeightScheme.None(), 255, Reduction.SUM, true)),
                Arguments.of("cross-entropy", new LossSettings(0, enet, 255, Reduction.MEAN, true)),
                Arguments.of("Poly-1", new LossSettings(2, enet, 255, Reduction.MEAN, false).withTerm(new LossTerm.Poly1(2, 1))),
                Arguments.of("FLSD-53", new LossSettings(2, enet, 255, Reduction.MEAN, false).withTerm(new LossTerm.Flsd53())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void sameFiguresAndMapsAsTheVectorKernel(String what, LossSettings s) {
        compare(batch(), s);
    }

    /** Also once the JIT has compiled the vector code, whose sums' lanes it reduces in its own way. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void sameOnceTheVectorCodeIsCompiled(String what, LossSettings s) {
        SegmentationBatch batch = batch();
        for (int i = 0; i < 300; i++) {
            try (PreparedBatch warm = CpuEngine.vectorCode().prepare(batch, s.ignoreIndex())) {
                warm.evaluate(s);
            }
        }
        compare(batch, s);
    }

    private static void compare(SegmentationBatch batch, LossSettings s) {
        Map<PlainRuns.Pass, Long> before = runs();
        LossResult a;
        try (PreparedBatch plain = CpuEngine.plainCode().prepare(batch, s.ignoreIndex())) {
            a = plain.evaluate(s);
            a.maps().focalNll();
        }
        Map<PlainRuns.Pass, Long> between = runs();
        LossResult b;
        try (PreparedBatch vector = CpuEngine.vectorCode().prepare(batch, s.ignoreIndex())) {
            b = vector.evaluate(s);
            b.maps().focalNll();
        }
        // the bits are the same either way: only these counts tell which code ran
        for (PlainRuns.Pass pass : PlainRuns.Pass.values()) {
            boolean post = pass == PlainRuns.Pass.POST || pass == PlainRuns.Pass.POST_SOFTMAX;
            if (!post || s.asWritten()) {
                assertTrue(between.get(pass) > before.get(pass), "the plain engine's " + pass + " ran plain code");
            }
            assertEquals(between.get(pass), runs().get(pass), "the vector engine's " + pass + " ran no plain code");
        }
        assertEquals(b.lossOnehot(), a.lossOnehot(), "onehot");
        assertEquals(b.lossNll(), a.lossNll(), "nll");
        assertEquals(b.maxAbsDiff(), a.maxAbsDiff(), "forms' difference");
        assertEquals(b.crossEntropy(), a.crossEntropy(), "cross-entropy");
        assertArrayEquals(b.sampleMeanLoss(), a.sampleMeanLoss(), "per sample");
        for (int c = 0; c < b.perClass().size(); c++) {
            assertEquals(b.perClass().get(c), a.perClass().get(c), "class " + c);
        }
        assertArrayEquals(b.maps().focal(), a.maps().focal(), "loss map");
        assertArrayEquals(b.maps().focalNll(), a.maps().focalNll(), "nll map");
        assertArrayEquals(b.maps().crossEntropy(), a.maps().crossEntropy(), "cross-entropy map");
        assertArrayEquals(b.maps().predicted(), a.maps().predicted(), "arg-max");
        if (s.asWritten()) {
            assertArrayEquals(b.maps().asWritten(), a.maps().asWritten(), "the post's map");
            assertEquals(b.asWritten(), a.asWritten(), "the post's figures");
            assertNotEquals(0, b.asWritten().nonFinitePixels(), "the batch breaks the post's code somewhere");
        }
    }

    private static Map<PlainRuns.Pass, Long> runs() {
        Map<PlainRuns.Pass, Long> m = new EnumMap<>(PlainRuns.Pass.class);
        for (PlainRuns.Pass p : PlainRuns.Pass.values()) {
            m.put(p, PlainRuns.of(p));
        }
        return m;
    }

    /**
     * Two samples of 19 classes, spread wide enough that the post's log(softmax) breaks, some pixels
     * ignored; 47 x 53 pixels a sample, so that the sums pass 64 blocks of 16 lanes (AVX-512) and
     * end in a partial block.
     */
    private static SegmentationBatch batch() {
        Random rng = new Random(6122026);
        int n = 2;
        int classes = 19;
        int h = 47;
        int w = 53;
        float[] z = new float[n * classes * h * w];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (rng.nextGaussian() * (rng.nextInt(10) == 0 ? 60 : 3));
        }
        int[] labels = new int[n * h * w];
        for (int p = 0; p < labels.length; p++) {
            labels[p] = rng.nextInt(13) == 0 ? 255 : rng.nextInt(classes);
        }
        return new SegmentationBatch(z, labels, n, classes, h, w, "test", "test");
    }
}
