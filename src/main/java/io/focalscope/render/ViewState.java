package io.focalscope.render;

import io.focalscope.loss.LossForm;
import java.util.Set;

/**
 * How a map is drawn: which sample and layer, through which colormap, scale and range, how much
 * of the picture shows through, which classes are hidden.
 *
 * @param autoRange take the range from the data (the robust range of the shown pixels, {@link RobustRange}), else [lo, hi]
 * @param opacity   0 shows only the picture under the map, 1 only the map
 */
public record ViewState(int sample, MapLayer layer, LossForm form, Colormap colormap, Scale scale,
                        boolean autoRange, double lo, double hi, double opacity, Set<Integer> hiddenClasses) {

    public ViewState {
        hiddenClasses = Set.copyOf(hiddenClasses);
    }

    /** What the window opens on: the focal loss, inferno, a log scale, the automatic range. */
    public static ViewState defaults() {
        return new ViewState(0, MapLayer.FOCAL, LossForm.ONEHOT, Colormap.INFERNO, Scale.LOG, true, 0, 1, 1.0, Set.of());
    }

    public ViewState withSample(int s) {
        return new ViewState(s, layer, form, colormap, scale, autoRange, lo, hi, opacity, hiddenClasses);
    }

}
