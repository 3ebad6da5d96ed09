package io.focalscope.ui;

import java.util.List;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * Two γ side by side: the second pane's γ, what it shows (the same layer at γ₂, or the change from
 * γ₁ to γ₂), and whether the panes share one colour scale (by default they do, so that one colour
 * means one loss in both).
 */
public final class ComparisonViewModel {

    /** What the second pane shows. */
    enum SecondPane {
        SAME_LAYER("The same layer at γ₂"),
        CHANGE("The change, focal γ₂ / γ₁");

        private final String label;

        SecondPane(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    final BooleanProperty sideBySide = new SimpleBooleanProperty(false);
    final DoubleProperty secondGamma = new SimpleDoubleProperty(0.0);
    final BooleanProperty separateScales = new SimpleBooleanProperty(false);
    final ObjectProperty<SecondPane> secondShows = new SimpleObjectProperty<>(SecondPane.SAME_LAYER);

    /** What changes the figures: the second γ is evaluated only side by side. */
    List<Observable> figureInputs() {
        return List.of(sideBySide, secondGamma);
    }

    /** What changes how the panes are drawn (side by side also brings the second γ's figures). */
    List<Observable> viewInputs() {
        return List.of(sideBySide, separateScales, secondShows);
    }

    /** Whether the second pane shows the same layer on the first pane's colour scale (one key for both). */
    boolean sharesScale() {
        return sideBySide.get() && secondShows.get() == SecondPane.SAME_LAYER && !separateScales.get();
    }
}
