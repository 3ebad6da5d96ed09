package io.focalscope.ui;

/** The loss terms the window offers. */
enum TermChoice {
    FOCAL("Focal"), POLY1("Poly-1"), FLSD53("FLSD-53"), ASL("ASL (sigmoid)");

    private final String label;

    TermChoice(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
