package io.focalscope.render;

/** How values map onto the colormap between the range's ends. */
public enum Scale {
    LINEAR,
    LOG;

    /** Position of v in [lo, hi] (below 0 under the range, above 1 over it). */
    public double position(double v, double lo, double hi) {
        if (this == LOG) {
            if (v <= 0) {
                return Double.NEGATIVE_INFINITY;
            }
            return (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo));
        }
        return (v - lo) / (hi - lo);
    }

    /** The value at position t, the inverse of {@link #position}. */
    public double value(double t, double lo, double hi) {
        return this == LOG ? Math.exp(Math.log(lo) + t * (Math.log(hi) - Math.log(lo))) : lo + t * (hi - lo);
    }

    @Override
    public String toString() {
        return this == LOG ? "log" : "linear";
    }
}
