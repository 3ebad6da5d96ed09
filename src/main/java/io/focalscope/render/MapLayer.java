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
    /** Per pixel the L2 norm over the logits of d(loss)/dz: what the term makes the network learn from the pixel. */
    GRADIENT("gradient", "Gradient |dl/dz|", "norm"),
    /**
     * The term's gradient norm over cross-entropy's at each pixel (for softmax focal loss
     * {@code g(p_t) = (1-p_t)^γ - γ p_t (1-p_t)^(γ-1) log p_t}): above 1 where it pushes harder than
     * cross-entropy, below where it pushes less; on a diverging log scale.
     */
    GRADIENT_RATIO("gradient-ratio", "Gradient / cross-entropy", "ratio"),
    /** The γ the term used at each pixel: FLSD-53 picks 5 or 3 by p_t. */
    GAMMA_USED("gamma-used", "γ used", "γ"),
    PREDICTED("predicted", "Predicted class", null),
    LABEL("label", "Label", null),
    ERROR("error", "Error (prediction ≠ label)", null),
    /**
     * Pixels whose label is likely wrong, found as cleanlab finds them over the open file
     * ({@link io.focalscope.labels.LabelIssueSearch}): in the predicted class's colour, over the
     * labels faded.
     */
    LABEL_ISSUES("label-issues", "Label issues", null),
    /** The top-label confidence, the largest softmax probability: what calibration measures (softmax only). */
    CONFIDENCE("confidence", "Confidence (max p)", "probability"),
    /**
     * Pixels predicted wrongly with a top-label confidence above a threshold (0.9 unless set): in the
     * predicted class's colour, over the labels faded (softmax only).
     */
    CONFIDENT_WRONG("confident-wrong", "Confident but wrong", null),
    /** A training run's data map: each pixel's mean p_t over the epochs (dataset cartography's confidence). */
    DATA_CONFIDENCE("data-confidence", "Confidence over epochs", "mean p_t"),
    /** The standard deviation of p_t over the epochs: high where the network wavers. */
    DATA_VARIABILITY("data-variability", "Variability over epochs", "std of p_t"),
    /** The fraction of epochs at which the pixel was predicted right. */
    DATA_CORRECTNESS("data-correctness", "Correctness over epochs", "fraction of epochs"),
    /**
     * Pixels that stay hard without wavering (low confidence, low variability over the epochs), often
     * wrong labels: in the predicted class's colour, over the labels faded, as the label issues are.
     */
    HARD_STABLE("hard-stable", "Hard and stable", null);

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

    /**
     * Whether a γ step may draw this layer from a preview (a {@link io.focalscope.loss.GammaRamp} and the
     * histograms' figures): the loss itself and the layers that do not change with γ.
     */
    public boolean drawnFromPreview() {
        return this == FOCAL || this == CROSS_ENTROPY || this == PT || this == CONFIDENCE || needsDataMaps() || isCategorical();
    }

    /**
     * Whether one evaluation's maps alone draw this layer (no second γ, gradient, post's figures,
     * search or training run): what a first look at a file can show.
     */
    public boolean drawnFromOneEvaluation() {
        return switch (this) {
            case FOCAL, CROSS_ENTROPY, MODULATION, PT, FOCAL_OVER_CE, GAMMA_USED, PREDICTED, LABEL, ERROR -> true;
            default -> false;
        };
    }

    public boolean isCategorical() {
        return unit == null;
    }

    /** Whether the layer is a change around 1, drawn on a log scale symmetric about it. */
    public boolean isDiverging() {
        return this == GAMMA_CHANGE || this == GRADIENT_RATIO;
    }

    /** Whether the layer needs the gradient's pass. */
    public boolean needsGradient() {
        return this == GRADIENT || this == GRADIENT_RATIO;
    }

    /**
     * The scale the layer opens on: log for losses and other values that span decades (a loss map is
     * heavy-tailed, and on a linear scale most of it is the colormap's first shade), linear for p_t
     * and the difference of the forms (which may be negative).
     */
    public Scale defaultScale() {
        return this == PT || this == CONFIDENCE || this == FORM_DIFFERENCE || this == GAMMA_USED || needsDataMaps() || isCategorical()
                ? Scale.LINEAR
                : Scale.LOG;
    }

    /** The colormap the layer opens on: a diverging one for a change around 1, inferno otherwise. */
    public Colormap defaultColormap() {
        return isDiverging() ? Colormap.RDBU_R : Colormap.INFERNO;
    }

    /** Whether the layer needs the label-issue search's flags. */
    public boolean needsLabelIssues() {
        return this == LABEL_ISSUES;
    }

    /** Whether the layer needs each pixel's top-label confidence ({@link MapData#confidence}). */
    public boolean needsConfidence() {
        return this == CONFIDENCE || this == CONFIDENT_WRONG;
    }

    /** Whether the layer shows a training run's data maps ({@link MapData#dataMaps}). */
    public boolean needsDataMaps() {
        return this == DATA_CONFIDENCE || this == DATA_VARIABILITY || this == DATA_CORRECTNESS || this == HARD_STABLE;
    }

    /**
     * The range a layer is drawn on while the range is automatic, or null for the percentiles: the data
     * maps keep one range (a probability's 0 to 1, its standard deviation's 0 to 0.5) so that epochs and
     * images compare by colour.
     */
    public Range fixedRange() {
        return switch (this) {
            case DATA_CONFIDENCE, DATA_CORRECTNESS -> new Range(0, 1);
            case DATA_VARIABILITY -> new Range(0, 0.5);
            default -> null;
        };
    }

    /** Whether the layer needs the second γ's evaluation. */
    public boolean needsSecondGamma() {
        return this == GAMMA_CHANGE;
    }

    /**
     * A layer by its id, for the command line (the data-map layers among them: they need a training
     * run's image, which the command that draws them says).
     */
    public static MapLayer parse(String text) {
        for (MapLayer l : values()) {
            if (l.id.equalsIgnoreCase(text)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown layer '" + text + "': expected one of "
                + java.util.Arrays.stream(values()).map(MapLayer::id).collect(java.util.stream.Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return title;
    }
}
