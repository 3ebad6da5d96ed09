package io.focalscope.io;

import static io.focalscope.TestFiles.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Archives, PNG masks and the way {@link ArrayFiles} picks a reader and an array. */
class NpzAndPngTest {

    static final int[] PAIR_LABELS = {0, 1, 2, 255, 2, 1, 0, 1};

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"pair_stored.npz", "pair_deflated.npz"})
    void readsStoredAndDeflatedArchivesByDefaultName(String file) {
        NdArray logits = ArrayFiles.read(fixture(file).toString(), "logits");
        NdArray labels = ArrayFiles.read(fixture(file).toString(), "labels");
        assertArrayEquals(NpyReader.read(fixture("pair_logits.npy")).toFloats(), logits.toFloats());
        assertArrayEquals(PAIR_LABELS, labels.toInts());
        assertEquals(fixture(file) + ":logits", logits.source());
    }

    @Test
    void picksANamedArray() {
        NdArray target = ArrayFiles.read(fixture("pair_othernames.npz") + ":target", "labels");
        assertArrayEquals(PAIR_LABELS, target.toInts());
    }

    @Test
    void takesTheOnlyArrayOfAnArchive() {
        NdArray a = ArrayFiles.read(fixture("single.npz").toString(), "logits");
        assertArrayEquals(new int[] {1, 3, 2, 4}, a.shape());
    }

    @Test
    void namesTheArraysWhenNoneFits() {
        InputException e = assertThrows(InputException.class,
                () -> ArrayFiles.read(fixture("pair_othernames.npz").toString(), "logits"));
        assertEquals(fixture("pair_othernames.npz") + ": has no array named 'logits' and several others (scores, target);"
                + " pick one as " + fixture("pair_othernames.npz") + ":NAME", e.getMessage());
        InputException named = assertThrows(InputException.class,
                () -> ArrayFiles.read(fixture("pair_othernames.npz") + ":nope", "logits"));
        assertEquals(fixture("pair_othernames.npz") + ": has no array named 'nope' (it holds: scores, target)", named.getMessage());
    }

    @Test
    void refusesATruncatedArchive() throws IOException {
        byte[] bytes = Files.readAllBytes(fixture("pair_deflated.npz"));
        Path f = Files.write(tmp.resolve("cut.npz"), Arrays.copyOf(bytes, bytes.length / 2));
        InputException e = assertThrows(InputException.class, () -> ArrayFiles.read(f.toString(), "logits"));
        assertEquals(f + ": corrupt or truncated .npz archive (zip END header not found)", e.getMessage());
    }

    @Test
    void refusesACorruptDeflatedMember() throws IOException {
        byte[] bytes = Files.readAllBytes(fixture("pair_deflated.npz"));
        for (int i = 60; i < 90; i++) {
            bytes[i] ^= 0x5a; // inside the first member's compressed data
        }
        Path f = Files.write(tmp.resolve("garbled.npz"), bytes);
        InputException e = assertThrows(InputException.class, () -> ArrayFiles.read(f.toString(), "logits"));
        assertEquals(true, e.getMessage().startsWith(f + ":logits: "), e.getMessage());
    }

    @Test
    void readsGrayscaleAndPalettePngMasks() {
        for (String png : new String[] {"labels_gray8.png", "labels_gray16.png", "labels_palette.png"}) {
            NdArray a = ArrayFiles.read(fixture(png).toString(), "labels");
            assertArrayEquals(new int[] {2, 4}, a.shape(), png);
            int[] expected = png.contains("16") ? Arrays.stream(PAIR_LABELS).map(v -> v * 257).toArray() : PAIR_LABELS;
            assertArrayEquals(expected, a.toInts(), png);
        }
    }

    @Test
    void refusesAnRgbPng() {
        InputException e = assertThrows(InputException.class, () -> ArrayFiles.read(fixture("rgb.png").toString(), "labels"));
        assertEquals(fixture("rgb.png") + ": is a colour (RGB) PNG; a label mask must be grayscale (8 or 16 bit)"
                + " or palette, the value being the class id", e.getMessage());
    }

    @Test
    void refusesATruncatedPng() throws IOException {
        byte[] bytes = Files.readAllBytes(fixture("labels_gray8.png"));
        Path f = Files.write(tmp.resolve("cut.png"), Arrays.copyOf(bytes, 40));
        InputException e = assertThrows(InputException.class, () -> ArrayFiles.read(f.toString(), "labels"));
        assertEquals(true, e.getMessage().startsWith(f + ": not a readable PNG ("), e.getMessage());
    }

    @Test
    void refusesOtherFilesByTheirFirstBytes() throws IOException {
        Path f = Files.writeString(tmp.resolve("notes.npy"), "<!DOCTYPE html>");
        InputException e = assertThrows(InputException.class, () -> ArrayFiles.read(f.toString(), "logits"));
        assertEquals(f + ": not a .npy, .npz or PNG file (it starts with bytes 3c 21 44 4f 43 54 59 50)", e.getMessage());
        Path empty = Files.write(tmp.resolve("empty.npy"), new byte[0]);
        InputException e2 = assertThrows(InputException.class, () -> ArrayFiles.read(empty.toString(), "logits"));
        assertEquals(empty + ": not a .npy, .npz or PNG file (it is empty)", e2.getMessage());
    }

    @Test
    void refusesAMissingFile() {
        InputException e = assertThrows(InputException.class, () -> ArrayFiles.read("no/such/file.npy", "logits"));
        assertEquals("no/such/file.npy: no such file", e.getMessage());
    }

    @Test
    void writerOutputReadsBackAsFloat32() {
        Path f = tmp.resolve("map.npy");
        float[] values = {0f, 1.5f, -2f, Float.MIN_VALUE, 3.4e38f, 7f};
        NpyWriter.writeFloat32(f, new int[] {1, 2, 3}, values);
        NdArray back = NpyReader.read(f);
        assertEquals(DType.FLOAT32, back.dtype());
        assertArrayEquals(new int[] {1, 2, 3}, back.shape());
        assertArrayEquals(values, back.toFloats());
    }
}
