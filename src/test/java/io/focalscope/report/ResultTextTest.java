package io.focalscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.Activation;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.LossTerm;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import io.focalscope.loss.engines.Engines;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** compute's text: every figure of the result on its line, read back within its printed digits. */
class ResultTextTest {

    // 3 classes, 1 x 4 pixels, the last ignored; the second pixel's logit gap of 120 makes the post's float32 loss -inf
    private static final SegmentationBatch BATCH = new SegmentationBatch(
            new float[] {2, 0, 1, 0.5f, 0, 120, 1, 0, 0, 1, 0.5f, 0}, new int[] {0, 2, 1, 255}, 1, 3, 1, 4, "l.npy", "y.npy");

    private static LossResult softmax() {
        LossSettings s = new LossSettings(2.0, new WeightScheme.Inverse(), 255, Reduction.MEAN, true).withGradient(true);
        return Engines.choose("cpu").prepare(BATCH, 255, Activation.SOFTMAX).evaluate(s);
    }

    private static double figure(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        assertTrue(m.find(), regex + " in\n" + text);
        return Double.parseDouble(m.group(1));
    }

    private static void assertPrinted(double expected, double printed, int digits) {
        assertEquals(expected, printed, Math.abs(expected) * Math.pow(10, 1 - digits), "printed " + printed);
    }

    @Test
    void aSoftmaxResultSaysEachFigureOnItsLine() {
        LossResult r = softmax();
        String text = ResultText.format(r, "l.npy", "y.npy");
        List<String> lines = text.lines().toList();
        assertEquals(List.of("logits   l.npy", "labels   y.npy", "settings gamma 2, weights inverse, reduction mean, ignore index 255",
                "pixels   3 labelled, 1 ignored, 3 classes", ""), lines.subList(0, 5));
        assertPrinted(r.lossNll(), figure(text, "^focal loss \\(mean\\)   nll (\\S+)"), 8);
        assertPrinted(r.lossOnehot(), figure(text, "onehot (\\S+)   max"), 8);
        assertPrinted(r.crossEntropy(), figure(text, "^cross-entropy +(\\S+)$"), 8);
        assertPrinted(r.sum(), figure(text, "^sum of focal loss +(\\S+)$"), 8);
        assertTrue(text.contains("as the post wrote it not finite   (1 pixel gives -inf or NaN"), text);
        assertPrinted(r.gradient().meanNorm(), figure(text, "mean over labelled pixels +(\\S+)"), 6);
        assertPrinted(r.gradient().meanNorm() / r.gradient().crossEntropyMeanNorm(), figure(text, "ratio (\\S+)\\)"), 4);
        for (int c = 0; c < 3; c++) {
            var row = r.perClass().get(c);
            Matcher m = Pattern.compile("^ +" + c + " +(\\d+) +(\\S+) +(\\S+) +(\\S+)% +(\\S+) +(\\S+)%$", Pattern.MULTILINE).matcher(text);
            assertTrue(m.find(), "class " + c + " in\n" + text);
            assertEquals(row.pixels(), Long.parseLong(m.group(1)));
            assertPrinted(r.classWeights()[c], Double.parseDouble(m.group(2)), 4);
            assertPrinted(row.meanLoss(), Double.parseDouble(m.group(3)), 6);
            assertEquals(100 * row.share(), Double.parseDouble(m.group(4)), 0.005);
            assertPrinted(row.meanCrossEntropy(), Double.parseDouble(m.group(5)), 6);
            assertEquals(100 * row.crossEntropyShare(), Double.parseDouble(m.group(6)), 0.005);
        }
        assertTrue(lines.get(lines.size() - 1).startsWith("backend  " + r.backend() + ", "), text);
    }

    @Test
    void aSigmoidResultSaysItsAlphaAndElements() {
        LossSettings s = new LossSettings(2.0, new WeightScheme.None(), 255, Reduction.SUM, false, Activation.SIGMOID, 0.25);
        LossResult r = Engines.choose("cpu").prepare(BATCH, 255, Activation.SIGMOID).evaluate(s);
        String text = ResultText.format(r, "l.npy", "y.npy");
        assertTrue(text.contains("settings sigmoid, alpha 0.25, gamma 2, weights none, reduction sum, ignore index 255\n"), text);
        assertTrue(text.contains("pixels   3 labelled, 1 ignored, 3 classes (9 pixel-channel terms)\n"), text);
        assertPrinted(r.lossOnehot(), figure(text, "^sigmoid focal loss \\(sum\\)   (\\S+)$"), 8);
        assertPrinted(r.crossEntropy(), figure(text, "^binary cross-entropy +(\\S+)$"), 8);
        assertPrinted(r.sum(), figure(text, "^sum of focal loss +(\\S+)$"), 8);
        assertTrue(text.contains("class  positives"), text);
    }

    /** Each library's figure on its line, or why it cannot be called, in the order given. */
    @Test
    void thePeersSayTheirFigureOrWhyNot() {
        var peers = new java.util.LinkedHashMap<io.focalscope.peers.Peer, io.focalscope.peers.PeerLosses.Value>();
        peers.put(io.focalscope.peers.Peer.KORNIA, new io.focalscope.peers.PeerLosses.Value(io.focalscope.peers.Peer.KORNIA, 0.123456789,
                "call", "the same", null));
        peers.put(io.focalscope.peers.Peer.MONAI, new io.focalscope.peers.PeerLosses.Value(io.focalscope.peers.Peer.MONAI, Double.NaN,
                "call", "", null, "it needs two classes"));
        assertEquals("\nwhat other libraries return (their defaults, reduction mean):\n"
                + "  kornia            0.123457   the same\n"
                + "  monai                  n/a   cannot be called on these inputs: it needs two classes\n", ResultText.peers(peers));
    }

    /** The window's per-class export: every figure in full precision, names quoted as RFC 4180 wants. */
    @Test
    void thePerClassCsvHoldsEveryFigureInFull() {
        LossResult r = softmax();
        io.focalscope.classes.ClassSet names = new io.focalscope.classes.ClassSet("t", List.of("road", "the \"car\"", "sky"),
                List.of(0, 0, 0));
        String csv = ClassFiguresCsv.format(r, names);
        List<String> rows = csv.lines().toList();
        assertEquals("class,name,pixels,weight,meanLoss,share,meanCrossEntropy,crossEntropyShare", rows.get(0));
        for (int c = 0; c < 3; c++) {
            var row = r.perClass().get(c);
            String[] f = rows.get(c + 1).split(",");
            assertEquals(String.valueOf(c), f[0]);
            assertEquals(List.of("\"road\"", "\"the \"\"car\"\"\"", "\"sky\"").get(c), f[1]);
            assertEquals(row.pixels(), Long.parseLong(f[2]));
            assertEquals(List.of(r.classWeights()[c], row.meanLoss(), row.share(), row.meanCrossEntropy(), row.crossEntropyShare()),
                    List.of(Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                            Double.parseDouble(f[7])), "17 digits give the double back");
        }
        assertTrue(ClassFiguresCsv.format(r, null).lines().skip(1).allMatch(l -> l.matches("\\d,\"\\d\",.*")), "numbered without names");
    }

    @Test
    void eachTermIsWrittenWithItsParameters() {
        assertEquals(List.of("gamma 2", "poly1 gamma 2, epsilon 1", "flsd53 (gamma 5 where p_t < 0.2, else 3)",
                        "asl gamma+ 1, gamma- 4, clip 0.05"),
                List.of(ResultText.term(new LossTerm.Focal(2)), ResultText.term(new LossTerm.Poly1(2, 1)),
                        ResultText.term(new LossTerm.Flsd53()), ResultText.term(new LossTerm.Asl(1, 4, 0.05))));
    }
}
