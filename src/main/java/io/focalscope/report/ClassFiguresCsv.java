package io.focalscope.report;

import io.focalscope.classes.ClassSet;
import io.focalscope.loss.ClassFigures;
import io.focalscope.loss.LossResult;
import java.util.Locale;

/** Per-class figures as CSV, one class a line. */
public final class ClassFiguresCsv {

    private ClassFiguresCsv() {
    }

    public static String format(LossResult r, ClassSet classes) {
        StringBuilder s = new StringBuilder("class,name,pixels,weight,meanLoss,share,meanCrossEntropy,crossEntropyShare\n");
        for (ClassFigures c : r.perClass()) {
            String name = classes == null ? String.valueOf(c.classId()) : classes.name(c.classId());
            s.append(String.format(Locale.ROOT, "%d,\"%s\",%d,%.17g,%.17g,%.17g,%.17g,%.17g\n", c.classId(),
                    name.replace("\"", "\"\""), c.pixels(), r.classWeights()[c.classId()], c.meanLoss(), c.share(),
                    c.meanCrossEntropy(), c.crossEntropyShare()));
        }
        return s.toString();
    }
}
