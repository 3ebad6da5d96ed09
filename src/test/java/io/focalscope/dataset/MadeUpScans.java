package io.focalscope.dataset;

import io.focalscope.calibration.CalibrationSums;
import io.focalscope.loss.ImageLossSums;
import io.focalscope.loss.LogPtHistogram;
import io.focalscope.loss.LossTerm;
import java.util.List;

/** Scans of images made up in a test: their sums as given, with no files behind them. */
final class MadeUpScans {

    private MadeUpScans() {
    }

    /**
     * An image of 1 x 2 x 5 pixels (2 ignored) with these labelled pixels and summed focal loss per
     * class (its cross-entropy the same sums), and its calibration sums where given.
     */
    static ImageScan image(int index, String name, long[] counts, double[] focal, CalibrationSums calibration, String... warnings) {
        int classes = counts.length;
        ImageLossSums sums = ImageLossSums.softmax(2.0, 10, 2, 0, counts, focal, new double[classes], focal.clone(),
                new LogPtHistogram(classes));
        ImageFiles files = new ImageFiles(name, name + "_logits.npy", name + "_labels.npy");
        return new ImageScan(new ImageSummary(index, files, 1, 2, 5, sums, null), sums.histogram(), calibration, List.of(warnings));
    }

    /** The scans' totals, of focal loss at γ = 2. */
    static ScanTotals totals(ImageScan... scans) {
        ScanTotals t = new ScanTotals(new LossTerm.Focal(2.0));
        for (ImageScan s : scans) {
            t.add(s);
        }
        return t;
    }
}
