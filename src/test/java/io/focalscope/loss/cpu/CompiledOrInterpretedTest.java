package io.focalscope.loss.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.focalscope.cli.FocalscopeCli;
import io.focalscope.io.DType;
import io.focalscope.io.NdArray;
import io.focalscope.io.NpyWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CPU kernel's maps are the same bits whether the JIT has compiled it or not: a pixel's value
 * must not depend on whether its thread reached it before the compiler did (the Vector API's
 * transcendental functions round differently compiled and interpreted, so loss maps differed run
 * to run at 0.3 % of pixels). Here once warm, in this JVM, against a JVM that only interprets.
 */
class CompiledOrInterpretedTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"softmax", "sigmoid"})
    void mapsAreTheSameBitsCompiledAndInterpreted(String activation) throws Exception {
        Path logits = tmp.resolve("logits.npy");
        Path labels = tmp.resolve("labels.npy");
        write(logits, labels);
        List<String> args = List.of("compute", "--engine", "cpu", "--activation", activation, "--logits", logits.toString(),
                "--labels", labels.toString(), "--gamma", "2.5");
        for (int i = 0; i < 400; i++) { // warm: the kernels' loops compiled by C2
            run(args, tmp.resolve("warm.npy"), tmp.resolve("warm-g.npy"));
        }
        Path loss = tmp.resolve("compiled.npy");
        Path gradient = tmp.resolve("compiled-g.npy");
        run(args, loss, gradient);

        Path interpretedLoss = tmp.resolve("interpreted.npy");
        Path interpretedGradient = tmp.resolve("interpreted-g.npy");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xint",
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), "io.focalscope.cli.FocalscopeCli"));
        command.addAll(args);
        command.addAll(List.of("--loss-map", interpretedLoss.toString(), "--gradient-map", interpretedGradient.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve("child.txt").toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("child.txt")));
        assertArrayEquals(Files.readAllBytes(interpretedLoss), Files.readAllBytes(loss), "loss map");
        assertArrayEquals(Files.readAllBytes(interpretedGradient), Files.readAllBytes(gradient), "gradient map");
    }

    private static void run(List<String> args, Path loss, Path gradient) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--loss-map", loss.toString(), "--gradient-map", gradient.toString()));
        StringWriter err = new StringWriter();
        int exit = FocalscopeCli.run(all.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, exit, err.toString());
    }

    /** 1 x 6 x 24 x 40 logits over a wide range (confident and unsure pixels), labels with some ignored. */
    private static void write(Path logits, Path labels) {
        Random rng = new Random(20261204);
        int classes = 6;
        int pixels = 24 * 40;
        float[] z = new float[classes * pixels];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) (rng.nextGaussian() * (1 + 6 * rng.nextDouble()));
        }
        NpyWriter.writeFloat32(logits, new int[] {1, classes, 24, 40}, z);
        ByteBuffer y = ByteBuffer.allocate(pixels * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int p = 0; p < pixels; p++) {
            y.putInt(p % 17 == 0 ? 255 : rng.nextInt(classes));
        }
        y.flip();
        NpyWriter.write(labels, new NdArray(labels.toString(), DType.INT32, new int[] {1, 24, 40}, y));
    }
}
