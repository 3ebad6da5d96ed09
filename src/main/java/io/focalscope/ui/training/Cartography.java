package io.focalscope.ui.training;

import io.focalscope.dynamics.DataMaps;
import io.focalscope.dynamics.DynamicsFigures;
import io.focalscope.dynamics.HardThresholds;
import java.util.List;
import java.util.Locale;

/**
 * The data map of a run's images as dataset cartography draws it (Swayamdipta et al., 2020): each
 * image at its variability (x) and confidence (y), coloured by its correctness in a few bands, so
 * that the hard-to-learn corner (low confidence, low variability), where wrong labels gather, stands
 * out from the ambiguous images (high variability); and a sample of the open image's pixels on the same
 * axes, where a wrong label's few pixels show as a cluster that the image's mean hides.
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

    /** A pixel of the open image on the map, and whether it is hard and stable. */
    public record PixelPoint(double variability, double confidence, boolean hard) {
    }

    /**
     * Some of an image's labelled pixels: every k-th of the hard-and-stable ones, enough to fill half
     * of {@code limit} where there are that many, and every k'-th of the others for the rest, in pixel
     * order. A wrong label is a few pixels of an image whose mean hides them; drawn among the image's
     * pixels they are a cluster in the hard-to-learn corner.
     *
     * @param hardEvery  one hard pixel drawn of every this many
     * @param otherEvery one other pixel drawn of every this many
     * @param hard       the image's hard-and-stable pixels, all of them, at {@code thresholds}
     * @param labelled   its labelled pixels
     */
    public record PixelSample(List<PixelPoint> points, int hardEvery, int otherEvery, long hard, long labelled,
                              HardThresholds thresholds) {
    }

    private Cartography() {
    }

    /** At most {@code limit} of the maps' labelled pixels (see {@link PixelSample}). */
    public static PixelSample pixels(DataMaps maps, int limit) {
        long hard = 0;
        long labelled = 0;
        float[] c = maps.confidence();
        for (int p = 0; p < c.length; p++) {
            if (!Float.isNaN(c[p])) {
                labelled++;
                hard += maps.hard(p) ? 1 : 0;
            }
        }
        long hardShown = Math.min(hard, limit / 2);
        int hardEvery = hard == 0 ? 1 : (int) ((hard + hardShown - 1) / hardShown);
        long others = labelled - hard;
        long othersRoom = limit - (hard + hardEvery - 1) / hardEvery;
        int otherEvery = others == 0 ? 1 : (int) Math.max(1, (others + othersRoom - 1) / othersRoom);
        List<PixelPoint> out = new java.util.ArrayList<>();
        long hardSeen = 0;
        long otherSeen = 0;
        for (int p = 0; p < c.length; p++) {
            if (Float.isNaN(c[p])) {
                continue;
            }
            boolean h = maps.hard(p);
            if (h ? hardSeen++ % hardEvery == 0 : otherSeen++ % otherEvery == 0) {
                out.add(new PixelPoint(maps.variability()[p], c[p], h));
            }
        }
        return new PixelSample(List.copyOf(out), hardEvery, otherEvery, hard, labelled, maps.thresholds());
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
