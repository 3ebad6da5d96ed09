package io.focalscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
                + " as-written, gamma-change, gradient, gradient-ratio, gamma-used, predicted, label, error\n", run.err());
    }
}
