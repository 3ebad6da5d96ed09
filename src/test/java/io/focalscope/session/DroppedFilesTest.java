package io.focalscope.session;

import static io.focalscope.TestFiles.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.focalscope.io.InputException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Files dropped on the window together are told apart by what they hold, not by their order. */
class DroppedFilesTest {

    @Test
    void sortsLogitsLabelsPictureAndClasses() {
        Path classes = Path.of("assets/classes/cityscapes.json");
        DroppedFiles f = DroppedFiles.sort(List.of(classes, fixture("rgb.png"), fixture("labels_palette.png"), fixture("pair_logits.npy")));
        assertEquals(fixture("pair_logits.npy").toString(), f.logits());
        assertEquals(fixture("labels_palette.png").toString(), f.labels());
        assertEquals(fixture("rgb.png"), f.image());
        assertEquals(classes, f.classes());
    }

    @Test
    void oneArchiveHoldsBoth() {
        DroppedFiles f = DroppedFiles.sort(List.of(fixture("pair_deflated.npz")));
        assertEquals(f.logits(), f.labels());
    }

    @Test
    void logitsAndLabelsPickedOneAfterTheOtherMakeAPair() {
        DroppedFiles first = DroppedFiles.classify(List.of(fixture("pair_logits.npy")));
        assertEquals(false, first.isComplete());
        assertEquals(null, first.labels());
        DroppedFiles both = first.with(DroppedFiles.classify(List.of(fixture("pair_labels.npy"))));
        assertEquals(true, both.isComplete());
        assertEquals(fixture("pair_logits.npy").toString(), both.logits());
        assertEquals(fixture("pair_labels.npy").toString(), both.labels());
    }

    @Test
    void saysWhatIsMissing() {
        InputException e = assertThrows(InputException.class, () -> DroppedFiles.sort(List.of(fixture("pair_logits.npy"))));
        assertEquals("Open logits and labels together (two .npy files, or one .npz holding both); got no labels among 1 file(s)",
                e.getMessage());
        InputException other = assertThrows(InputException.class, () -> DroppedFiles.sort(List.of(Path.of("notes.txt"))));
        assertEquals("notes.txt: not a file focalscope opens (.npy, .npz, PNG, JPEG, JSON or CSV)", other.getMessage());
    }
}
