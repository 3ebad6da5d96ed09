package io.focalscope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.focalscope.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated .npy, .npz and PNG files, nested headers and zip members claiming gigabytes among them,
 * and special files: every input is read correctly or ends in the reader's own
 * {@link InputException}; never another exception, a hang, or running out of memory. A bounded
 * run is part of the test suite; {@code -Dfocalscope.fuzz.runs=200000} runs longer (docs/testing.md). An
 * input that fails is saved to target/fuzz-failures; keep it in src/test/resources/fuzz-regressions,
 * which every run reads again.
 */
class ReaderFuzzTest {

    static final List<String> SEEDS = List.of("f4_le_c.npy", "f2_be_f.npy", "i8_le_f.npy", "b1_le_c.npy", "f4_v3.npy",
            "pair_deflated.npz", "pair_stored.npz", "labels_gray8.png", "labels_gray16.png", "labels_palette.png");

    @TempDir
    Path tmp;

    @Test
    void mutatedFilesReadOrFailWithTheReadersMessage() throws IOException {
        int runs = Integer.getInteger("focalscope.fuzz.runs", 3000);
        long seed = Long.getLong("focalscope.fuzz.seed", 20261129L);
        Random rng = new Random(seed);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            String seedName = SEEDS.get(rng.nextInt(SEEDS.size()));
            byte[] original = Files.readAllBytes(TestFiles.fixture(seedName));
            byte[] mutated = mutate(original, rng);
            String failure = check(mutated, seedName.substring(seedName.lastIndexOf('.')));
            if (failure != null) {
                Path saved = Path.of("target/fuzz-failures").resolve("run" + i + "-" + seedName);
                Files.createDirectories(saved.getParent());
                Files.write(saved, mutated);
                failures.add(saved + ": " + failure);
            }
        }
        assertEquals(List.of(), failures, "inputs that neither read nor failed cleanly (seed " + seed + ")");
    }

    @Test
    void savedRegressionsStillReadOrFailCleanly() throws IOException {
        List<String> failures = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/fuzz-regressions"))) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                String failure = check(Files.readAllBytes(f), name.substring(Math.max(0, name.lastIndexOf('.'))));
                if (failure != null) {
                    failures.add(f + ": " + failure);
                }
            }
        }
        assertEquals(List.of(), failures);
    }

    /** Special files among the inputs: refused by name, never read until memory runs out or waited on. */
    @Test
    void specialFilesFailWithTheReadersMessage() throws Exception {
        Path fifo = tmp.resolve("pipe.npy");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        List<String> failures = new ArrayList<>();
        for (Path special : List.of(fifo, Path.of("/dev/zero"), Path.of("/dev/null"), tmp)) {
            String failure = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                try {
                    ArrayFiles.read(special.toString(), "logits");
                    return "read";
                } catch (InputException expected) {
                    return expected.getMessage().startsWith(special.toString()) ? null : expected.getMessage();
                } catch (Throwable t) {
                    return t.toString();
                }
            });
            if (failure != null) {
                failures.add(special + ": " + failure);
            }
        }
        assertEquals(List.of(), failures);
    }

    /** Null when the bytes read into a consistent array or failed with an InputException. */
    private String check(byte[] bytes, String extension) throws IOException {
        Path f = Files.write(tmp.resolve("input" + extension), bytes);
        try {
            return assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                try {
                    NdArray a = ArrayFiles.read(f.toString(), "logits");
                    if (a.dtype().isFloatingPoint()) {
                        a.toFloats();
                    } else {
                        a.toInts();
                    }
                    return null;
                } catch (InputException expected) {
                    return null;
                } catch (Throwable t) {
                    return t.toString();
                }
            });
        } catch (Throwable timeoutOrError) {
            return timeoutOrError.toString();
        }
    }

    private static byte[] mutate(byte[] in, Random rng) {
        byte[] b = in.clone();
        switch (rng.nextInt(10)) {
            case 0 -> { // flip a few bytes anywhere
                for (int k = 1 + rng.nextInt(8); k > 0; k--) {
                    b[rng.nextInt(b.length)] ^= (byte) (1 + rng.nextInt(255));
                }
            }
            case 1 -> b = Arrays.copyOf(b, rng.nextInt(b.length)); // truncate
            case 2 -> { // append garbage
                b = Arrays.copyOf(b, b.length + 1 + rng.nextInt(64));
                for (int i = in.length; i < b.length; i++) {
                    b[i] = (byte) rng.nextInt(256);
                }
            }
            case 3 -> { // a byte in the first 128, where headers live
                b[rng.nextInt(Math.min(128, b.length))] = (byte) rng.nextInt(256);
            }
            case 4 -> { // a header number replaced by a large one
                String text = new String(b, StandardCharsets.ISO_8859_1);
                int at = text.indexOf('(');
                if (at >= 0 && at < 200) {
                    String big = String.valueOf(rng.nextBoolean() ? Integer.MAX_VALUE : (long) rng.nextInt(1 << 20) * 4099);
                    text = text.substring(0, at + 1) + big + text.substring(at + 1);
                    b = text.getBytes(StandardCharsets.ISO_8859_1);
                }
            }
            case 5 -> { // a 4-byte field set to an extreme (zip sizes, PNG chunk lengths)
                int at = rng.nextInt(Math.max(1, b.length - 4));
                int v = rng.nextBoolean() ? -1 : Integer.MAX_VALUE;
                for (int k = 0; k < 4 && at + k < b.length; k++) {
                    b[at + k] = (byte) (v >>> (8 * k));
                }
            }
            case 6 -> { // a Python token in the header: nested tuples, booleans, strings, stray brackets
                String[] tokens = {"(", ")", "(2,)", "True", "'a'", "-1", ",", "{", "}", ":", "[", "]", "1e9", "None", "L"};
                String text = new String(b, StandardCharsets.ISO_8859_1);
                int at = 10 + rng.nextInt(Math.max(1, Math.min(118, text.length() - 10)));
                text = text.substring(0, Math.min(at, text.length())) + tokens[rng.nextInt(tokens.length)]
                        + text.substring(Math.min(at, text.length()));
                b = text.getBytes(StandardCharsets.ISO_8859_1);
            }
            case 8 -> { // brackets nested hundreds to thousands deep where the header's shape is
                String text = new String(b, StandardCharsets.ISO_8859_1);
                int at = text.indexOf('(');
                if (at >= 0 && at < 200) {
                    int depth = 30 + rng.nextInt(5000);
                    text = text.substring(0, at) + "(".repeat(depth) + ")".repeat(depth) + text.substring(at);
                    b = text.getBytes(StandardCharsets.ISO_8859_1);
                    if (b.length > 9 && b[6] == 1) { // keep a version 1.0 header's length field truthful where it can be
                        int length = Math.min(0xffff, b.length - 10);
                        b[8] = (byte) length;
                        b[9] = (byte) (length >>> 8);
                    }
                }
            }
            case 9 -> { // a zip member's sizes claiming gigabytes: a compression bomb's headers
                for (int at = 0; at + 30 < b.length; at++) {
                    boolean local = b[at] == 'P' && b[at + 1] == 'K' && b[at + 2] == 3 && b[at + 3] == 4;
                    boolean central = b[at] == 'P' && b[at + 1] == 'K' && b[at + 2] == 1 && b[at + 3] == 2;
                    if (local || central) {
                        int field = at + (local ? 22 : 24);
                        int claimed = rng.nextBoolean() ? -1 : 0x7fff_ffff;
                        for (int k = 0; k < 4 && field + k < b.length; k++) {
                            b[field + k] = (byte) (claimed >>> (8 * k));
                        }
                    }
                }
            }
            default -> { // insert bytes in the middle
                int at = rng.nextInt(b.length);
                byte[] extra = new byte[1 + rng.nextInt(16)];
                rng.nextBytes(extra);
                byte[] out = new byte[b.length + extra.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(extra, 0, out, at, extra.length);
                System.arraycopy(b, at, out, at + extra.length, b.length - at);
                b = out;
            }
        }
        return b;
    }
}
