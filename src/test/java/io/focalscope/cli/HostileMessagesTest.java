package io.focalscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.io.DType;
import io.focalscope.io.NdArray;
import io.focalscope.io.NpyWriter;
import io.focalscope.io.NpzWriter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Messages that blame the right file for the right reason. */
class HostileMessagesTest {

    @TempDir
    Path tmp;

    @Test
    void logitsThatAreAllNaNOrInfinityAreBlamedNotTheLabels() {
        Path labels = labels(tmp.resolve("labels.npy"), 0);
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            Path logits = tmp.resolve("bad.npy");
            float[] z = new float[3 * 4 * 5];
            Arrays.fill(z, bad);
            NpyWriter.writeFloat32(logits, new int[] {1, 3, 4, 5}, z);
            CliRun run = CliRun.of("compute", "--logits", logits.toString(), "--labels", labels.toString());
            assertEquals(FocalscopeCli.EXIT_BAD_INPUT, run.exitCode());
            assertEquals("focalscope: " + logits + ": no pixel can be computed: every one of the 20 pixels has non-finite"
                    + " logits (NaN or infinity)\n", run.err());
        }
        Path someIgnored = labels(tmp.resolve("some-ignored.npy"), 5);
        CliRun run = CliRun.of("compute", "--logits", tmp.resolve("bad.npy").toString(), "--labels", someIgnored.toString());
        assertEquals("focalscope: " + tmp.resolve("bad.npy") + ": no pixel can be computed: every one of the 20 pixels has"
                + " non-finite logits (NaN or infinity)\n", run.err());
    }

    @Test
    void anArchiveOfLogitsAloneHasNoLabelsRatherThanFloatLabels() {
        Path npz = tmp.resolve("only-logits.npz");
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("logits", new NdArray("logits", new int[] {1, 3, 4, 5}, new float[60]));
        NpzWriter.writeCompressed(npz, arrays);
        CliRun run = CliRun.of("compute", "--logits", npz.toString(), "--labels", npz.toString());
        assertEquals(FocalscopeCli.EXIT_BAD_INPUT, run.exitCode());
        assertEquals("focalscope: " + npz + ": has no array named 'labels': it holds only 'logits'\n", run.err());
    }

    @Test
    void aGreyPngWithAlphaIsCalledThatAndToldWhatToDo() throws IOException {
        java.awt.color.ColorSpace gray = java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_GRAY);
        java.awt.image.ColorModel cm = new java.awt.image.ComponentColorModel(gray, true, false, java.awt.Transparency.TRANSLUCENT,
                java.awt.image.DataBuffer.TYPE_BYTE);
        BufferedImage la = new BufferedImage(cm, cm.createCompatibleWritableRaster(5, 4), false, null);
        Path png = tmp.resolve("labels.png");
        assertTrue(ImageIO.write(la, "png", png.toFile()));
        CliRun run = CliRun.of("compute", "--logits", logits(tmp.resolve("logits.npy")).toString(), "--labels", png.toString());
        assertEquals("focalscope: " + png + ": is a grayscale PNG with alpha (drop the alpha channel: the grey value alone is the"
                + " class); a label mask must be grayscale (8 or 16 bit) or palette, the value being the class id\n", run.err());
    }

    @Test
    void float64LogitsWithALargeCommonOffsetWarnThatFloat32LosesThem() {
        Path logits = tmp.resolve("f64.npy");
        ByteBuffer b = ByteBuffer.allocate(3 * 20 * 8).order(ByteOrder.LITTLE_ENDIAN);
        java.util.Random rng = new java.util.Random(7);
        for (int i = 0; i < 60; i++) {
            b.putDouble(1e8 + rng.nextGaussian());
        }
        b.flip();
        NpyWriter.write(logits, new NdArray(logits.toString(), DType.FLOAT64, new int[] {1, 3, 4, 5}, b));
        CliRun run = CliRun.of("compute", "--logits", logits.toString(), "--labels", labels(tmp.resolve("l.npy"), 0).toString(),
                "--json", "-");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("focalscope: warning: " + logits + ": float64 logits as large as 1.00e+08 are computed in"
                + " float32, which holds numbers of that size only in steps of 8.00: the loss may differ from float64's"
                + " (subtract each pixel's largest logit before saving, which leaves the softmax as it is)\n"), run.err());
        assertTrue(JsonParser.parseString(run.out()).getAsJsonObject().getAsJsonArray("warnings").get(0).getAsString()
                .startsWith(logits + ": float64 logits as large as 1.00e+08"), run.out());
        CliRun small = CliRun.of("compute", "--logits", logits(tmp.resolve("f32.npy")).toString(), "--labels",
                labels(tmp.resolve("l.npy"), 0).toString());
        assertEquals("", small.err());
        // a scan warns per image, on stderr and under the JSON's warnings
        java.nio.file.Path data = tmp.resolve("data");
        try {
            java.nio.file.Files.createDirectory(data);
            java.nio.file.Files.copy(logits, data.resolve("a_logits.npy"));
            java.nio.file.Files.copy(tmp.resolve("l.npy"), data.resolve("a_labels.npy"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CliRun scan = CliRun.of("scan", data.toString(), "--json", "-");
        String warning = data.resolve("a_logits.npy") + ": float64 logits as large as 1.00e+08 are computed in float32,";
        assertTrue(scan.err().contains("focalscope: warning: " + warning), scan.err());
        assertTrue(JsonParser.parseString(scan.out()).getAsJsonObject().getAsJsonArray("warnings").get(0).getAsString()
                .startsWith(warning), scan.out());
    }

    private static Path logits(Path file) {
        float[] z = new float[60];
        for (int i = 0; i < z.length; i++) {
            z[i] = (i * 7919 % 13) / 3f;
        }
        NpyWriter.writeFloat32(file, new int[] {1, 3, 4, 5}, z);
        return file;
    }

    /** Classes 0..2, the first {@code ignored} pixels 255. */
    private static Path labels(Path file, int ignored) {
        ByteBuffer y = ByteBuffer.allocate(20 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int p = 0; p < 20; p++) {
            y.putInt(p < ignored ? 255 : p % 3);
        }
        y.flip();
        NpyWriter.write(file, new NdArray(file.toString(), DType.INT32, new int[] {1, 4, 5}, y));
        return file;
    }
}
