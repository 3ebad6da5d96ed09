package io.focalscope.report;

import io.focalscope.dataset.ScanFailure;
import io.focalscope.dynamics.DynamicsFigures;
import io.focalscope.dynamics.DynamicsRun;
import io.focalscope.dynamics.EpochRun;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code dynamics} and its Spark job say on stderr about a run, in the same words: the images
 * not followed (missing from some epochs), the files skipped (among them the images of another class
 * count than most), and the first warnings.
 */
public final class DynamicsNotices {

    /** Warnings printed at most; the JSON's {@code warnings} has them all. */
    static final int WARNINGS_SHOWN = 3;

    private DynamicsNotices() {
    }

    /** The lines after a run that followed some images, each starting {@code focalscope: }. */
    public static List<String> of(DynamicsFigures f) {
        List<String> lines = new ArrayList<>(notFollowed(f.incomplete(), f.failed()));
        f.warnings().stream().limit(WARNINGS_SHOWN).forEach(w -> lines.add("focalscope: warning: " + w));
        if (f.warnings().size() > WARNINGS_SHOWN) {
            lines.add("focalscope: warning: and " + (f.warnings().size() - WARNINGS_SHOWN) + " more (all of them under the JSON's warnings)");
        }
        return lines;
    }

    /** The lines after a run that followed no image: why not, image by image, and that none was. */
    public static List<String> nothingFollowed(EpochRun run, DynamicsRun.Totals totals) {
        List<String> lines = new ArrayList<>(notFollowed(run.incomplete(), totals.failed()));
        lines.add("focalscope: no image of " + run.source() + " could be followed through its epochs");
        return lines;
    }

    public static void print(PrintWriter err, List<String> lines) {
        lines.forEach(err::println);
        err.flush();
    }

    private static List<String> notFollowed(List<EpochRun.Incomplete> incomplete, List<ScanFailure> failed) {
        List<String> lines = new ArrayList<>();
        incomplete.forEach(i -> lines.add("focalscope: not followed: " + i.describe()));
        failed.forEach(f -> lines.add("focalscope: skipped " + f.error()));
        return lines;
    }
}
