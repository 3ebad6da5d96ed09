package io.focalscope.report;

import io.focalscope.loss.ClassWeights;
import java.util.Locale;

/** The weights file that {@code --weights FILE} reads: a comment saying where the weights came from, then one per line. */
public final class WeightsText {

    private WeightsText() {
    }

    /** @param origin where the weights came from, such as {@code enet(c=1.1) weights of 19 classes from 500 label files} */
    public static String format(ClassWeights weights, String origin) {
        StringBuilder s = new StringBuilder("# " + origin + "\n");
        for (double v : weights.values()) {
            s.append(String.format(Locale.ROOT, "%.17g%n", v));
        }
        return s.toString();
    }
}
