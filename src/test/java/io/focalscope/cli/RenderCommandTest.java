package io.focalscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.demo.Assets;
import io.focalscope.render.ColorbarPainter;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {

    @TempDir
    Path tmp;

    @Test
    void writesTheMapAndItsColorbar() throws Exception {
        String demo = Assets.demoArchive().toString();
        Path out = tmp.resolve("view.png");
        CliRun run = CliRun.of("render", "--logits", demo, "--labels", demo, "--layer", "focal", "--gamma", "2",
                "--colormap", "inferno", "--zoom", "2", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        BufferedImage png = ImageIO.read(out.toFile());
        assertEquals(2 * 512 + ColorbarPainter.WIDTH, png.getWidth());
        assertEquals(2 * 256, png.getHeight());
        assertEquals("wrote " + out + " (" + png.getWidth() + " x " + png.getHeight() + ")\n", run.out());
    }

    /**
     * A map 48 px high: the picture is made as high as the key needs (the map at its top), so that
     * its bar has room for ticks that do not overlap and its legend keeps every entry.
     */
    @Test
    void aSmallMapGetsAWholeKey() throws Exception {
        Path dir = Path.of("src/test/resources/reference/cases/cityscapes_like_enet");
        Path out = tmp.resolve("small.png");
        CliRun run = CliRun.of("render", "--logits", dir.resolve("logits.npy").toString(), "--labels",
                dir.resolve("labels.npy").toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        BufferedImage png = ImageIO.read(out.toFile());
        assertEquals(96 + ColorbarPainter.WIDTH, png.getWidth());
        assertTrue(png.getHeight() >= 90 + ColorbarPainter.MIN_BAR + 74, "height " + png.getHeight());
        // below the map, the picture's light background; the map's last row is the map
        assertEquals(0xfff6f8fa, png.getRGB(0, png.getHeight() - 1));
        assertEquals(0xfff6f8fa, png.getRGB(95, 48));
        assertTrue(png.getRGB(95, 47) != 0xfff6f8fa, "the map's last row");
    }

    @Test
    void refusesAnUnknownScale() {
        String demo = Assets.demoArchive().toString();
        CliRun run = CliRun.of("render", "--logits", demo, "--labels", demo, "--scale", "sqrt", "--out", tmp.resolve("x.png").toString());
        assertEquals(1, run.exitCode());
        assertEquals("focalscope: --scale: 'sqrt' is none of [linear, log]\n", run.err());
    }

    @Test
    void refusesAnUnknownLayer() {
        String demo = Assets.demoArchive().toString();
        CliRun run = CliRun.of("render", "--logits", demo, "--labels", demo, "--layer", "loss", "--out", tmp.resolve("x.png").toString());
        assertEquals(1, run.exitCode());
        assertEquals("focalscope: render: unknown layer 'loss': expected one of focal, ce, modulation, pt, ratio, diff,"
                + " as-written, gamma-change, gradient, gradient-ratio, gamma-used, predicted, label, error, label-issues, confidence,"
                + " confident-wrong\n", run.err());
    }

    /** The confidence layers from the command line: the marked pixels at the threshold given are the predicted class's colour. */
    @Test
    void drawsTheConfidentButWrongPixelsAtTheThresholdGiven() throws Exception {
        String demo = Assets.demoArchive().toString();
        Path out = tmp.resolve("cw.png");
        CliRun run = CliRun.of("render", "--logits", demo, "--labels", demo, "--layer", "confident-wrong",
                "--confidence-threshold", "0.8", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        io.focalscope.session.Dataset d = io.focalscope.session.DatasetLoader.load(demo, demo, io.focalscope.io.LogitsLayout.CHANNELS_FIRST,
                null, null);
        float[] c = io.focalscope.calibration.CalibrationPass.confidence(d.batch());
        int[] labels = d.batch().labels();
        BufferedImage png = ImageIO.read(out.toFile());
        int w = d.batch().width();
        int marked = 0;
        for (int p = 0; p < c.length; p++) {
            int predicted = argmax(d.batch(), p);
            if (labels[p] != 255 && c[p] > 0.8 && predicted != labels[p]) {
                marked++;
                assertEquals(0xff000000 | d.classes().color(predicted), png.getRGB(p % w, p / w), "pixel " + p);
            }
        }
        assertTrue(marked > 100, "marked " + marked);
        CliRun sigmoid = CliRun.of("render", "--logits", demo, "--labels", demo, "--layer", "confidence", "--activation", "sigmoid",
                "--out", tmp.resolve("s.png").toString());
        assertEquals(1, sigmoid.exitCode());
        assertTrue(sigmoid.err().contains("softmax"), sigmoid.err());
    }

    private static int argmax(io.focalscope.io.SegmentationBatch b, int p) {
        int hw = b.height() * b.width();
        int best = 0;
        for (int k = 1; k < b.classes(); k++) {
            if (b.logits()[k * hw + p] > b.logits()[best * hw + p]) {
                best = k;
            }
        }
        return best;
    }

    @Test
    void aClassFileShortOfTheLogitsClassesWarnsOnStderr() throws Exception {
        Path dir = io.focalscope.TestFiles.REFERENCE_CASES.resolve("seed_example"); // 6 classes
        String logits = dir.resolve("logits.npy").toString();
        String labels = dir.resolve("labels.npy").toString();
        Path three = tmp.resolve("classes.json");
        java.nio.file.Files.writeString(three, "[\"road\", \"sidewalk\", \"car\"]");
        Path five = tmp.resolve("classes.csv");
        java.nio.file.Files.writeString(five, "a\nb\nc\nd\ne\n");
        Path six = tmp.resolve("six.csv");
        java.nio.file.Files.writeString(six, "a\nb\nc\nd\ne\nf\n");
        String out = tmp.resolve("x.png").toString();

        CliRun short3 = CliRun.of("render", "--logits", logits, "--labels", labels, "--classes", three.toString(), "--out", out);
        assertEquals(0, short3.exitCode(), short3.err());
        assertEquals("focalscope: warning: " + three + ": names 3 classes, the logits have 6: classes 3..5 are numbered\n",
                short3.err());
        CliRun short1 = CliRun.of("render", "--logits", logits, "--labels", labels, "--classes", five.toString(), "--out", out);
        assertEquals("focalscope: warning: " + five + ": names 5 classes, the logits have 6: class 5 is numbered\n", short1.err());
        CliRun enough = CliRun.of("render", "--logits", logits, "--labels", labels, "--classes", six.toString(), "--out", out);
        assertEquals(0, enough.exitCode(), enough.err());
        assertEquals("", enough.err());
    }
}
