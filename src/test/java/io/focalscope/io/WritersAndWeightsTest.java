package io.focalscope.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npy and .npz writers read back by our reader, a weights file in each form, and an archive's one array. */
class WritersAndWeightsTest {

    @TempDir
    Path tmp;

    /** Value by value, past one 64 KB chunk, as the benchmark writes its synthetic logits. */
    @Test
    void floatsWrittenOneByOneReadBackInOrder() {
        Path file = tmp.resolve("synthetic.npy");
        int[] next = {0};
        NpyWriter.writeFloat32(file, new int[] {2, 3, 4000}, () -> next[0]++ * 0.5 - 100);
        float[] read = NpyReader.read(file).toFloats();
        assertEquals(24000, read.length);
        for (int i = 0; i < read.length; i++) {
            assertEquals(i * 0.5f - 100, read[i], "value " + i);
        }
        assertArrayEquals(new int[] {2, 3, 4000}, NpyReader.read(file).shape());
    }

    /** A header past 255 bytes (80 axes): its length's high byte is written too. */
    @Test
    void aLongHeaderIsWrittenWithItsWholeLength() {
        int[] shape = new int[80];
        java.util.Arrays.fill(shape, 1);
        shape[0] = 3;
        Path file = tmp.resolve("many-axes.npy");
        double[] next = {1};
        NpyWriter.writeFloat32(file, shape, () -> next[0]++);
        NdArray read = NpyReader.read(file);
        assertArrayEquals(shape, read.shape());
        assertArrayEquals(new float[] {1, 2, 3}, read.toFloats());
        Path labels = tmp.resolve("many-axes-labels.npy");
        NpyWriter.write(labels, NdArray.ofBytes("y", shape, new int[] {4, 5, 6}));
        assertArrayEquals(new int[] {4, 5, 6}, NpyReader.read(labels).toInts(), "an array's writer too");
    }

    /** A folder named like an archive is no archive. */
    @Test
    void aFolderNamedLikeAnArchiveIsRefused() throws IOException {
        Path folder = Files.createDirectory(tmp.resolve("run.npz"));
        assertEquals(folder + ": not a regular file",
                assertThrows(InputException.class, () -> NpzReader.read(folder, "logits")).getMessage());
    }

    @Test
    void anArraysBytesAreTheFileWritten() throws IOException {
        NdArray labels = NdArray.ofBytes("y", new int[] {2, 3}, new int[] {0, 1, 2, 3, 4, 255});
        Path file = tmp.resolve("y.npy");
        NpyWriter.write(file, labels);
        assertArrayEquals(Files.readAllBytes(file), NpyWriter.bytes(labels));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 255}, NpyReader.read("y.npy", NpyWriter.bytes(labels), FloatArrays.FRESH).toInts());
        assertEquals("shape (2, 3) does not hold 5 values", assertThrows(IllegalArgumentException.class,
                () -> NpyWriter.writeFloat32(file, new int[] {2, 3}, new float[5])).getMessage());
    }

    @Test
    void anArchivesArraysReadBackByName() {
        Path npz = tmp.resolve("pair.npz");
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("logits", new NdArray("logits", new int[] {1, 2, 1, 2}, new float[] {0.5f, -1, 2, 3}));
        arrays.put("labels", NdArray.ofBytes("labels", new int[] {1, 1, 2}, new int[] {1, 0}));
        NpzWriter.writeCompressed(npz, arrays);
        assertEquals(java.util.List.of("logits", "labels"), NpzReader.names(npz));
        assertArrayEquals(new float[] {0.5f, -1, 2, 3}, NpzReader.read(npz, "logits").toFloats());
        assertArrayEquals(new int[] {1, 0}, NpzReader.read(npz, "labels").toInts());
    }

    /** An archive of one array gives it whatever its name, unless the name says it is the other role. */
    @Test
    void anArchivesOnlyArrayIsTakenUnlessItsNameSaysOtherwise() {
        Path any = tmp.resolve("any.npz");
        NpzWriter.writeCompressed(any, Map.of("arr_0", NdArray.ofBytes("arr_0", new int[] {2}, new int[] {3, 4})));
        assertArrayEquals(new int[] {3, 4}, ArrayFiles.read(any.toString(), "labels").toInts());
        Path logitsOnly = tmp.resolve("logits-only.npz");
        NpzWriter.writeCompressed(logitsOnly, Map.of("logits", new NdArray("logits", new int[] {2}, new float[] {1, 2})));
        assertEquals(logitsOnly + ": has no array named 'labels': it holds only 'logits'",
                assertThrows(InputException.class, () -> ArrayFiles.read(logitsOnly.toString(), "labels")).getMessage());
    }

    @Test
    void weightsAreReadAsTextOrAsAnArray() throws IOException {
        Path text = Files.writeString(tmp.resolve("w.txt"), "# ENet weights\n1.5, 2;3\n\n4e-1 # the last\r\n");
        assertArrayEquals(new double[] {1.5, 2, 3, 0.4}, WeightsFile.read(text));
        Path npy = tmp.resolve("w.npy");
        NpyWriter.writeFloat32(npy, new int[] {3}, new float[] {0.25f, 1, 8});
        assertArrayEquals(new double[] {0.25, 1, 8}, WeightsFile.read(npy));
        Path matrix = tmp.resolve("m.npy");
        NpyWriter.writeFloat32(matrix, new int[] {1, 2}, new float[] {1, 2});
        assertEquals(matrix + ": weights must be a 1-D array, found shape (1, 2)",
                assertThrows(InputException.class, () -> WeightsFile.read(matrix)).getMessage());
        assertEquals("w: line 2: 'two' is not a number",
                assertThrows(InputException.class, () -> WeightsFile.parseText("w", "1\n two")).getMessage());
        assertEquals("w: holds no weights", assertThrows(InputException.class, () -> WeightsFile.parseText("w", "# none\n")).getMessage());
        // six bytes of a .npy file's magic are read as one (too short), five as text
        Path magic = Files.write(tmp.resolve("magic"), new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'});
        assertEquals(magic + ": truncated: 6 bytes, too short for a .npy header",
                assertThrows(InputException.class, () -> WeightsFile.read(magic)).getMessage());
        Path stub = Files.write(tmp.resolve("stub"), new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P'});
        assertEquals(stub + ": line 1: '\ufffdNUMP' is not a number",
                assertThrows(InputException.class, () -> WeightsFile.read(stub)).getMessage());
    }
}
