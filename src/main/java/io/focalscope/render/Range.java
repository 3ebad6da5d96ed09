package io.focalscope.render;

/** The values that span the colormap, lo at its start and hi at its end. */
public record Range(double lo, double hi) {

    /** A range that a scale can use: positive ends for log, distinct ends always. */
    public Range fittedTo(Scale scale) {
        double l = lo;
        double h = hi;
        if (scale == Scale.LOG) {
            l = l > 0 ? l : 1e-6;
            h = h > l ? h : l * 10;
        } else if (!(h > l)) {
            h = l + (l == 0 ? 1 : Math.abs(l) * 1e-3);
        }
        return new Range(l, h);
    }
}
