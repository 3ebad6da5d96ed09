package io.focalscope.io;

import static io.focalscope.TestFiles.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BatchLoaderTest {

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
}
