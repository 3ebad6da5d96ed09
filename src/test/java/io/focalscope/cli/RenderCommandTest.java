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
                + " confident-wrong, data-confidence, data-variability, data-correctness, hard-stable\n", run.err());
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

    static final Path RUN = Path.of("src/test/resources/dynamics/run");

    /**
     * A training run's image on the data-map layers, drawn headless through the run's own per-image
     * step: each labelled pixel of the car at the gray of its confidence over the 11 epochs (the float64
     * reference's), on the fixed range 0 to 1; the same from the run's CSV list.
     */
    @Test
    void drawsARunsImageOnItsConfidenceOverTheEpochs() throws Exception {
        Path out = tmp.resolve("car.png");
        CliRun run = CliRun.of("render", "--run", RUN.toString(), "--run-image", "car", "--layer", "data-confidence",
                "--colormap", "gray", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err());
        BufferedImage png = ImageIO.read(out.toFile());
        float[] reference = io.focalscope.io.NpyReader.read(Path.of("src/test/resources/dynamics/expected/car_confidence.npy")).toFloats();
        int labelled = 0;
        for (int p = 0; p < 16 * 24; p++) {
            if (!Float.isNaN(reference[p])) {
                labelled++;
                int gray = png.getRGB(p % 24, p / 24) & 0xff;
                assertEquals(Math.round(reference[p] * 255), gray, 1, "pixel " + p + " at confidence " + reference[p]);
            }
        }
        assertEquals(377, labelled);
        assertTrue((png.getRGB(5, 3) & 0xff) <= 3, "the planted wrong label, confidence 0.007, is black");

        Path fromList = tmp.resolve("car-list.png");
        CliRun list = CliRun.of("render", "--list", "src/test/resources/dynamics/run.csv", "--run-image", "car", "--layer",
                "data-confidence", "--colormap", "gray", "--out", fromList.toString());
        assertEquals(0, list.exitCode(), list.err());
        BufferedImage other = ImageIO.read(fromList.toFile());
        for (int p = 0; p < 16 * 24; p++) {
            assertEquals(png.getRGB(p % 24, p / 24), other.getRGB(p % 24, p / 24), "pixel " + p + " from the list");
        }
    }

    /** Hard and stable at the thresholds given: the car's planted patch (20 pixels), then the 12 of them below 0.0069. */
    @Test
    void drawsTheHardAndStablePixelsAtTheThresholdsGiven() throws Exception {
        io.focalscope.session.Dataset d = io.focalscope.session.DatasetLoader.load(RUN.resolve("epoch_11/car.npy").toString(),
                RUN.resolve("labels/car.npy").toString(), io.focalscope.io.LogitsLayout.CHANNELS_FIRST, null, null);
        for (String[] t : new String[][] {{"0.25", "20"}, {"0.0069", "12"}}) {
            Path out = tmp.resolve("hard-" + t[0] + ".png");
            CliRun run = CliRun.of("render", "--run", RUN.toString(), "--labels-dir", RUN.resolve("labels").toString(), "--run-image",
                    "car", "--epoch", "epoch_11", "--layer", "hard-stable", "--hard-confidence", t[0], "--out", out.toString());
            assertEquals(0, run.exitCode(), run.err());
            BufferedImage png = ImageIO.read(out.toFile());
            java.util.List<String> hard = new java.util.ArrayList<>();
            for (int p = 0; p < 16 * 24; p++) {
                if (png.getRGB(p % 24, p / 24) == (0xff000000 | d.classes().color(argmax(d.batch(), p)))) {
                    hard.add((p / 24) + "," + (p % 24));
                }
            }
            assertEquals(Integer.parseInt(t[1]), hard.size(), "at confidence < " + t[0] + ": " + hard);
            assertTrue(hard.stream().allMatch(h -> {
                int y = Integer.parseInt(h.split(",")[0]);
                int x = Integer.parseInt(h.split(",")[1]);
                return y >= 2 && y <= 5 && x >= 3 && x <= 7;
            }), "inside the planted patch: " + hard);
        }
    }

    /** What a run's image needs, each refused in one line that says what to give. */
    @Test
    void aRunsImageIsAskedForByNameAndEpoch() {
        String out = tmp.resolve("x.png").toString();
        String demo = Assets.demoArchive().toString();
        assertEquals("focalscope: --layer data-variability shows a training run's data maps: draw one of its images with --run DIR"
                + " (or --list FILE.csv) and --run-image NAME, or open the run with 'focalscope open-dynamics DIR'\n",
                CliRun.of("render", "--logits", demo, "--labels", demo, "--layer", "data-variability", "--out", out).err());
        assertEquals("focalscope: render: --run-image NAME: which of the run's images to draw (blurry, car, street)\n",
                CliRun.of("render", "--run", RUN.toString(), "--layer", "hard-stable", "--out", out).err());
        assertEquals("focalscope: " + RUN + ": no image named 'bus' in every epoch; its images: blurry, car, street\n",
                CliRun.of("render", "--run", RUN.toString(), "--run-image", "bus", "--out", out).err());
        assertEquals("focalscope: " + RUN + ": --epoch: no epoch named 'epoch_12'; its epochs: epoch_1, epoch_2, epoch_3, epoch_4,"
                + " epoch_5, epoch_6, epoch_7, epoch_8, epoch_9, epoch_10, epoch_11\n",
                CliRun.of("render", "--run", RUN.toString(), "--run-image", "car", "--epoch", "epoch_12", "--out", out).err());
        assertEquals("focalscope: render: give --logits and --labels, or a training run's image (--run DIR or --list FILE.csv,"
                + " with --run-image NAME), not both\n",
                CliRun.of("render", "--logits", demo, "--labels", demo, "--run", RUN.toString(), "--out", out).err());
        assertEquals("focalscope: render: --run-image, --epoch and --labels-dir pick a training run's image: give the run with"
                + " --run DIR or --list FILE.csv\n", CliRun.of("render", "--run-image", "car", "--out", out).err());
        assertEquals("focalscope: render: give --logits and --labels, or a training run's image (--run DIR or --list FILE.csv,"
                + " with --run-image NAME)\n", CliRun.of("render", "--out", out).err());
        assertEquals("render: Missing required argument(s): --labels=FILE (see 'focalscope render --help')\n",
                CliRun.of("render", "--logits", demo, "--out", out).err());
        assertEquals("focalscope: --hard-variability must be between 0 and 0.5 (the largest standard deviation of a probability),"
                + " got 0.6\n", CliRun.of("render", "--run", RUN.toString(), "--run-image", "car", "--layer", "hard-stable",
                "--hard-variability", "0.6", "--out", out).err());
    }
}
