package io.focalscope.labels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import io.focalscope.session.DatasetLoader;
import org.junit.jupiter.api.Test;

/** The window's search, over the open file in memory: the same figures as the command's over its files. */
class BatchIssuesTest {

    @Test
    void theDemosFirstRegionIsTheMislabelledPatch() {
        var demo = DatasetLoader.demo();
        LabelIssueSearch.BatchIssues found = LabelIssueSearch.inBatch(demo.batch(), "demo",
                new LabelIssueSearch.Options(new LossSettings(2, new WeightScheme.Enet(1.1), 255, Reduction.MEAN, false), 0.1, 1));
        Region first = found.report().perImage().get(0).regions().get(0);
        assertEquals(0, first.given());
        assertEquals(13, first.predicted());
        assertArrayEquals(new int[] {188, 396, 195, 413}, first.box());
        long flagged = 0;
        for (boolean f : found.flagged()) {
            flagged += f ? 1 : 0;
        }
        assertEquals(found.report().flaggedPixels(), flagged);
        assertEquals(3410, flagged, "as the command finds on the demo's files (docs/label-issues.md)");
    }
}
