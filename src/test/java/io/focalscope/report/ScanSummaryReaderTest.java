package io.focalscope.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.dataset.DatasetFigures;
import io.focalscope.io.InputException;
import io.focalscope.loss.Activation;
import io.focalscope.loss.Reduction;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A scan's summary read back into the window: the keys every summary has, the ones a newer scan
 * adds (read where present, their defaults where an older summary lacks them), and refusals.
 */
class ScanSummaryReaderTest {

    /** The keys every summary has, with one image and two classes; {@code extra} is spliced in at the top level. */
    private static String summary(String extra, String imageExtra, String classExtra) {
        return "{" + extra + "\"images\": 1, \"failed\": [{\"file\": \"b.npy\", \"error\": \"b.npy: truncated\"}], \"classes\": 2,"
                + " \"pixels\": 10, \"ignored\": 2, \"counts\": [6, 4], \"classWeights\": [1.5, 2.5], \"loss\": 0.75,"
                + " \"crossEntropy\": 1.25, \"perClass\": [{\"class\": 0, \"pixels\": 6, \"meanLoss\": 0.5, \"share\": 0.4" + classExtra
                + "}, {\"class\": 1, \"pixels\": 4, \"meanLoss\": 1.0, \"share\": 0.6" + classExtra + "}],"
                + " \"perImage\": [{\"name\": \"a\", \"logits\": \"a_logits.npy\", \"labels\": \"a_labels.png\", \"pixels\": 10,"
                + " \"ignored\": 2, \"meanFocal\": 0.75, \"crossEntropy\": 1.25, \"worstClass\": 1" + imageExtra + "}],"
                + " \"lossVsGamma\": [{\"gamma\": 0.0, \"loss\": 1.25}, {\"gamma\": null, \"loss\": 0.5}], \"gamma\": 2.0,"
                + " \"ignoreIndex\": 255, \"backend\": \"cpu kernel\"}";
    }

    @Test
    void anOlderSummaryGetsTheDefaultsOfWhatItLacks() {
        DatasetFigures f = ScanSummaryReader.read("old.json", summary("", "", ""));
        assertEquals(Activation.SOFTMAX, f.settings().activation());
        assertNull(f.settings().alpha());
        assertEquals(Reduction.MEAN, f.settings().reduction());
        assertEquals("focal", f.settings().term().name());
        assertEquals(2.0, f.settings().gamma());
        assertEquals(255, f.settings().ignoreIndex());
        DatasetFigures.ImageRow a = f.perImage().get(0);
        assertEquals(List.of(1, 0, 0), List.of(a.samples(), a.height(), a.width()), "no size: one sample of unknown size");
        assertTrue(Double.isNaN(a.worstClassShare()) && Double.isNaN(a.ece()));
        assertTrue(Double.isNaN(f.perClass().get(0).crossEntropyShare()));
        assertEquals(List.of(), f.warnings());
        assertNull(f.calibration());
        assertTrue(Double.isNaN(f.lossVsGamma().get(1).gamma()), "a null γ is the term's one point");
        assertEquals(0.0, f.lossVsGamma().get(0).gamma());
        assertEquals("b.npy: truncated", f.failed().get(0).error());
        assertArrayEquals(new long[] {6, 4}, f.counts());
    }

    @Test
    void aNewerSummarysKeysAreRead() {
        String extra = "\"activation\": \"sigmoid\", \"alpha\": 0.4, \"reduction\": \"sum\", \"weights\": \"enet\","
                + " \"lossTerm\": {\"name\": \"poly1\", \"parameters\": {\"gamma\": 1.5, \"epsilon\": 0.5}},"
                + " \"warnings\": [\"class 1 has few pixels\"], \"calibration\": null, \"ignoreIndex\": null,";
        String json = summary(extra, ", \"size\": [2, 3, 4], \"worstClassShare\": 0.8, \"ece\": 0.05", ", \"crossEntropyShare\": 0.3")
                .replace(" \"ignoreIndex\": 255,", "");
        DatasetFigures f = ScanSummaryReader.read("new.json", json);
        assertEquals(Activation.SIGMOID, f.settings().activation());
        assertEquals(0.4, f.settings().alpha());
        assertEquals(Reduction.SUM, f.settings().reduction());
        assertEquals("poly1", f.settings().term().name());
        assertEquals(1.5, f.settings().gamma());
        assertNull(f.settings().ignoreIndex());
        DatasetFigures.ImageRow a = f.perImage().get(0);
        assertEquals(List.of(2, 3, 4), List.of(a.samples(), a.height(), a.width()));
        assertEquals(0.8, a.worstClassShare());
        assertEquals(0.05, a.ece());
        assertEquals(0.3, f.perClass().get(0).crossEntropyShare());
        assertEquals(List.of("class 1 has few pixels"), f.warnings());
        assertNull(f.calibration());
        assertTrue(f.settings().weights().toString().contains("dataset new.json, enet"), f.settings().weights().toString());
    }

    /** α is a sigmoid's: a softmax summary's α, or a null one, is none. */
    @Test
    void alphaIsReadOnlyForTheSigmoid() {
        assertNull(ScanSummaryReader.read("s.json", summary("\"alpha\": 0.4,", "", "")).settings().alpha());
        assertNull(ScanSummaryReader.read("s.json", summary("\"activation\": \"sigmoid\", \"alpha\": null,", "", "")).settings().alpha());
        assertNull(ScanSummaryReader.read("s.json", summary("\"activation\": \"sigmoid\",", "", "")).settings().alpha());
    }

    /** What scan writes reads back to the same figures, and its CSV has an ECE column only with calibration. */
    @Test
    void aSummaryWrittenReadsBackAndTabulates() {
        String softmax = summary("", ", \"size\": [1, 2, 5], \"worstClassShare\": 0.8", ", \"crossEntropyShare\": 0.3");
        DatasetFigures f = ScanSummaryReader.read("s.json", softmax);
        String written = ScanJson.format(f);
        DatasetFigures back = ScanSummaryReader.read("again.json", written);
        assertEquals(ScanCsv.format(f), ScanCsv.format(back));
        assertEquals("rank,name,logits,labels,pixels,ignored,meanFocal,crossEntropy,worstClass,worstClassShare\n"
                + "1,a,a_logits.npy,a_labels.png,10,2,0.750000000,1.25000000,1,0.800000000\n", ScanCsv.format(f));
        com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(written).getAsJsonObject();
        assertEquals(2.0, o.get("gamma").getAsDouble());
        assertTrue(!o.has("alpha"), "a softmax scan has no α");

        // FLSD-53 has no one γ, a sigmoid scan has its α, and calibration adds each image's ECE
        String calibration = ReportJson.write(CalibrationJson.of(CalibrationTextTest.calibration(1.5, false, null, null)));
        String sigmoid = summary("\"activation\": \"sigmoid\", \"alpha\": 0.25, \"lossTerm\": {\"name\": \"flsd53\","
                + " \"parameters\": {}}, \"calibration\": " + calibration + ",", ", \"worstClassShare\": 0.8, \"ece\": 0.0625",
                ", \"crossEntropyShare\": 0.3");
        DatasetFigures g = ScanSummaryReader.read("g.json", sigmoid);
        com.google.gson.JsonObject p = com.google.gson.JsonParser.parseString(ScanJson.format(g)).getAsJsonObject();
        assertTrue(p.get("gamma").isJsonNull(), "FLSD-53's γ depends on p_t");
        assertEquals(0.25, p.get("alpha").getAsDouble());
        assertEquals("flsd53", p.getAsJsonObject("lossTerm").get("name").getAsString());
        assertEquals(0.125, p.getAsJsonObject("calibration").get("ece").getAsDouble());
        assertTrue(ScanCsv.format(g).startsWith("rank,name,logits,labels,pixels,ignored,meanFocal,crossEntropy,worstClass,"
                + "worstClassShare,ece\n1,a,a_logits.npy,a_labels.png,10,2,0.750000000,1.25000000,1,0.800000000,0.0625000000\n"), ScanCsv.format(g));
    }

    /** Images are ranked in the summary's order, and a bad file is named by its rank. */
    @Test
    void imagesAreRankedInOrder() {
        String image = "{\"name\": \"a\", \"logits\": \"a_logits.npy\", \"labels\": \"a_labels.png\", \"pixels\": 10,"
                + " \"ignored\": 2, \"meanFocal\": 0.75, \"crossEntropy\": 1.25, \"worstClass\": 1}";
        String two = summary("", "", "").replaceFirst("\"perImage\": \\[", "\"perImage\": [" + image.replace("\"a", "\"z") + ", ");
        DatasetFigures f = ScanSummaryReader.read("s.json", two);
        assertEquals(List.of(1, 2), f.perImage().stream().map(DatasetFigures.ImageRow::rank).toList());
        assertEquals(List.of("z", "a"), f.perImage().stream().map(DatasetFigures.ImageRow::name).toList());
        assertEquals("s.json: not a scan's summary: image 2's logits 'a.txt' is not a .npy, .npz or .png file",
                assertThrows(InputException.class, () -> ScanSummaryReader.read("s.json", two.replace("\"a_logits.npy\"", "\"a.txt\"")))
                        .getMessage());
    }

    @Test
    void anImageFileMustBeAnArrayFile() {
        String json = summary("", "", "").replace("a_labels.png", "/etc/passwd");
        assertEquals("s.json: not a scan's summary: image 1's labels '/etc/passwd' is not a .npy, .npz or .png file",
                assertThrows(InputException.class, () -> ScanSummaryReader.read("s.json", json)).getMessage());
        String member = summary("", "", "").replace("a_logits.npy", "a.NPZ:logits");
        assertEquals("a.NPZ:logits", ScanSummaryReader.read("s.json", member).perImage().get(0).files().logits());
        assertEquals("s.json: not a scan's summary: it has no key 'backend'",
                assertThrows(InputException.class, () -> ScanSummaryReader.read("s.json", summary("", "", "")
                        .replace(", \"backend\": \"cpu kernel\"", ""))).getMessage());
        assertEquals("s.json: not a scan's summary (a value of the wrong type)", assertThrows(InputException.class,
                () -> ScanSummaryReader.read("s.json", summary("", "", "").replace("\"counts\": [6, 4]", "\"counts\": 6"))).getMessage());
    }
}
