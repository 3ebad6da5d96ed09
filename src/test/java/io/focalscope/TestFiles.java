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
}
