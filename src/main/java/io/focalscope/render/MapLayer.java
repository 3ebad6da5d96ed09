package io.focalscope.render;

/** What the map shows. Value layers go through a colormap; class layers use the class colours. */
public enum MapLayer {
    FOCAL("focal", "Focal loss", "nats"),
    CROSS_ENTROPY("ce", "Cross-entropy", "nats"),
    MODULATION("modulation", "Modulation (1 − p_t)^γ", ""),
    PT("pt", "p_t", "probability"),
    FOCAL_OVER_CE("ratio", "Focal / cross-entropy", "ratio"),
    FORM_DIFFERENCE("diff", "nll − onehot", "nats"),
    /** The source post's float32 code: +inf or NaN where p_t underflows, drawn as not finite. */
    AS_WRITTEN("as-written", "As the post wrote it", "nats"),
    /**
     * How the focal loss changes from γ₁ to γ₂: focal at γ₂ over focal at γ₁, which is
     * (1 − p_t)^(γ₂ − γ₁) at every pixel (the weight and log p_t cancel); on a diverging log scale.
     */
    GAMMA_CHANGE("gamma-change", "Focal γ₂ / γ₁", "ratio"),
    PREDICTED("predicted", "Predicted class", null),
    LABEL("label", "Label", null),
    ERROR("error", "Error (prediction ≠ label)", null);

    private final String id;
    private final String title;
    private final String unit;

    MapLayer(String id, String title, String unit) {
        this.id = id;
        this.title = title;
        this.unit = unit;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    /** The unit shown on the colorbar; null for layers drawn in class colours. */
    public String unit() {
        return unit;
    }

    public boolean isCategorical() {
        return unit == null;
    }

    /** Whether the layer is a change around 1, drawn on a log scale symmetric about it. */
    public boolean isDiverging() {
        return this == GAMMA_CHANGE;
    }

    /**
     * The scale the layer opens on: log for losses and other values that span decades (a loss map is
     * heavy-tailed, and on a linear scale most of it is the colormap's first shade), linear for p_t
     * and the difference of the forms (which may be negative).
     */
    public Scale defaultScale() {
        return this == PT || this == FORM_DIFFERENCE || isCategorical() ? Scale.LINEAR : Scale.LOG;
    }

    /** The colormap the layer opens on: a diverging one for a change around 1, inferno otherwise. */
    public Colormap defaultColormap() {
        return isDiverging() ? Colormap.RDBU_R : Colormap.INFERNO;
    }

    /** Whether the layer needs the second γ's evaluation. */
    public boolean needsSecondGamma() {
        return this == GAMMA_CHANGE;
    }

    public static MapLayer parse(String text) {
        for (MapLayer l : values()) {
            if (l.id.equalsIgnoreCase(text)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown layer '" + text + "': expected focal, ce, modulation, pt, ratio,"
                + " diff, as-written, gamma-change, predicted, label or error");
    }

    @Override
    public String toString() {
        return title;
    }
}
