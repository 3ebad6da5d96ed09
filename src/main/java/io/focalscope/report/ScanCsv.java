package io.focalscope.report;

import io.focalscope.dataset.DatasetFigures;
import java.util.Locale;

/** A scan's images as a table, ranked by mean focal loss: the JSON's {@code perImage}. */
public final class ScanCsv {

    private ScanCsv() {
    }

    public static String format(DatasetFigures f) {
        boolean ece = f.calibration() != null;
        StringBuilder out = new StringBuilder("rank,name,logits,labels,pixels,ignored,meanFocal,crossEntropy,worstClass,worstClassShare"
                + (ece ? ",ece\n" : "\n"));
        for (DatasetFigures.ImageRow r : f.perImage()) {
            out.append(r.rank()).append(',').append(quote(r.name())).append(',').append(quote(r.files().logits())).append(',')
                    .append(quote(r.files().labels())).append(',').append(r.pixels()).append(',').append(r.ignored()).append(',')
                    .append(number(r.meanFocal())).append(',').append(number(r.crossEntropy())).append(',')
                    .append(r.worstClass()).append(',').append(number(r.worstClassShare()));
            if (ece) {
                out.append(',').append(number(r.ece()));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.9g", v);
    }

    static String quote(String s) {
        // RFC 4180: a field holding a comma, a quote or a line break (CR as well as LF) is quoted
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
