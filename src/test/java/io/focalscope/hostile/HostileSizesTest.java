package io.focalscope.hostile;

import static io.focalscope.TestFiles.heapFigureHidden;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.io.ArrayFiles;
import io.focalscope.io.BatchLoader;
import io.focalscope.io.DType;
import io.focalscope.io.FloatArrays;
import io.focalscope.io.InputException;
import io.focalscope.io.NdArray;
import io.focalscope.io.NpyWriter;
import io.focalscope.io.NpzReader;
import io.focalscope.io.NpzWriter;
import io.focalscope.io.WorkingMemory;
import java.lang.management.ManagementFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sizes a file states are checked before anything that size is allocated, with one budget for a
 * file on disk and the same file's bytes as a cluster job reads them: what reading the array takes
 * and what is computed from it.
 */
class HostileSizesTest {

    @TempDir
    Path tmp;

    @Test
    void aPngClaimingThirtyThousandSquaredPixelsIsRefusedBeforeItIsDecoded() throws IOException {
        Path png = Files.write(tmp.resolve("labels.png"), Pngs.grey8Header(30000, 30000));
        InputException e = assertThrows(InputException.class, () -> ArrayFiles.read(png.toString(), "labels"));
        assertEquals(png + ": the 30000 x 30000 image has 900000000 pixels, more than the 536870907 pixels one label map can hold",
                e.getMessage());
    }

    /**
     * A PNG one label map can hold is still checked against the heap before it is decoded: the
     * decoder's image, our int32 bytes and the ints (10 bytes a pixel), and what comes after.
     */
    @Test
    void aPngThatFitsOneMapIsCheckedAgainstTheHeapWithWhatComesAfter() throws IOException {
        Path png = Files.write(tmp.resolve("big-labels.png"), Pngs.grey8Header(20000, 20000));
        InputException e = assertThrows(InputException.class,
                () -> ArrayFiles.read(png.toString(), "labels", FloatArrays.FRESH, shape -> 1L << 40));
        assertEquals(png + ": the 20000 x 20000 image needs 4000 MB of memory to load and 1099512 MB more to compute with,"
                + " 1103512 MB in all, more than the N MB this app may still use (raise the limit with FOCALSCOPE_HEAP,"
                + " e.g. FOCALSCOPE_HEAP=16g)", heapFigureHidden(e.getMessage()));
    }

    @Test
    void anArchiveMemberThatInflatesPastAnyArrayIsRefusedTheSameWayFromAFileAndFromBytes() throws IOException {
        byte[] npy = npyBytes();
        long claimed = 3_000_000_000L;
        byte[] zip = Zips.of(List.of(new Zips.Member("logits.npy", npy, claimed)));
        Path f = Files.write(tmp.resolve("bomb.npz"), zip);
        InputException local = assertThrows(InputException.class, () -> ArrayFiles.read(f.toString(), "logits"));
        InputException cluster = assertThrows(InputException.class,
                () -> ArrayFiles.read(f.toString(), zip, null, "logits", FloatArrays.FRESH));
        String expected = f + ":logits: the member logits.npy inflates to 3000000000 bytes, more than the 2147549179 bytes an array"
                + " can take up here";
        assertEquals(expected, local.getMessage());
        assertEquals(expected, cluster.getMessage());
        assertEquals(expected, assertThrows(InputException.class, () -> NpzReader.names(f)).getMessage(), "listing its arrays");
    }

    /** A member of exactly the size an array can take is read, and then fails on what its header leaves over. */
    @Test
    void aMemberAtTheSizeLimitIsReadNotRefusedAsABomb() throws IOException {
        long limit = 2_147_549_179L; // the bytes an array can take up, as the bomb's refusal names them
        byte[] zip = Zips.of(List.of(new Zips.Member("logits.npy", npyBytes(), limit)));
        Path f = Files.write(tmp.resolve("at-limit.npz"), zip);
        assertEquals(f + ":logits: " + (limit - npyBytes().length) + " unexpected bytes after the data of the array (1, 2, 2, 2) float32"
                + " (corrupt header or file)", assertThrows(InputException.class, () -> ArrayFiles.read(f.toString(), "logits")).getMessage());
    }

    /** The bomb beside the array read is refused too: a cluster's reader inflates every member before the one it wants. */
    @Test
    void aBombBesideTheArrayReadIsRefusedFromAFileAndFromBytes() throws IOException {
        byte[] npy = npyBytes();
        byte[] zip = Zips.of(List.of(new Zips.Member("logits.npy", npy, -1), new Zips.Member("labels.npy", npy, 3_000_000_000L)));
        Path f = Files.write(tmp.resolve("bomb-beside.npz"), zip);
        String expected = f + ":labels: the member labels.npy inflates to 3000000000 bytes, more than the 2147549179 bytes an array"
                + " can take up here";
        assertEquals(expected, assertThrows(InputException.class, () -> ArrayFiles.read(f.toString(), "logits")).getMessage());
        assertEquals(expected, assertThrows(InputException.class,
                () -> ArrayFiles.read(f.toString(), zip, null, "logits", FloatArrays.FRESH)).getMessage());
        // the reader itself checks every member, not only the listing before it
        assertEquals(expected, assertThrows(InputException.class, () -> NpzReader.read(f, "logits")).getMessage());
    }

    /** A PNG with a header and no image data: the decoder's own words, not its exception's class. */
    @Test
    void aPngWithoutItsDataSaysWhatTheDecoderFound() throws IOException {
        Path png = Files.write(tmp.resolve("cut.png"), Pngs.grey8Header(4, 3));
        String message = assertThrows(InputException.class, () -> ArrayFiles.read(png.toString(), "labels")).getMessage();
        assertTrue(message.matches(java.util.regex.Pattern.quote(png.toString()) + ": not a readable PNG \\((?!IIOException\\)).+\\)"),
                message);
    }

    /** An empty member is an array too short for its header, not one whose size is unknown. */
    @Test
    void anEmptyMemberIsTooShortForAHeader() throws IOException {
        byte[] zip = Zips.of(List.of(new Zips.Member("logits.npy", new byte[0], -1)));
        Path f = Files.write(tmp.resolve("empty-member.npz"), zip);
        assertEquals(f + ":logits: truncated: 0 bytes, too short for a .npy header",
                assertThrows(InputException.class, () -> ArrayFiles.read(f.toString(), "logits")).getMessage());
    }

    /**
     * An honest array in a small archive (zeros compress a thousand to one) whose batch would fit
     * only without the working arrays computed from it: refused from its header, before its values
     * are allocated, with one message for a file and for its bytes (a Spark job's).
     */
    @Test
    void aBatchThatFitsOnlyWithoutItsWorkingArraysIsRefusedBeforeItsLogitsAreRead() throws IOException {
        Path npz = tmp.resolve("honest.npz");
        zerosArchive(npz, new int[] {1, 19, 512, 512});
        // a gibibyte a pixel: more than any heap, whatever this JVM was given
        WorkingMemory huge = new WorkingMemory(1L << 30, 0);
        long before = allocatedHere();
        InputException local = assertThrows(InputException.class,
                () -> BatchLoader.load(npz.toString(), npz.toString(), FloatArrays.FRESH, note -> { }, huge));
        assertTrue(allocatedHere() - before < 4 << 20, "the 20 MB of logits were not allocated");
        byte[] bytes = Files.readAllBytes(npz);
        InputException cluster = assertThrows(InputException.class,
                () -> BatchLoader.load(npz.toString(), bytes, npz.toString(), bytes, FloatArrays.FRESH, note -> { }, huge));
        // 262144 pixels: their labels as ints, 1 MB, and a gibibyte each
        String expected = npz + ":logits: the array (1, 19, 512, 512) float32 needs 20 MB of memory to load and 281474978 MB"
                + " more to compute with, 281474998 MB in all, more than the N MB this app may still use (raise the limit with"
                + " FOCALSCOPE_HEAP, e.g. FOCALSCOPE_HEAP=16g)";
        assertEquals(expected, heapFigureHidden(local.getMessage()));
        assertEquals(expected, heapFigureHidden(cluster.getMessage()));
    }

    /**
     * A member is read as it inflates, from a file and from bytes alike: a cluster's reader inflated
     * it whole into bytes before converting them, twice the array's size.
     */
    @Test
    void anArchiveMemberIsReadFromBytesWithoutACopyOfItsInflatedBytes() throws IOException {
        Path npz = tmp.resolve("large.npz");
        int[] shape = {1, 16, 1024, 1024};
        zerosArchive(npz, shape);
        byte[] bytes = Files.readAllBytes(npz);
        long floats = 16L * 1024 * 1024 * Float.BYTES;
        long before = allocatedHere();
        NdArray logits = ArrayFiles.read(npz.toString(), bytes, null, "logits", FloatArrays.FRESH);
        long allocated = allocatedHere() - before;
        assertArrayEquals(shape, logits.shape());
        assertTrue(allocated >= floats && allocated < floats + (8 << 20), "read 64 MB of floats with "
                + allocated / 1_000_000 + " MB allocated");
    }

    /**
     * The command on an honest batch, in a JVM given 256 MB: one that fits only without the loss's
     * maps ends in one line and exit 1 before its logits are read, instead of running out of memory
     * once they are; one that fits with them is computed within that heap.
     */
    @Test
    void computeRefusesABatchThatDoesNotFitWithItsMapsAndComputesOneThatDoes() throws Exception {
        Path tooLarge = tmp.resolve("too-large.npz");
        zerosArchive(tooLarge, new int[] {1, 2, 2500, 2000});
        Child refused = compute(tooLarge);
        assertEquals(1, refused.exit(), refused.output());
        assertEquals(List.of("focalscope: " + tooLarge + ":logits: the array (1, 2, 2500, 2000) float32 needs 40 MB of memory to load"
                + " and 340 MB more to compute with, 380 MB in all, more than the N MB this app may still use (raise the limit"
                + " with FOCALSCOPE_HEAP, e.g. FOCALSCOPE_HEAP=16g)"),
                refused.output().lines().map(io.focalscope.TestFiles::heapFigureHidden).toList());
        Path fits = tmp.resolve("fits.npz");
        zerosArchive(fits, new int[] {1, 2, 1500, 1000});
        Child computed = compute(fits);
        assertEquals(0, computed.exit(), computed.output());
        assertTrue(computed.output().contains("pixels   1500000 labelled, 0 ignored, 2 classes"), computed.output());
    }

    /**
     * dynamics and label-issues count what they keep per pixel beside the logits (the history, the
     * softmax figures), as compute does its maps: in a JVM given 256 MB, an honest image that fits
     * only without them is refused in one line before its logits are read.
     */
    @Test
    void dynamicsAndLabelIssuesRefuseAnImageThatDoesNotFitWithWhatTheyKeep() throws Exception {
        Path epoch = Files.createDirectories(tmp.resolve("run/epoch_1"));
        Path image = epoch.resolve("a.npz");
        zerosArchive(image, new int[] {1, 2, 4000, 3000});
        for (String command : List.of("dynamics", "label-issues")) {
            Child refused = child(command, command.equals("dynamics") ? tmp.resolve("run").toString() : epoch.toString());
            assertEquals(1, refused.exit(), refused.output());
            String first = refused.output().lines().findFirst().orElse("");
            assertTrue(first.startsWith("focalscope: skipped " + image + ":logits: the array (1, 2, 4000, 3000) float32 needs 96 MB of"
                    + " memory to load and ") && first.contains(" more to compute with") && first.endsWith("FOCALSCOPE_HEAP=16g)"),
                    command + ": " + refused.output());
        }
    }

    private record Child(int exit, String output) {
    }

    private Child compute(Path npz) throws Exception {
        return child("compute", "--engine", "cpu", "--logits", npz.toString(), "--labels", npz.toString());
    }

    /** A command in a JVM given 256 MB, its output (stdout and stderr) but the incubator's warning. */
    private Child child(String... command) throws Exception {
        Path output = tmp.resolve("child.txt");
        List<String> line = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "io.focalscope.cli.FocalscopeCli"));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
        }
        String text = Files.readString(output).lines().filter(l -> !l.startsWith("WARNING: Using incubator modules"))
                .collect(java.util.stream.Collectors.joining("\n"));
        return new Child(p.exitValue(), text);
    }

    /** Logits of zeros and labels of zeros, compressed as np.savez_compressed writes them. */
    private static void zerosArchive(Path npz, int[] shape) {
        int[] labelShape = {shape[0], shape[2], shape[3]};
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("logits", new NdArray("logits", shape, new float[(int) NdArray.elementCount(shape)]));
        arrays.put("labels", new NdArray("labels", DType.UINT8, labelShape,
                ByteBuffer.allocate((int) NdArray.elementCount(labelShape))));
        NpzWriter.writeCompressed(npz, arrays);
    }

    /** Bytes this thread has allocated so far. */
    private static long allocatedHere() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    @Test
    void anArchiveWithTwoMembersOfOneNameIsRefusedOnBothPathsInsteadOfReadingDifferentArrays() throws IOException {
        byte[] npy = npyBytes();
        byte[] zip = Zips.of(List.of(new Zips.Member("logits.npy", npy, -1), new Zips.Member("logits.npy", npy, -1)));
        Path f = Files.write(tmp.resolve("twice.npz"), zip);
        InputException local = assertThrows(InputException.class, () -> ArrayFiles.read(f.toString() + ":logits", "logits"));
        InputException cluster = assertThrows(InputException.class,
                () -> ArrayFiles.read(f.toString(), zip, "logits", "logits", FloatArrays.FRESH));
        String expected = f + ": the archive holds 2 members for the array logits (logits.npy, logits.npy); which one is the array"
                + " is ambiguous";
        assertEquals(expected, local.getMessage());
        assertEquals(expected, cluster.getMessage());
    }

    @Test
    void anArchiveHoldingNameDotNpyAndNameIsRefusedOnBothPathsToo() throws IOException {
        byte[] npy = npyBytes();
        byte[] zip = Zips.of(List.of(new Zips.Member("logits.npy", npy, -1), new Zips.Member("logits", npy, -1)));
        Path f = Files.write(tmp.resolve("both.npz"), zip);
        String expected = f + ": the archive holds 2 members for the array logits (logits.npy, logits); which one is the array"
                + " is ambiguous";
        assertEquals(expected, assertThrows(InputException.class, () -> ArrayFiles.read(f + ":logits", "logits")).getMessage());
        assertEquals(expected, assertThrows(InputException.class,
                () -> ArrayFiles.read(f.toString(), zip, "logits", "logits", FloatArrays.FRESH)).getMessage());
    }

    private byte[] npyBytes() throws IOException {
        Path npy = tmp.resolve("small.npy");
        NpyWriter.writeFloat32(npy, new int[] {1, 2, 2, 2}, new float[8]);
        return Files.readAllBytes(npy);
    }

    /** PNG files as bytes, made here so that their header can say what the test needs. */
    static final class Pngs {

        static byte[] grey8Header(int width, int height) {
            ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0).put((byte) 0)
                    .put((byte) 0).put((byte) 0);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            chunk(out, "IHDR", ihdr.array());
            chunk(out, "IDAT", deflate(new byte[width + 1]));
            chunk(out, "IEND", new byte[0]);
            return out.toByteArray();
        }

        private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
            byte[] t = type.getBytes(StandardCharsets.US_ASCII);
            out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
            out.writeBytes(t);
            out.writeBytes(data);
            CRC32 crc = new CRC32();
            crc.update(t);
            crc.update(data);
            out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        }
    }

    static byte[] deflate(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(out, new Deflater(9, true))) {
            d.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /**
     * Zip archives written byte by byte, because java.util.zip refuses to write the defects under
     * test: a repeated name, a size that is not the member's.
     */
    static final class Zips {

        /** @param statedSize the uncompressed size the headers claim, or -1 for the true one */
        record Member(String name, byte[] data, long statedSize) {
        }

        static byte[] of(List<Member> members) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream central = new ByteArrayOutputStream();
            for (Member m : members) {
                byte[] name = m.name().getBytes(StandardCharsets.UTF_8);
                byte[] packed = deflate(m.data());
                CRC32 crc = new CRC32();
                crc.update(m.data());
                long size = m.statedSize() >= 0 ? m.statedSize() : m.data().length;
                int offset = out.size();
                ByteBuffer local = le(30 + name.length).putInt(0x04034b50).putShort((short) 20).putShort((short) 0)
                        .putShort((short) 8).putInt(0).putInt((int) crc.getValue()).putInt(packed.length).putInt((int) size)
                        .putShort((short) name.length).putShort((short) 0).put(name);
                out.writeBytes(local.array());
                out.writeBytes(packed);
                ByteBuffer entry = le(46 + name.length).putInt(0x02014b50).putShort((short) 20).putShort((short) 20)
                        .putShort((short) 0).putShort((short) 8).putInt(0).putInt((int) crc.getValue()).putInt(packed.length)
                        .putInt((int) size).putShort((short) name.length).putShort((short) 0).putShort((short) 0)
                        .putShort((short) 0).putShort((short) 0).putInt(0).putInt(offset).put(name);
                central.writeBytes(entry.array());
            }
            int centralOffset = out.size();
            out.writeBytes(central.toByteArray());
            out.writeBytes(le(22).putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) members.size())
                    .putShort((short) members.size()).putInt(central.size()).putInt(centralOffset).putShort((short) 0).array());
            return out.toByteArray();
        }

        private static ByteBuffer le(int size) {
            return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        }
    }
}
