package io.focalscope.ui.compare;

import static io.focalscope.ui.settings.Controls.combo;
import static io.focalscope.ui.settings.Controls.row;

import io.focalscope.ui.settings.Controls;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.layout.VBox;

/**
 * Side by side: the second pane's γ, what it shows, and whether the panes share a colour scale; in
 * the settings column's Loss section, below γ's slider.
 */
public final class SecondGammaControls extends VBox {

    public final Spinner<Double> secondSpinner;

    public SecondGammaControls(ComparisonViewModel compare) {
        super(4);
        secondSpinner = Controls.gammaSpinner(compare.secondGamma, "gamma2-spinner");
        CheckBox sideBySide = new CheckBox("Second pane with its own γ");
        sideBySide.setId("side-by-side");
        sideBySide.selectedProperty().bindBidirectional(compare.sideBySide);
        Slider second = Controls.gammaSlider(compare.secondGamma, "gamma2-slider");
        ComboBox<ComparisonViewModel.SecondPane> shows = combo(ComparisonViewModel.SecondPane.values(), compare.secondShows);
        shows.setId("second-shows");
        CheckBox separate = new CheckBox("Separate colour scales");
        separate.setId("separate-scales");
        separate.selectedProperty().bindBidirectional(compare.separateScales);
        separate.disableProperty().bind(compare.secondShows.isEqualTo(ComparisonViewModel.SecondPane.CHANGE));
        VBox box = new VBox(4, row("γ₂", secondSpinner), second, shows, separate);
        box.visibleProperty().bind(compare.sideBySide);
        box.managedProperty().bind(compare.sideBySide);
        getChildren().addAll(sideBySide, box);
    }
}
