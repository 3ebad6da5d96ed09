package io.focalscope.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.focalscope.io.ArrayFiles;
import io.focalscope.io.FloatArrays;
import io.focalscope.io.InputException;
import io.focalscope.io.MemoryBudget;
import io.focalscope.io.NpyWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sizes a file states are checked before anything that size is allocated, with one budget for a
 * file on disk and the same file's bytes as a cluster job reads them.
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

    @Test
    void anArchiveMemberThatInflatesToGigabytesIsRefusedTheSameWayFromAFileAndFromBytes() throws IOException {
        byte[] npy = npyBytes();
        long claimed = 3_000_000_000L;
        byte[] zip = Zips.of(List.of(new Zips.Member("logits.npy", npy, claimed)));
        Path f = Files.write(tmp.resolve("bomb.npz"), zip);
        InputException local = assertThrows(InputException.class, () -> ArrayFiles.read(f.toString(), "logits"));
        InputException cluster = assertThrows(InputException.class,
                () -> ArrayFiles.read(f.toString(), zip, null, "logits", FloatArrays.FRESH));
        long cap = Math.min(MemoryBudget.MAX_ELEMENTS, MemoryBudget.availableHeapBytes() / 3);
        String expected = f + ":logits: the member logits.npy inflates to 3000000000 bytes; reading it takes three times that,"
                + " more than the " + MemoryBudget.megabytes(3 * cap) + " this app may still use (raise the limit with FOCALSCOPE_HEAP,"
                + " e.g. FOCALSCOPE_HEAP=16g)";
        // the budget is what the heap has free at the time: compare all but the figure it gives
        String figure = "\\d+ MB this app";
        assertEquals(expected.replaceAll(figure, "N MB this app"), local.getMessage().replaceAll(figure, "N MB this app"));
        assertEquals(local.getMessage().replaceAll(figure, "N MB this app"), cluster.getMessage().replaceAll(figure, "N MB this app"));
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
