package io.focalscope.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.focalscope.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading a file's bytes (as a distributed job hands them over) gives what reading the file gives. */
class BytesReadersTest {

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> s = Files.list(TestFiles.FIXTURES)) {
            return s.filter(p -> p.toString().matches(".*\\.(npy|npz|png)$")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void bytesGiveTheFilesArrayOrItsMessage(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        NdArray fromFile;
        try {
            fromFile = ArrayFiles.read(file.toString(), "logits");
        } catch (InputException e) {
            InputException fromBytes = assertThrows(InputException.class,
                    () -> ArrayFiles.read(file.toString(), bytes, null, "logits", FloatArrays.FRESH));
            assertEquals(e.getMessage(), fromBytes.getMessage());
            return;
        }
        NdArray fromBytes = ArrayFiles.read(file.toString(), bytes, null, "logits", FloatArrays.FRESH);
        assertEquals(fromFile.dtype(), fromBytes.dtype());
        assertArrayEquals(fromFile.shape(), fromBytes.shape());
        assertEquals(fromFile.data(), fromBytes.data());
        assertEquals(fromFile.source(), fromBytes.source());
    }

    @Test
    void aBatchFromBytesIsTheBatchFromItsFiles() throws IOException {
        Path images = Path.of("src/test/resources/dataset/images");
        for (List<String> pair : List.of(List.of("alpha.npz", "alpha.npz"), List.of("bravo.npz", "bravo.npz"),
                List.of("sub/charlie_logits.npy", "sub/charlie_labels.png"), List.of("echo_logits.npy", "echo_labels.npy"))) {
            Path logits = images.resolve(pair.get(0));
            Path labels = images.resolve(pair.get(1));
            SegmentationBatch a = BatchLoader.load(logits.toString(), labels.toString());
            SegmentationBatch b = BatchLoader.load(logits.toString(), Files.readAllBytes(logits), labels.toString(),
                    Files.readAllBytes(labels), FloatArrays.FRESH);
            assertArrayEquals(a.logits(), b.logits(), pair.toString());
            assertArrayEquals(a.labels(), b.labels(), pair.toString());
            assertEquals(a.logitsSource(), b.logitsSource());
        }
    }

    @Test
    void brokenBytesAreRefusedWithTheFilesMessage() throws IOException {
        Path images = Path.of("src/test/resources/dataset/images");
        Path truncated = images.resolve("foxtrot_logits.npy");
        InputException fromFile = assertThrows(InputException.class, () -> ArrayFiles.read(truncated.toString(), "logits"));
        InputException fromBytes = assertThrows(InputException.class,
                () -> ArrayFiles.read(truncated.toString(), Files.readAllBytes(truncated), null, "logits", FloatArrays.FRESH));
        assertEquals(fromFile.getMessage(), fromBytes.getMessage());

        byte[] notZip = Files.readAllBytes(images.resolve("golf.npz"));
        InputException e = assertThrows(InputException.class,
                () -> ArrayFiles.read("s3a://bucket/golf.npz", notZip, null, "logits", FloatArrays.FRESH));
        assertEquals("s3a://bucket/golf.npz: corrupt or truncated .npz archive (it ends inside a member)", e.getMessage());
        e = assertThrows(InputException.class, () -> ArrayFiles.read("hdfs://x/empty.npy", new byte[0], null, "logits",
                FloatArrays.FRESH));
        assertEquals("hdfs://x/empty.npy: not a .npy, .npz or PNG file (it is empty)", e.getMessage());
    }
}
