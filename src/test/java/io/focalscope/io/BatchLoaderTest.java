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

    /** Two samples channels-last: each sample's pixels move within their own sample. */
    @Test
    void channelsLastSamplesStayApart() {
        int classes = 3;
        int hw = 2 * 4;
        float[] nhwc = new float[2 * hw * classes];
        for (int i = 0; i < nhwc.length; i++) {
            nhwc[i] = i;
        }
        NdArray first = LogitsLayout.CHANNELS_LAST.toChannelsFirst(new NdArray("z.npy", new int[] {2, 2, 4, classes}, nhwc));
        assertArrayEquals(new int[] {2, classes, 2, 4}, first.shape());
        float[] nchw = first.toFloats();
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < classes; c++) {
                for (int p = 0; p < hw; p++) {
                    assertEquals(nhwc[(n * hw + p) * classes + c], nchw[(n * classes + c) * hw + p], "sample " + n + ", class " + c);
                }
            }
        }
    }

    @Test
    void channelsLastLayoutRefusesOtherRanks() {
        InputException e = assertThrows(InputException.class, () -> BatchLoader.load(fixture("f4_1d.npy").toString(),
                fixture("pair_labels.npy").toString(), LogitsLayout.CHANNELS_LAST));
        assertEquals(fixture("f4_1d.npy") + ": channels-last logits must be (N, H, W, C) or (H, W, C), found shape (6,)",
                e.getMessage());
    }

    /** A class axis of length 0 is refused for holding nothing, not divided by. */
    @Test
    void logitsWithNoClassesAreRefused() {
        Path logits = tmp.resolve("none_logits.npy");
        NpyWriter.writeFloat32(logits, new int[] {1, 0, 4, 4}, new float[0]);
        InputException e = assertThrows(InputException.class, () -> BatchLoader.load(logits.toString(),
                fixture("pair_labels.npy").toString(), FloatArrays.FRESH, note -> { }, WorkingMemory.NONE));
        assertEquals(logits + ": logits of shape (1, 0, 4, 4) hold no values", e.getMessage());
    }

    /** float64 logits too large for float32's precision are read with a note, from a file and from its bytes alike. */
    @Test
    void largeFloat64LogitsAreReadWithANote() throws java.io.IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(3 * 8 * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 24; i++) {
            b.putDouble(i == 5 ? 1e4 : i);
        }
        Path logits = tmp.resolve("wide_logits.npy");
        NpyWriter.write(logits, new NdArray(logits.toString(), DType.FLOAT64, new int[] {1, 3, 2, 4}, b.flip()));
        String labels = fixture("pair_labels.npy").toString();
        List<String> notes = new java.util.ArrayList<>();
        SegmentationBatch read = BatchLoader.load(logits.toString(), labels, LogitsLayout.CHANNELS_FIRST, notes::add);
        BatchLoader.load(logits.toString(), java.nio.file.Files.readAllBytes(logits), labels,
                java.nio.file.Files.readAllBytes(java.nio.file.Path.of(labels)), FloatArrays.FRESH, notes::add);
        assertEquals(1e4f, read.logits()[5]);
        String note = logits + ": float64 logits as large as 1.00e+04 are computed in float32, which holds numbers of that size only in"
                + " steps of 0.000977: the loss may differ from float64's (subtract each pixel's largest logit before saving, which"
                + " leaves the softmax as it is)";
        assertEquals(List.of(note, note), notes);
    }

    /**
     * What a reader adds to the logits' own bytes in its budget, by the shape the header announces:
     * the labels' ints, a channels-last file's moved copy, and the working arrays. (A header that
     * claims more than its file holds is refused as truncated before this budget is asked.)
     */
    @Test
    void theBudgetAfterTheLogitsCountsLabelsCopyAndWorkingArrays() {
        WorkingMemory maps = new WorkingMemory(64, 0);
        // a million pixels of 19 classes: 4 MB of label ints, 64 MB of maps, and 76 MB moved channels-last
        assertEquals(68_000_000L, BatchLoader.afterLogits(LogitsLayout.CHANNELS_FIRST, maps).bytes(new int[] {1, 19, 1000, 1000}));
        assertEquals(144_000_000L, BatchLoader.afterLogits(LogitsLayout.CHANNELS_LAST, maps).bytes(new int[] {1, 1000, 1000, 19}));
        assertEquals(144_000_000L, BatchLoader.afterLogits(LogitsLayout.CHANNELS_LAST, maps).bytes(new int[] {1000, 1000, 19}));
        // channels-first with fewer columns than classes: the labels may yet say the classes are last
        assertEquals(6_800L, BatchLoader.afterLogits(LogitsLayout.CHANNELS_FIRST, maps).bytes(new int[] {1, 19, 5, 20}));
        assertEquals(0L, BatchLoader.afterLogits(LogitsLayout.CHANNELS_FIRST, maps).bytes(new int[] {1, 0, 4, 4}), "no classes");
        assertEquals(0L, BatchLoader.afterLogits(LogitsLayout.CHANNELS_FIRST, maps).bytes(new int[] {6}), "refused for its rank");
        assertEquals(Long.MAX_VALUE, BatchLoader.afterLogits(LogitsLayout.CHANNELS_FIRST, new WorkingMemory(Long.MAX_VALUE / 4, 0))
                .bytes(new int[] {1, 2, 4, 4}), "beyond any heap, without overflow");
        // the same working arrays once the logits are read, whatever the labels' shape: 12 bytes a pixel and 12 a logit
        assertEquals(36_000_000L, BatchLoader.afterLabels(new int[] {1, 2, 1000, 1000}, new WorkingMemory(12, 12)).bytes(new int[] {7}));
        assertEquals(72_000_000L, BatchLoader.afterLabels(new int[] {2, 2, 500, 2000}, new WorkingMemory(12, 12)).bytes(new int[] {7}));
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
