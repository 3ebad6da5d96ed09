package io.focalscope.render;

import io.focalscope.loss.GammaRamp;
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
    private final Range dataRange;
    private final boolean fitted;
    private final int[] table;
    private final boolean[] hidden;
    private final int offset;
    private final int ignore;
    private final int[] labels;
    private final int[] predicted;
    /** A preview's loss as log2 k + γ log2(1 - p_t), drawn without a map; null when drawn from values. */
    private final GammaRamp ramp;

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
        GammaRamp previewed = view.layer() == MapLayer.FOCAL ? data.result().maps().ramp() : null;
        // a preview draws from its ramp under a range already found; the first frame of a view finds it from the whole map
        if (previewed != null && (!view.autoRange() || view.held() != null)) {
            ramp = previewed;
            values = null;
            valuesOffset = 0;
            range = (view.autoRange() ? view.held() : new Range(view.lo(), view.hi())).fittedTo(view.scale());
            dataRange = rampExtent();
            fitted = false; // the range it draws under was found before, not here
            return;
        }
        ramp = null;
        float[] direct = switch (view.layer()) {
            case FOCAL -> view.form().map(data.result().maps());
            case CROSS_ENTROPY -> data.result().maps().crossEntropy();
            case PT -> data.result().maps().pt();
            case AS_WRITTEN -> data.result().maps().asWritten();
            case CONFIDENCE -> data.confidence();
            case DATA_CONFIDENCE -> data.dataMaps() == null ? null : data.dataMaps().confidence();
            case DATA_VARIABILITY -> data.dataMaps() == null ? null : data.dataMaps().variability();
            case DATA_CORRECTNESS -> data.dataMaps() == null ? null : data.dataMaps().correctness();
            default -> null;
        };
        if (direct != null) {
            values = direct;
            valuesOffset = offset;
        } else {
            // a data map not at hand draws the labels faded, as the hard-and-stable layer's background
            values = view.layer().isCategorical() || view.layer().needsDataMaps() ? null : MapRenderer.values(data, view);
            valuesOffset = 0;
        }
        if (values == null) {
            range = new Range(0, 1);
            dataRange = range;
            fitted = false;
            return;
        }
        RobustRange.Spread spread = RobustRange.of(values, valuesOffset, data.width(), data.height(),
                new RobustRange.ShownPixels(labels, predicted, offset, ignore, hidden), view.scale(), view.lowPercentile(),
                view.highPercentile());
        dataRange = (spread == null ? new Range(0, 1) : spread.full()).fittedTo(view.scale());
        fitted = spread != null;
        if (!view.autoRange()) {
            range = new Range(view.lo(), view.hi()).fittedTo(view.scale());
        } else if (view.layer().fixedRange() != null) {
            range = view.layer().fixedRange().fittedTo(view.scale());
        } else if (view.held() != null) {
            range = view.held().fittedTo(view.scale());
        } else if (spread == null) {
            range = new Range(view.layer().isDiverging() ? 0.5 : 0, view.layer().isDiverging() ? 2 : 1).fittedTo(view.scale());
        } else {
            range = view.layer().isDiverging() ? symmetric(spread.robust()) : spread.robust().fittedTo(view.scale());
        }
    }

    /**
     * The shown losses' extent, what the range slider spans, from a 64th of a big map's pixels (one
     * run a row where it is under 1,024 px wide): on each row runs of 16 pixels, 1,024 apart, each
     * row's runs 16 pixels on from the last's, so that at most 64 rows cover every column. Runs, not single
     * pixels 64 apart: a pixel costs a cache line of each of the four arrays it reads: at 1024 x 2048,
     * 0.73 ms a γ step (median; 90th percentile 1.26) against 1.12 (3.17) for single pixels 64 apart.
     */
    private Range rampExtent() {
        int w = data.width();
        boolean sampled = data.pixelsPerSample() > 262_144;
        int run = sampled ? 16 : Math.max(1, w);
        int period = sampled ? 64 * run : run;
        // a narrower map cycles its runs' starts over its own width, so that every row is read
        int cycle = Math.min(period, (w + run - 1) / run * run);
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int y = 0; y < data.height(); y++) {
            for (int start = cycle == 0 ? w : y * run % cycle; start < w; start += period) {
                for (int x = start; x < Math.min(w, start + run); x++) {
                    int p = offset + y * w + x;
                    int label = labels[p];
                    if (predicted[p] < 0 || label == ignore || label >= 0 && label < hidden.length && hidden[label]) {
                        continue;
                    }
                    float v = ramp.log2Loss(p);
                    if (v > Float.NEGATIVE_INFINITY && v < Float.POSITIVE_INFINITY) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        Range extent = lo > hi ? new Range(0, 1) : view.scale() == Scale.LOG ? new Range(Math.pow(2, lo), Math.pow(2, hi))
                : new Range(Math.min(0, Math.pow(2, lo)), Math.pow(2, hi));
        return extent.fittedTo(view.scale());
    }

    /** A ratio's range as far below 1 as above it (on a log scale), so that the colormap's middle is "no change". */
    static Range symmetric(Range r) {
        double reach = Math.max(Math.abs(Math.log(r.lo())), Math.abs(Math.log(r.hi())));
        reach = Math.max(reach, Math.log(1.01)); // no change at all still gets a scale
        return new Range(Math.exp(-reach), Math.exp(reach));
    }

    /** The range the colormap spans. */
    public Range range() {
        return range;
    }

    /** Whether any value was shown to find a range on (else the range is a stand-in). */
    public boolean fitted() {
        return fitted;
    }

    /** From the smallest to the largest shown value (positive ones on a log scale): what a range slider spans. */
    public Range dataRange() {
        return dataRange;
    }

    public MapData data() {
        return data;
    }

    public ViewState view() {
        return view;
    }

    /** The viewport as {@code outW x outH} ARGB pixels; {@code background} outside the map. */
    public int[] draw(double zoom, double originX, double originY, int outW, int outH, int background) {
        return draw(new int[outW * outH], zoom, originX, originY, outW, outH, background);
    }

    /** The same into {@code out}, of at least {@code outW x outH} pixels, every one of which it sets. */
    public int[] draw(int[] out, double zoom, double originX, double originY, int outW, int outH, int background) {
        int w = data.width();
        int h = data.height();
        int[] column = new int[outW];
        for (int sx = 0; sx < outW; sx++) {
            double x = Math.floor(originX + sx / zoom);
            column[sx] = x < 0 || x >= w ? -1 : (int) x;
        }
        boolean log = view.scale() == Scale.LOG;
        // on a log scale, positions in log2 units from FastLog: Math.log per pixel would cost more than the rest of a frame
        float from = log ? FastLog.log2((float) range.lo()) : (float) range.lo();
        float scale = log ? 1 / (FastLog.log2((float) range.hi()) - from) : (float) (1 / (range.hi() - range.lo()));
        boolean plain = (values != null || ramp != null) && data.image() == null && view.hiddenClasses().isEmpty();
        IntStream.range(0, outH).parallel().forEach(sy -> {
            int row = sy * outW;
            double yy = Math.floor(originY + sy / zoom);
            if (yy < 0 || yy >= h) {
                java.util.Arrays.fill(out, row, row + outW, background);
                return;
            }
            int base = (int) yy * w;
            if (plain) {
                drawPlainRow(out, row, column, base, (int) yy, log, from, scale, background);
                return;
            }
            for (int sx = 0; sx < outW; sx++) {
                int x = column[sx];
                out[row + sx] = x < 0 ? background : color(base + x, x, (int) yy, log, from, scale);
            }
        });
        return out;
    }

    /**
     * One row of a value layer with no picture under it and no class hidden: the common case while
     * γ moves, kept free of the branches {@link #color} needs for the others.
     *
     * @param from the range's start, in log2 units on a log scale
     */
    private void drawPlainRow(int[] out, int row, int[] column, int base, int y, boolean log, float from, float scale,
                              int background) {
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
                out[row + sx] = shadeAt(i, log, from, scale, under, over);
            }
        }
    }

    /** The colour of data pixel i (x, y) of the sample. */
    private int color(int i, int x, int y, boolean log, float from, float scale) {
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
        } else if (layer == MapLayer.LABEL_ISSUES) {
            color = data.isFlagged(p) ? 0xff000000 | data.classes().color(predictedClass)
                    : MapRenderer.faded(0xff000000 | data.classes().color(label));
        } else if (layer == MapLayer.HARD_STABLE || layer.needsDataMaps() && values == null) {
            color = data.isHardStable(p) && layer == MapLayer.HARD_STABLE ? 0xff000000 | data.classes().color(predictedClass)
                    : MapRenderer.faded(0xff000000 | data.classes().color(label));
        } else if (layer == MapLayer.CONFIDENT_WRONG) {
            color = data.isConfidentlyWrong(p, view.confidentThreshold()) ? 0xff000000 | data.classes().color(predictedClass)
                    : MapRenderer.faded(0xff000000 | data.classes().color(label));
        } else {
            color = shadeAt(i, log, from, scale, view.colormap().underColor(), view.colormap().overColor());
        }
        return image == null ? color : MapRenderer.blend(color, picture, view.opacity());
    }

    /**
     * The colour of data pixel i's value: from the values, or from the ramp, whose log2 is the
     * position on a log scale as it is (a loss of 0, log2 -∞, is under the range, as on the map).
     */
    private int shadeAt(int i, boolean log, float from, float scale, int under, int over) {
        if (ramp == null) {
            return shade(values[valuesOffset + i], log, from, scale, under, over);
        }
        float x = ramp.log2Loss(offset + i);
        if (!log || x == Float.NEGATIVE_INFINITY) {
            return shade((float) Math.pow(2, x), log, from, scale, under, over);
        }
        if (!(x - x == 0)) {
            return MapRenderer.NON_FINITE;
        }
        float t = (x - from) * scale;
        return t < 0 ? under : t > 1 ? over : table[(int) (t * 255 + 0.5f)];
    }

    /**
     * A value's colour: through the colormap, the under and over colours outside the range, and
     * magenta where it is not finite (the post's loss where it breaks).
     *
     * @param from the range's start, in log2 units on a log scale
     */
    private int shade(float v, boolean log, float from, float scale, int under, int over) {
        if (!(v - v == 0)) {
            return MapRenderer.NON_FINITE;
        }
        float t = log ? (v > 0 ? (FastLog.log2(v) - from) * scale : -1) : (v - from) * scale;
        return t < 0 ? under : t > 1 ? over : table[(int) (t * 255 + 0.5f)];
    }

    private static int checker(int x, int y) {
        return ((x >> 2) + (y >> 2)) % 2 == 0 ? MapRenderer.IGNORED_LIGHT : MapRenderer.IGNORED_DARK;
    }
}
