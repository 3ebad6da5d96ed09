package io.focalscope.ui.settings;

/** The class-weight schemes the window offers. */
public enum WeightChoice {
    NONE("none"), ENET("enet"), INVERSE("inverse"), MEDIAN("median frequency"), EFFECTIVE("effective number"),
    FILE("from file…");

    private final String label;

    WeightChoice(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
