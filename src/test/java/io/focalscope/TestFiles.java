package io.focalscope;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /** Every golden case folder (each has logits.npy, labels.npy, expected.json, lossmap.npy). */
    public static List<Path> referenceCases() {
        try (Stream<Path> s = Files.list(REFERENCE_CASES)) {
            List<Path> cases = s.filter(Files::isDirectory).sorted().toList();
            if (cases.isEmpty()) {
                throw new IllegalStateException("no golden cases under " + REFERENCE_CASES);
            }
            return cases;
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
}
