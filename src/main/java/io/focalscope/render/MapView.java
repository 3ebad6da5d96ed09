package io.focalscope.render;

import java.util.stream.IntStream;

/**
 * One sample of a map, ready to draw at any zoom: its values and range are taken once, then each
 * {@link #draw} colours only the screen pixels of the viewport (screen pixel (sx, sy) shows data
 * pixel (originX + sx / zoom, originY + sy / zoom), nearest neighbour, so zoomed pixels stay
 * sharp), rows split over the cores. Cost follows the view's size, not the map's.
 */
public final class MapView {

    private final MapData data;
    private final ViewState view;
    /** The layer's values; for maps the result holds, that array itself, read from valuesOffset. */
    private final float[] values;
    private final int valuesOffset;
    private final Range range;
    private final int[] table;
    private final boolean[] hidden;
    private final int offset;
    private final int ignore;
    private final int[] labels;
    private final int[] predicted;

    public MapView(MapData data, ViewState view) {
        this.data = data;
        this.view = view;
        this.table = view.colormap().table();
        this.offset = view.sample() * data.pixelsPerSample();
        this.labels = data.labels();
        this.predicted = data.result().maps().predicted();
        this.ignore = data.result().ignoreIndex() == null ? Integer.MIN_VALUE : data.result().ignoreIndex();
        this.hidden = new boolean[Math.max(data.classes().size(), data.result().classes()) + 256];
        for (int c : view.hiddenClasses()) {
            if (c >= 0 && c < hidden.length) {
                hidden[c] = true;
            }
        }
        float[] direct = switch (view.layer()) {
            case FOCAL -> view.form().map(data.result().maps());
            case CROSS_ENTROPY -> data.result().maps().crossEntropy();
            case PT -> data.result().maps().pt();
            case AS_WRITTEN -> data.result().maps().asWritten();
            default -> null;
        };
        if (direct != null) {
            values = direct;
            valuesOffset = offset;
        } else {
            values = view.layer().isCategorical() ? null : MapRenderer.values(data, view);
            valuesOffset = 0;
        }
        this.range = values == null ? new Range(0, 1) : autoOrFixedRange();
    }

    /** The view's own range, or min to max of the shown labelled pixels (positive ones on a log scale). */
    private Range autoOrFixedRange() {
        if (!view.autoRange()) {
            return new Range(view.lo(), view.hi()).fittedTo(view.scale());
        }
        boolean log = view.scale() == Scale.LOG;
        if (!log && view.layer() == MapLayer.FOCAL && view.form() == io.focalscope.loss.LossForm.ONEHOT
                && view.hiddenClasses().isEmpty()) {
            float[] known = data.result().maps().focalRange(view.sample());
            return known[0] > known[1] ? new Range(0, 1) : new Range(known[0], known[1]).fittedTo(view.scale());
        }
        int n = data.pixelsPerSample();
        double[] bounds = IntStream.range(0, 2).parallel().mapToObj(half -> {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = half * n / 2, end = (half + 1) * n / 2; i < end; i++) {
                int p = offset + i;
                int label = labels[p];
                if (label == ignore || predicted[p] < 0 || (label >= 0 && label < hidden.length && hidden[label])) {
                    continue;
                }
                float v = values[valuesOffset + i];
                if (!(v - v == 0) || (log && v <= 0)) { // NaN and ±infinity have no place on a scale
                    continue;
                }
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            return new double[] {lo, hi};
        }).reduce((a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])}).orElseThrow();
        return bounds[0] > bounds[1] ? new Range(0, 1).fittedTo(view.scale()) : new Range(bounds[0], bounds[1]).fittedTo(view.scale());
    }

    public Range range() {
        return range;
    }

    public MapData data() {
        return data;
    }

    public ViewState view() {
        return view;
    }

    /** The viewport as {@code outW x outH} ARGB pixels; {@code background} outside the map. */
    public int[] draw(double zoom, double originX, double originY, int outW, int outH, int background) {
        int[] out = new int[outW * outH];
        int w = data.width();
        int h = data.height();
        int[] column = new int[outW];
        for (int sx = 0; sx < outW; sx++) {
            double x = Math.floor(originX + sx / zoom);
            column[sx] = x < 0 || x >= w ? -1 : (int) x;
        }
        double logLo = Math.log(range.lo());
        double scale = view.scale() == Scale.LOG ? 1 / (Math.log(range.hi()) - logLo) : 1 / (range.hi() - range.lo());
        boolean plain = values != null && view.scale() == Scale.LINEAR && data.image() == null && view.hiddenClasses().isEmpty();
        IntStream.range(0, outH).parallel().forEach(sy -> {
            int row = sy * outW;
            double yy = Math.floor(originY + sy / zoom);
            if (yy < 0 || yy >= h) {
                java.util.Arrays.fill(out, row, row + outW, background);
                return;
            }
            int base = (int) yy * w;
            if (plain) {
                drawPlainRow(out, row, column, base, (int) yy, (float) range.lo(), (float) scale, background);
                return;
            }
            for (int sx = 0; sx < outW; sx++) {
                int x = column[sx];
                out[row + sx] = x < 0 ? background : color(base + x, x, (int) yy, logLo, scale);
            }
        });
        return out;
    }

    /**
     * One row of a value layer on a linear scale with no picture under it and no class hidden: the
     * common case while γ moves, kept free of the branches {@link #color} needs for the others.
     */
    private void drawPlainRow(int[] out, int row, int[] column, int base, int y, float lo, float scale, int background) {
        int under = view.colormap().underColor();
        int over = view.colormap().overColor();
        for (int sx = 0; sx < column.length; sx++) {
            int x = column[sx];
            if (x < 0) {
                out[row + sx] = background;
                continue;
            }
            int i = base + x;
            int p = offset + i;
            if (predicted[p] < 0) {
                out[row + sx] = MapRenderer.NON_FINITE;
            } else if (labels[p] == ignore) {
                out[row + sx] = checker(x, y);
            } else {
                float v = values[valuesOffset + i];
                float t = (v - lo) * scale;
                out[row + sx] = !(v - v == 0) ? MapRenderer.NON_FINITE : t < 0 ? under : t > 1 ? over : table[(int) (t * 255 + 0.5f)];
            }
        }
    }

    /** The colour of data pixel i (x, y) of the sample. */
    private int color(int i, int x, int y, double logLo, double scale) {
        int p = offset + i;
        int label = labels[p];
        int[] image = data.image();
        int picture = image == null ? 0 : 0xff000000 | image[i];
        if (label >= 0 && label < hidden.length && hidden[label]) {
            return picture;
        }
        int color;
        int predictedClass = predicted[p];
        MapLayer layer = view.layer();
        if (predictedClass < 0) {
            color = MapRenderer.NON_FINITE;
        } else if (layer == MapLayer.LABEL) {
            color = label == ignore ? checker(x, y) : 0xff000000 | data.classes().color(label);
        } else if (layer == MapLayer.PREDICTED) {
            color = 0xff000000 | data.classes().color(predictedClass);
        } else if (label == ignore) {
            color = checker(x, y);
        } else if (layer == MapLayer.ERROR) {
            color = predictedClass != label ? MapRenderer.ERROR : MapRenderer.CORRECT;
        } else if (!(values[valuesOffset + i] - values[valuesOffset + i] == 0)) {
            color = MapRenderer.NON_FINITE; // the post's loss where it breaks
        } else {
            double v = values[valuesOffset + i];
            double t = view.scale() == Scale.LOG ? (v > 0 ? (Math.log(v) - logLo) * scale : -1) : (v - range.lo()) * scale;
            color = t < 0 ? view.colormap().underColor() : t > 1 ? view.colormap().overColor() : table[(int) (t * 255 + 0.5)];
        }
        return image == null ? color : MapRenderer.blend(color, picture, view.opacity());
    }

    private static int checker(int x, int y) {
        return ((x >> 2) + (y >> 2)) % 2 == 0 ? MapRenderer.IGNORED_LIGHT : MapRenderer.IGNORED_DARK;
    }
}
