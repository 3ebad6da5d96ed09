package io.focalscope.render;

import io.focalscope.loss.PixelMaps;

/**
 * The values and range of a map layer, and the colours of what no colormap shows: ignored pixels
 * are a grey checker, pixels with non-finite logits or a non-finite value (the post's loss where
 * it breaks) magenta. {@link MapView} draws with them.
 */
public final class MapRenderer {

    public static final int IGNORED_LIGHT = 0xff8c8c8c;
    public static final int IGNORED_DARK = 0xff6a6a6a;
    public static final int NON_FINITE = 0xffff00ff;
    public static final int ERROR = 0xffe8302a;
    public static final int CORRECT = 0xff2a2a2e;

    private MapRenderer() {
    }

    /** A value layer of one sample, {@code [H, W]}; NaN where it has no value (ignored pixels). */
    public static float[] values(MapData d, ViewState v) {
        int n = d.pixelsPerSample();
        int offset = v.sample() * n;
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = value(d, v, offset + i);
        }
        return out;
    }

    /** The shown layer's value at one pixel of the batch (flat index); NaN where it has none. */
    public static float value(MapData d, ViewState v, int p) {
        if (d.isIgnored(p) || d.isNonFinite(p)) {
            return Float.NaN;
        }
        PixelMaps m = d.result().maps();
        // one pixel's values: the readout asks on the JavaFX thread, and a preview's map is not made for it
        return switch (v.layer()) {
            case FOCAL -> v.form().at(m, p);
            case CROSS_ENTROPY -> m.crossEntropy()[p];
            case MODULATION -> m.modulation(p);
            case PT -> m.pt()[p];
            case FOCAL_OVER_CE -> m.crossEntropy()[p] > 0 ? v.form().at(m, p) / m.crossEntropy()[p] : m.modulation(p);
            case FORM_DIFFERENCE -> m.lossAt(p, true) - m.lossAt(p, false);
            case AS_WRITTEN -> m.asWritten() == null ? Float.NaN : m.asWritten()[p];
            case GAMMA_CHANGE -> d.second() == null ? Float.NaN : m.changeTo(d.second().maps(), p);
            case GRADIENT -> m.gradient() == null ? Float.NaN : m.gradient()[p];
            case GRADIENT_RATIO -> m.gradient() == null ? Float.NaN : m.gradientRatio(p);
            case GAMMA_USED -> m.gammaUsed(p);
            case PREDICTED -> m.predicted()[p];
            case LABEL -> d.labels()[p];
            case ERROR -> m.predicted()[p] != d.labels()[p] ? 1 : 0;
            case LABEL_ISSUES -> d.issues() == null ? Float.NaN : d.isFlagged(p) ? 1 : 0;
            case CONFIDENCE -> d.confidence() == null ? Float.NaN : d.confidence()[p];
            case CONFIDENT_WRONG -> d.confidence() == null ? Float.NaN : d.isConfidentlyWrong(p, v.confidentThreshold()) ? 1 : 0;
            case DATA_CONFIDENCE -> d.dataMaps() == null ? Float.NaN : d.dataMaps().confidence()[p];
            case DATA_VARIABILITY -> d.dataMaps() == null ? Float.NaN : d.dataMaps().variability()[p];
            case DATA_CORRECTNESS -> d.dataMaps() == null ? Float.NaN : d.dataMaps().correctness()[p];
            case HARD_STABLE -> d.dataMaps() == null ? Float.NaN : d.isHardStable(p) ? 1 : 0;
        };
    }

    /** A label's colour a quarter strength over mid grey: what the label-issues layer draws under its flags. */
    static int faded(int color) {
        return blend(color, 0xff7f7f7f, 0.25);
    }

    static int blend(int top, int bottom, double alpha) {
        int r = (int) (((top >> 16) & 0xff) * alpha + ((bottom >> 16) & 0xff) * (1 - alpha));
        int g = (int) (((top >> 8) & 0xff) * alpha + ((bottom >> 8) & 0xff) * (1 - alpha));
        int b = (int) ((top & 0xff) * alpha + (bottom & 0xff) * (1 - alpha));
        return 0xff000000 | (r << 16) | (g << 8) | b;
    }
}
