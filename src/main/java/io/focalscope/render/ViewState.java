package io.focalscope.render;

import io.focalscope.loss.LossForm;
import java.util.Set;

/**
 * How a map is drawn: which sample and layer, through which colormap, scale and range, how much
 * of the picture shows through, which classes are hidden.
 *
 * @param autoRange      take the range from the data (the robust range of the shown pixels, {@link RobustRange}), else [lo, hi]
 * @param lowPercentile  the automatic range's start, a percentile of the shown values (0.5 by default)
 * @param highPercentile the automatic range's end (99.9 by default)
 * @param opacity        0 shows only the picture under the map, 1 only the map
 * @param held           with the automatic range, the range it found earlier, held (the window holds it while γ
 *                       moves, so that a γ step changes the colours, not the scale); null to find it now
 * @param confidentThreshold the "confident but wrong" layer marks the pixels whose top-label confidence is above it
 */
public record ViewState(int sample, MapLayer layer, LossForm form, Colormap colormap, Scale scale,
                        boolean autoRange, double lowPercentile, double highPercentile, double lo, double hi,
                        double opacity, Set<Integer> hiddenClasses, Range held, double confidentThreshold) {

    public static final double LOW_PERCENTILE = 0.5;
    public static final double HIGH_PERCENTILE = 99.9;
    /** The "confident but wrong" layer's threshold on the top-label confidence unless one is set. */
    public static final double CONFIDENT_THRESHOLD = 0.9;

    /** A view at the default confidence threshold. */
    public ViewState(int sample, MapLayer layer, LossForm form, Colormap colormap, Scale scale, boolean autoRange,
                     double lowPercentile, double highPercentile, double lo, double hi, double opacity,
                     Set<Integer> hiddenClasses, Range held) {
        this(sample, layer, form, colormap, scale, autoRange, lowPercentile, highPercentile, lo, hi, opacity, hiddenClasses,
                held, CONFIDENT_THRESHOLD);
    }

    /** A view whose automatic range is found from the values it shows. */
    public ViewState(int sample, MapLayer layer, LossForm form, Colormap colormap, Scale scale, boolean autoRange,
                     double lowPercentile, double highPercentile, double lo, double hi, double opacity,
                     Set<Integer> hiddenClasses) {
        this(sample, layer, form, colormap, scale, autoRange, lowPercentile, highPercentile, lo, hi, opacity, hiddenClasses,
                null);
    }

    public ViewState {
        hiddenClasses = Set.copyOf(hiddenClasses);
        if (layer.isDiverging()) {
            scale = Scale.LOG; // a ratio: halving and doubling lie equally far from "no change"
        }
        if (!(confidentThreshold >= 0 && confidentThreshold <= 1)) {
            throw new IllegalArgumentException("the confidence threshold must be in [0, 1], got " + confidentThreshold);
        }
        if (!(lowPercentile >= 0 && lowPercentile < highPercentile && highPercentile <= 100)) {
            throw new IllegalArgumentException("percentiles must satisfy 0 <= low < high <= 100, got "
                    + lowPercentile + " and " + highPercentile);
        }
    }

    /** What the window opens on: the focal loss, inferno, a log scale, the automatic range. */
    public static ViewState defaults() {
        return new ViewState(0, MapLayer.FOCAL, LossForm.ONEHOT, Colormap.INFERNO, Scale.LOG, true,
                LOW_PERCENTILE, HIGH_PERCENTILE, 0, 1, 1.0, Set.of());
    }

    public ViewState withSample(int s) {
        return new ViewState(s, layer, form, colormap, scale, autoRange, lowPercentile, highPercentile, lo, hi, opacity,
                hiddenClasses, held, confidentThreshold);
    }

    /** The same view marking confident pixels above another threshold. */
    public ViewState withConfidentThreshold(double t) {
        return new ViewState(sample, layer, form, colormap, scale, autoRange, lowPercentile, highPercentile, lo, hi, opacity,
                hiddenClasses, held, t);
    }

    /** The same view with these classes hidden. */
    public ViewState withHiddenClasses(Set<Integer> hidden) {
        return new ViewState(sample, layer, form, colormap, scale, autoRange, lowPercentile, highPercentile, lo, hi, opacity,
                hidden, held, confidentThreshold);
    }

    /** The same view with its automatic range held at r, or found anew (null). */
    public ViewState withHeld(Range r) {
        return new ViewState(sample, layer, form, colormap, scale, autoRange, lowPercentile, highPercentile, lo, hi, opacity,
                hiddenClasses, r, confidentThreshold);
    }

    /** The same view on the fixed range [lo, hi] (another pane's, to share one colour scale). */
    public ViewState withFixedRange(double low, double high) {
        return new ViewState(sample, layer, form, colormap, scale, false, lowPercentile, highPercentile, low, high, opacity,
                hiddenClasses, null, confidentThreshold);
    }

    /** The change from γ₁ to γ₂ of this view's sample and classes: a diverging colormap on a log scale, its own range. */
    public ViewState asGammaChange() {
        MapLayer change = MapLayer.GAMMA_CHANGE;
        return new ViewState(sample, change, form, change.defaultColormap(), change.defaultScale(), true, lowPercentile,
                highPercentile, lo, hi, opacity, hiddenClasses, null, confidentThreshold);
    }

    /**
     * Another layer of this view's sample and classes, on that layer's own scale, colormap and
     * automatic range (where this view's were another layer's).
     */
    public ViewState withLayer(MapLayer other) {
        if (other == layer) {
            return this;
        }
        return new ViewState(sample, other, form, other.defaultColormap(), other.defaultScale(), true, lowPercentile,
                highPercentile, lo, hi, opacity, hiddenClasses, null, confidentThreshold);
    }
}
