package io.focalscope.io;

import static io.focalscope.TestFiles.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchLoaderTest {

    @TempDir
    Path tmp;

    @Test
    void acceptsBatchedAndSingleLayouts() {
        SegmentationBatch nchw = BatchLoader.load(fixture("pair_logits.npy").toString(), fixture("pair_labels.npy").toString());
        SegmentationBatch chw = BatchLoader.load(fixture("pair_logits_chw.npy").toString(), fixture("pair_labels_hw.npy").toString());
        SegmentationBatch png = BatchLoader.load(fixture("pair_logits.npy").toString(), fixture("labels_palette.png").toString());
        for (SegmentationBatch b : new SegmentationBatch[] {nchw, chw, png}) {
            assertEquals(1, b.samples());
            assertEquals(3, b.classes());
            assertEquals(2, b.height());
            assertEquals(4, b.width());
            assertArrayEquals(NpzAndPngTest.PAIR_LABELS, b.labels());
            assertArrayEquals(nchw.logits(), b.logits());
        }
    }

    @Test
    void readsBothArraysFromOneArchive() {
        String npz = fixture("pair_deflated.npz").toString();
        SegmentationBatch b = BatchLoader.load(npz, npz);
        assertEquals(fixture("pair_deflated.npz") + ":logits", b.logitsSource());
        assertEquals(fixture("pair_deflated.npz") + ":labels", b.labelsSource());
    }

    @Test
    void refusesShapeMismatch() {
        InputException e = assertThrows(InputException.class,
                () -> BatchLoader.load(fixture("pair_logits.npy").toString(), fixture("u1_le_c.npy").toString()));
        assertEquals(fixture("u1_le_c.npy") + ": labels of shape (2, 3, 4) do not fit the logits (1, 3, 2, 4) of "
                + fixture("pair_logits.npy") + ": N, H and W must match (logits [N,C,H,W], labels [N,H,W])", e.getMessage());
    }

    @Test
    void refusesWrongRankAndWrongDtype() {
        InputException rank = assertThrows(InputException.class,
                () -> BatchLoader.load(fixture("f4_1d.npy").toString(), fixture("pair_labels.npy").toString()));
        assertEquals(fixture("f4_1d.npy") + ": logits must be [N,C,H,W] or [C,H,W], found shape (6,)", rank.getMessage());
        InputException labels = assertThrows(InputException.class,
                () -> BatchLoader.load(fixture("pair_logits.npy").toString(), fixture("pair_labels_float.npy").toString()));
        assertEquals(fixture("pair_labels_float.npy") + ": labels must be integer class ids, found float32", labels.getMessage());
        InputException logits = assertThrows(InputException.class,
                () -> BatchLoader.load(fixture("i4_le_c.npy").toString(), fixture("pair_labels.npy").toString()));
        assertEquals(fixture("i4_le_c.npy") + ": logits must be float16, float32 or float64, found int32", logits.getMessage());
    }

    @Test
    void channelsLastLogitsAreReadAsSuchWhereOnlyThatLayoutFits() {
        SegmentationBatch nchw = BatchLoader.load(fixture("pair_logits.npy").toString(), fixture("pair_labels.npy").toString());
        Path hwc = channelsLast(fixture("pair_logits_chw.npy"), tmp.resolve("hwc.npy"), false);
        SegmentationBatch single = BatchLoader.load(hwc.toString(), fixture("pair_labels_hw.npy").toString());
        Path nhwc = channelsLast(fixture("pair_logits_chw.npy"), tmp.resolve("nhwc.npy"), true);
        SegmentationBatch batched = BatchLoader.load(nhwc.toString(), fixture("pair_labels.npy").toString());
        for (SegmentationBatch b : new SegmentationBatch[] {single, batched}) {
            assertEquals(List.of(1, 3, 2, 4), List.of(b.samples(), b.classes(), b.height(), b.width()));
            assertArrayEquals(nchw.logits(), b.logits(), "the channels-first file's values");
        }
        assertEquals(hwc.toString(), single.logitsSource());
    }

    @Test
    void channelsLastLayoutReadsWhatTheChannelsFirstFileHolds() {
        SegmentationBatch nchw = BatchLoader.load(fixture("pair_logits.npy").toString(), fixture("pair_labels.npy").toString());
        for (boolean batched : new boolean[] {false, true}) {
            Path file = channelsLast(fixture("pair_logits_chw.npy"), tmp.resolve("last" + batched + ".npy"), batched);
            SegmentationBatch read = BatchLoader.load(file.toString(), fixture("pair_labels.npy").toString(),
                    LogitsLayout.CHANNELS_LAST);
            assertEquals(3, read.classes());
            assertEquals(2, read.height());
            assertEquals(4, read.width());
            assertArrayEquals(nchw.logits(), read.logits());
            assertArrayEquals(nchw.labels(), read.labels());
        }
    }

    @Test
    void channelsLastLayoutRefusesOtherRanks() {
        InputException e = assertThrows(InputException.class, () -> BatchLoader.load(fixture("f4_1d.npy").toString(),
                fixture("pair_labels.npy").toString(), LogitsLayout.CHANNELS_LAST));
        assertEquals(fixture("f4_1d.npy") + ": channels-last logits must be (N, H, W, C) or (H, W, C), found shape (6,)",
                e.getMessage());
    }

    /** A (C, H, W) file written as (H, W, C), or (1, H, W, C) where {@code batched}, by index arithmetic of its own. */
    static Path channelsLast(Path chwFile, Path out, boolean batched) {
        NdArray chw = NpyReader.read(chwFile);
        int[] s = chw.shape();
        float[] in = chw.toFloats();
        float[] hwc = new float[in.length];
        for (int c = 0; c < s[0]; c++) {
            for (int y = 0; y < s[1]; y++) {
                for (int x = 0; x < s[2]; x++) {
                    hwc[(y * s[2] + x) * s[0] + c] = in[(c * s[1] + y) * s[2] + x];
                }
            }
        }
        NpyWriter.writeFloat32(out, batched ? new int[] {1, s[1], s[2], s[0]} : new int[] {s[1], s[2], s[0]}, hwc);
        return out;
    }
}
