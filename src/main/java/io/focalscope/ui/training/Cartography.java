package io.focalscope.ui.training;

import io.focalscope.dynamics.DynamicsFigures;
import java.util.List;
import java.util.Locale;

/**
 * The data map of a run's images as dataset cartography draws it (Swayamdipta et al., 2020): each
 * image at its variability (x) and confidence (y), coloured by its correctness in a few bands, so
 * that the hard-to-learn corner (low confidence, low variability), where wrong labels gather, stands
 * out from the ambiguous images (high variability).
 */
public final class Cartography {

    /** Correctness bands of equal width from 0 to 1, the last closed: few enough to tell apart by colour. */
    public static final int BANDS = 5;

    /** One image on the map. */
    public record Point(String name, double variability, double confidence, double correctness) {

        /** Its correctness band, 0 (never right) to {@code BANDS - 1} (right at most epochs). */
        public int band() {
            return Math.min(BANDS - 1, Math.max(0, (int) Math.floor(correctness * BANDS)));
        }
    }

    private Cartography() {
    }

    /** The run's images in its order (lowest confidence first). */
    public static List<Point> of(DynamicsFigures f) {
        return f.perImage().stream().map(r -> new Point(r.name(), r.figures().variability(), r.figures().confidence(),
                r.figures().correctness())).toList();
    }

    /** A band's name in the legend: {@code correctness 0.4–0.6}. */
    public static String bandName(int band) {
        return String.format(Locale.ROOT, "correctness %s–%s", bound(band), bound(band + 1));
    }

    private static String bound(int band) {
        double v = (double) band / BANDS;
        return v == 0 || v == 1 ? String.valueOf((int) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
