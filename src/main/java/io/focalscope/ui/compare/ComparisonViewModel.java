package io.focalscope.ui.compare;

import io.focalscope.peers.Peer;
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
    public enum SecondPane {
        SAME_LAYER("The same layer at γ₂"),
        CHANGE("The change, focal γ₂ / γ₁"),
        PEER("A library's loss per pixel, at γ");

        private final String label;

        SecondPane(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public final BooleanProperty sideBySide = new SimpleBooleanProperty(false);
    public final DoubleProperty secondGamma = new SimpleDoubleProperty(0.0);
    public final BooleanProperty separateScales = new SimpleBooleanProperty(false);
    public final ObjectProperty<SecondPane> secondShows = new SimpleObjectProperty<>(SecondPane.SAME_LAYER);
    /** The library whose loss per pixel the second pane shows in {@link SecondPane#PEER}. */
    public final ObjectProperty<Peer> peer = new SimpleObjectProperty<>(Peer.KORNIA);

    /** What changes the figures: the second γ is evaluated only side by side, a library's map only when shown. */
    public List<Observable> figureInputs() {
        return List.of(sideBySide, secondGamma, secondShows, peer);
    }

    /** The library the second pane shows, or null. */
    public Peer shownPeer() {
        return sideBySide.get() && secondShows.get() == SecondPane.PEER ? peer.get() : null;
    }

    /** Whether the second pane shows γ₂ (the same layer or the change). */
    public boolean showsSecondGamma() {
        return sideBySide.get() && secondShows.get() != SecondPane.PEER;
    }

    /** What changes how the panes are drawn (side by side also brings the second γ's figures). */
    public List<Observable> viewInputs() {
        return List.of(sideBySide, separateScales, secondShows);
    }

    /** Whether the second pane shows the same layer on the first pane's colour scale (one key for both). */
    public boolean sharesScale() {
        return sideBySide.get() && secondShows.get() != SecondPane.CHANGE && !separateScales.get();
    }
}
