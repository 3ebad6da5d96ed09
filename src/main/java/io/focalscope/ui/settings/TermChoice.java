package io.focalscope.ui.settings;

import io.focalscope.loss.LossTerm;

/** The loss terms the window offers. */
public enum TermChoice {
    FOCAL("Focal"), POLY1("Poly-1"), FLSD53("FLSD-53"), ASL("ASL (sigmoid)");

    private final String label;

    TermChoice(String label) {
        this.label = label;
    }

    /** The choice that shows a term (cross-entropy as focal loss at γ 0). */
    static TermChoice of(LossTerm t) {
        return t instanceof LossTerm.Poly1 ? POLY1 : t instanceof LossTerm.Flsd53 ? FLSD53
                : t instanceof LossTerm.Asl ? ASL : FOCAL;
    }

    @Override
    public String toString() {
        return label;
    }
}
