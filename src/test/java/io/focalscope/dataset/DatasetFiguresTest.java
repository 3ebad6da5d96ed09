package io.focalscope.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dataset's figures where the golden dataset has no case: ties, absent classes, perfect images. */
class DatasetFiguresTest {

    private static final LossSettings PLAIN = new LossSettings(2.0, new WeightScheme.None(), 255, Reduction.MEAN);

    private static ImageScan image(int index, String name, long[] counts, double[] focal) {
        return MadeUpScans.image(index, name, counts, focal, null);
    }

    private static DatasetFigures figures(ImageScan... images) {
        return DatasetFigures.of(MadeUpScans.totals(images), PLAIN, "test");
    }

    @Test
    void theWorstClassIsAPresentOneAndOnATieTheLowerId() {
        DatasetFigures f = figures(
                image(0, "tie", new long[] {0, 4, 4}, new double[] {0, 1.5, 1.5}),
                image(1, "perfect", new long[] {0, 0, 8}, new double[] {0, 0, 0}));
        DatasetFigures.ImageRow tie = f.perImage().get(0);
        assertEquals(List.of("tie", 1, 0.5), List.of(tie.name(), tie.worstClass(), tie.worstClassShare()));
        DatasetFigures.ImageRow perfect = f.perImage().get(1);
        // no loss anywhere: the first class it has, with no share
        assertEquals(List.of("perfect", 2, 0.0), List.of(perfect.name(), perfect.worstClass(), perfect.worstClassShare()));
    }

    @Test
    void imagesOfEqualLossAreRankedByName() {
        DatasetFigures f = figures(
                image(0, "zulu", new long[] {8}, new double[] {4}),
                image(1, "alpha", new long[] {8}, new double[] {4}));
        assertEquals(List.of("alpha", "zulu"), f.perImage().stream().map(DatasetFigures.ImageRow::name).toList());
        assertEquals(List.of(1, 2), f.perImage().stream().map(DatasetFigures.ImageRow::rank).toList());
    }

    @Test
    void anAbsentClassHasNoLossAndNoShareAndEveryPixelIsCounted() {
        DatasetFigures f = figures(image(0, "a", new long[] {8, 0}, new double[] {2, 0}), image(1, "b", new long[] {4, 0}, new double[] {1, 0}));
        DatasetFigures.ClassRow absent = f.perClass().get(1);
        assertEquals(List.of(0L, 0.0, 0.0, 0.0, 0.0),
                List.of(absent.pixels(), absent.meanLoss(), absent.share(), absent.meanCrossEntropy(), absent.crossEntropyShare()));
        DatasetFigures.ClassRow present = f.perClass().get(0);
        assertEquals(List.of(12L, 0.25, 1.0, 0.25, 1.0),
                List.of(present.pixels(), present.meanLoss(), present.share(), present.meanCrossEntropy(), present.crossEntropyShare()));
        assertEquals(List.of(12L, 4L, 20L), List.of(f.pixels(), f.ignored(), f.allPixels()));
        assertEquals(0.25, f.loss());
    }

    @Test
    void aDatasetWithoutLossGivesEveryClassNoShare() {
        DatasetFigures f = figures(image(0, "perfect", new long[] {4, 4}, new double[] {0, 0}));
        assertEquals(List.of(0.0, 0.0, 0.0, 0.0), List.of(f.perClass().get(0).share(), f.perClass().get(0).crossEntropyShare(),
                f.perClass().get(1).share(), f.perClass().get(1).crossEntropyShare()));
    }
}
