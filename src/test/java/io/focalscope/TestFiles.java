package io.focalscope;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Where the test data lives: reader fixtures and the PyTorch golden cases. */
public final class TestFiles {

    public static final Path FIXTURES = Path.of("src/test/resources/fixtures");
    public static final Path REFERENCE_CASES = Path.of("src/test/resources/reference/cases");

    private TestFiles() {
    }

    public static Path fixture(String name) {
        return FIXTURES.resolve(name);
    }

    /** A memory refusal with the heap left ("the 5321 MB this app may still use") as "the N MB": it differs from run to run. */
    public static String heapFigureHidden(String message) {
        return message.replaceAll("the \\d+ MB this app", "the N MB this app");
    }

    /** The team's shared reference cases, beside the checkout, where they may have grown since the copy. */
    public static final Path SHARED_CASES = Path.of("../shared/reference/cases");

    /**
     * Every golden case folder (each has logits.npy, labels.npy, expected.json, lossmap.npy): the
     * copy kept in the repo, plus any case the shared folder has that the copy lacks.
     */
    public static List<Path> referenceCases() {
        List<Path> cases = new ArrayList<>(list(REFERENCE_CASES));
        Set<Path> names = cases.stream().map(Path::getFileName).collect(Collectors.toSet());
        if (Files.isDirectory(SHARED_CASES)) {
            list(SHARED_CASES).stream().filter(c -> !names.contains(c.getFileName())).forEach(cases::add);
        }
        if (cases.isEmpty()) {
            throw new IllegalStateException("no golden cases under " + REFERENCE_CASES);
        }
        return cases;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonObject json(Path file) {
        try {
            return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes a channels-first logits file ({@code [N,C,H,W]} or {@code [C,H,W]}) to {@code to} channels-last
     * ({@code [N,H,W,C]} or {@code [H,W,C]}), as Keras would have saved it.
     */
    public static void writeChannelsLast(Path from, Path to) {
        io.focalscope.io.NdArray z = io.focalscope.io.NpyReader.read(from);
        int[] shape = z.shape();
        int[] s = shape.length == 4 ? shape : new int[] {1, shape[0], shape[1], shape[2]};
        float[] in = z.toFloats();
        float[] out = new float[in.length];
        int hw = s[2] * s[3];
        for (int n = 0; n < s[0]; n++) {
            for (int c = 0; c < s[1]; c++) {
                for (int p = 0; p < hw; p++) {
                    out[(n * hw + p) * s[1] + c] = in[(n * s[1] + c) * hw + p];
                }
            }
        }
        io.focalscope.io.NpyWriter.writeFloat32(to, shape.length == 4 ? new int[] {s[0], s[2], s[3], s[1]}
                : new int[] {s[2], s[3], s[1]}, out);
    }
}
