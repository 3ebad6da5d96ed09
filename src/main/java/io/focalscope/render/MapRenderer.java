package io.focalscope.render;

import io.focalscope.loss.LossResult;
import io.focalscope.loss.PixelMaps;

/**
 * Draws one sample of a map into ARGB pixels: a value layer through a colormap and range, or a
 * class layer in class colours, over the scene's picture. Ignored pixels are a grey checker,
 * pixels with non-finite logits magenta, hidden classes show the picture (or nothing).
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
        PixelMaps m = d.result().maps();
        int n = d.pixelsPerSample();
        int offset = v.sample() * n;
        float[] out = new float[n];
        float[] focal = v.form().map(m);
        for (int i = 0; i < n; i++) {
            int p = offset + i;
            if (d.isIgnored(p) || d.isNonFinite(p)) {
                out[i] = Float.NaN;
                continue;
            }
            out[i] = switch (v.layer()) {
                case FOCAL -> focal[p];
                case CROSS_ENTROPY -> m.crossEntropy()[p];
                case MODULATION -> m.modulation()[p];
                case PT -> m.pt()[p];
                case FOCAL_OVER_CE -> m.crossEntropy()[p] > 0 ? focal[p] / m.crossEntropy()[p] : m.modulation()[p];
                case FORM_DIFFERENCE -> m.focalNll()[p] - m.focal()[p];
                case PREDICTED -> m.predicted()[p];
                case LABEL -> d.labels()[p];
                case ERROR -> m.predicted()[p] != d.labels()[p] ? 1 : 0;
            };
        }
        return out;
    }

    /** The range the view draws with: its own, or min to max of the shown pixels (positive ones on a log scale). */
    public static Range range(MapData d, ViewState v, float[] values) {
        if (!v.autoRange()) {
            return new Range(v.lo(), v.hi()).fittedTo(v.scale());
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int offset = v.sample() * d.pixelsPerSample();
        for (int i = 0; i < values.length; i++) {
            float x = values[i];
            if (Float.isNaN(x) || v.hiddenClasses().contains(d.labels()[offset + i]) || (v.scale() == Scale.LOG && x <= 0)) {
                continue;
            }
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return lo > hi ? new Range(0, 1).fittedTo(v.scale()) : new Range(lo, hi).fittedTo(v.scale());
    }

    /** One sample at data resolution, {@code [H, W]} ARGB. */
    public static int[] colorize(MapData d, ViewState v, Range range) {
        int w = d.width();
        int n = d.pixelsPerSample();
        int offset = v.sample() * n;
        float[] values = v.layer().isCategorical() ? null : values(d, v);
        int[] out = new int[n];
        int[] lut = v.colormap().table();
        double logLo = Math.log(range.lo());
        double logSpan = Math.log(range.hi()) - logLo;
        double span = range.hi() - range.lo();
        LossResult r = d.result();
        for (int i = 0; i < n; i++) {
            int p = offset + i;
            int label = d.labels()[p];
            int picture = d.image() == null ? 0 : 0xff000000 | d.image()[i];
            if (v.hiddenClasses().contains(label)) {
                out[i] = picture;
                continue;
            }
            int color;
            if (d.isNonFinite(p)) {
                color = NON_FINITE;
            } else if (v.layer() == MapLayer.LABEL) {
                color = d.isIgnored(p) ? checker(i, w) : 0xff000000 | d.classes().color(label);
            } else if (v.layer() == MapLayer.PREDICTED) {
                color = 0xff000000 | d.classes().color(r.maps().predicted()[p]);
            } else if (d.isIgnored(p)) {
                color = checker(i, w);
            } else if (v.layer() == MapLayer.ERROR) {
                color = r.maps().predicted()[p] != label ? ERROR : CORRECT;
            } else {
                double x = values[i];
                double t = v.scale() == Scale.LOG ? (x > 0 ? (Math.log(x) - logLo) / logSpan : -1) : (x - range.lo()) / span;
                color = t < 0 ? v.colormap().underColor() : t > 1 ? v.colormap().overColor() : lut[(int) Math.round(t * 255)];
            }
            out[i] = d.image() == null ? color : blend(color, picture, v.opacity());
        }
        return out;
    }

    /**
     * The part of a colorized map a viewport shows: screen pixel (sx, sy) shows data pixel
     * (originX + sx / zoom, originY + sy / zoom), nearest neighbour so zoomed pixels stay sharp.
     */
    public static int[] viewport(int[] colored, int dataW, int dataH, double zoom, double originX, double originY,
                                 int outW, int outH, int background) {
        int[] out = new int[outW * outH];
        int[] column = new int[outW];
        for (int sx = 0; sx < outW; sx++) {
            column[sx] = (int) Math.floor(originX + sx / zoom);
        }
        for (int sy = 0; sy < outH; sy++) {
            int y = (int) Math.floor(originY + sy / zoom);
            int row = sy * outW;
            if (y < 0 || y >= dataH) {
                java.util.Arrays.fill(out, row, row + outW, background);
                continue;
            }
            int base = y * dataW;
            for (int sx = 0; sx < outW; sx++) {
                int x = column[sx];
                out[row + sx] = x < 0 || x >= dataW ? background : colored[base + x];
            }
        }
        return out;
    }

    private static int checker(int i, int w) {
        return (((i % w) >> 2) + ((i / w) >> 2)) % 2 == 0 ? IGNORED_LIGHT : IGNORED_DARK;
    }

    static int blend(int top, int bottom, double alpha) {
        int r = (int) (((top >> 16) & 0xff) * alpha + ((bottom >> 16) & 0xff) * (1 - alpha));
        int g = (int) (((top >> 8) & 0xff) * alpha + ((bottom >> 8) & 0xff) * (1 - alpha));
        int b = (int) ((top & 0xff) * alpha + (bottom & 0xff) * (1 - alpha));
        return 0xff000000 | (r << 16) | (g << 8) | b;
    }
}
