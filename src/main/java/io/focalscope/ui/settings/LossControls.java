package io.focalscope.ui.settings;

import static io.focalscope.ui.settings.Controls.combo;
import static io.focalscope.ui.settings.Controls.row;

import io.focalscope.loss.Activation;
import io.focalscope.loss.LossForm;
import io.focalscope.loss.Reduction;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The loss settings: the term and its parameters, γ (and below it the second pane's controls), class
 * weights, ignore index, reduction and form.
 */
public final class LossControls extends VBox {

    public final Slider gammaSlider;
    /** The term's drop-down. */
    private ComboBox<TermChoice> termBox;
    final Spinner<Double> gammaSpinner;
    public final ComboBox<WeightChoice> weights = new ComboBox<>();
    final TextField ignore;
    private final LossSettingsViewModel loss;
    /** The second pane's γ and what it shows, in the Loss section below γ's slider. */
    private final Node secondGamma;
    /** Folded at first: the settings one sets once per file, below γ's. */
    javafx.scene.control.TitledPane weightsSection;
    private Runnable chooseWeightsFile = () -> { };

    /** @param secondGamma the second pane's controls, shown in the Loss section below γ's slider */
    public LossControls(LossSettingsViewModel loss, Node secondGamma) {
        this.loss = loss;
        this.secondGamma = secondGamma;
        setSpacing(6);
        gammaSlider = Controls.gammaSlider(loss.gamma, "gamma-slider");
        gammaSpinner = Controls.gammaSpinner(loss.gamma, "gamma-spinner");
        ignore = Controls.committing("ignore-index", 5, text -> {
            loss.ignoreIndex.set(text);
            return true;
        }, loss.ignoreIndex::get);
        createView();
    }

    /** Gives the keyboard to γ's slider, or to the term's drop-down where γ is no setting (FLSD-53's is per pixel). */
    public void takeKeyboard() {
        (gammaSlider.isDisabled() ? termBox : gammaSlider).requestFocus();
    }

    public void setOnChooseWeightsFile(Runnable r) {
        chooseWeightsFile = r;
    }

    private void createView() {
        loss.gammaChanging.bind(gammaSlider.valueChangingProperty());
        loss.ignoreIndex.addListener((o, a, now) -> ignore.setText(now)); // the view model may set it back

        weights.getItems().setAll(WeightChoice.values());
        weights.setId("weights");
        weights.setMaxWidth(Double.MAX_VALUE);
        weights.valueProperty().bindBidirectional(loss.weightChoice);
        // the first time "from file…" is chosen it asks for the file; "Change…" asks again
        weights.setOnAction(e -> {
            if (weights.getValue() == WeightChoice.FILE && loss.weightsFromFileProperty().get() == null) {
                chooseWeightsFile.run();
            }
        });
        Spinner<Double> enetC = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(1.001, 2.0, 1.10, 0.01));
        enetC.setEditable(true);
        Controls.bindSpinner(enetC, loss.enetC);
        HBox enetRow = row("c", enetC);
        enetRow.visibleProperty().bind(loss.weightChoice.isEqualTo(WeightChoice.ENET));
        enetRow.managedProperty().bind(enetRow.visibleProperty());
        TextField beta = Controls.committing("beta", 8, text -> {
            double b = Controls.parse(text);
            if (Double.isNaN(b)) {
                return false;
            }
            loss.beta.set(b);
            return true;
        }, () -> String.valueOf(loss.beta.get()));
        HBox betaRow = row("β", beta);
        betaRow.visibleProperty().bind(loss.weightChoice.isEqualTo(WeightChoice.EFFECTIVE));
        betaRow.managedProperty().bind(betaRow.visibleProperty());
        Label file = Controls.withTooltip(new Label());
        file.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> loss.weightsFromFileProperty().get() == null
                ? "" : java.nio.file.Path.of(loss.weightsFromFileProperty().get().source()).getFileName().toString(),
                loss.weightsFromFileProperty()));
        javafx.scene.control.Button change = new javafx.scene.control.Button("Change…");
        change.setOnAction(e -> chooseWeightsFile.run());
        HBox fileRow = new HBox(6, file, change);
        fileRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        fileRow.visibleProperty().bind(loss.weightChoice.isEqualTo(WeightChoice.FILE));
        fileRow.managedProperty().bind(fileRow.visibleProperty());

        ComboBox<Activation> activation = combo(Activation.values(), loss.activation);
        activation.setId("activation");
        activation.setTooltip(new javafx.scene.control.Tooltip(
                "softmax over the classes, or a sigmoid per class channel (binary and multi-label maps)"));
        TextField alpha = Controls.committing("alpha", 5, loss::setAlpha, loss.alpha::get);
        alpha.setTooltip(new javafx.scene.control.Tooltip("α of positive targets, 1 - α of negative ones; 'none' for no α"));
        loss.alpha.addListener((o, a, now) -> alpha.setText(now));
        HBox alphaRow = row("α", alpha);
        alphaRow.managedProperty().bind(alphaRow.visibleProperty());

        HBox formRow = row("Shown form", combo(LossForm.values(), loss.form));
        formRow.visibleProperty().bind(loss.activation.isEqualTo(Activation.SOFTMAX)); // the sigmoid loss has one form
        formRow.managedProperty().bind(formRow.visibleProperty());

        ComboBox<TermChoice> term = combo(TermChoice.values(), loss.term);
        termBox = term;
        term.setId("loss-term");
        term.setTooltip(new javafx.scene.control.Tooltip("Focal: -(1-p_t)^γ log p_t. Poly-1: focal + ε(1-p_t)^(γ+1)."
                + " FLSD-53: γ 5 where p_t < 0.2, else 3. ASL (sigmoid): γ+ for positives, γ- and a clip for negatives."));
        alphaRow.visibleProperty().bind(loss.activation.isEqualTo(Activation.SIGMOID).and(loss.term.isNotEqualTo(TermChoice.ASL)));
        HBox epsilonRow = parameterRow("ε", "epsilon", loss.epsilon, "Poly-1's ε, >= -1: the coefficient of (1-p_t)^(γ+1)");
        epsilonRow.visibleProperty().bind(loss.term.isEqualTo(TermChoice.POLY1));
        HBox gammaPosRow = parameterRow("γ+", "gamma-pos", loss.gammaPos, "ASL's γ of positive targets");
        HBox clipRow = parameterRow("clip", "clip", loss.clip, "ASL's shift of negatives' probability, in [0, 1)");
        for (HBox r : List.of(gammaPosRow, clipRow)) {
            r.visibleProperty().bind(loss.term.isEqualTo(TermChoice.ASL));
        }
        for (HBox r : List.of(epsilonRow, gammaPosRow, clipRow)) {
            r.managedProperty().bind(r.visibleProperty());
        }
        Label gammaLabel = new Label();
        gammaLabel.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> switch (loss.term.get()) {
            case ASL -> "γ-";
            case FLSD53 -> "γ: 5 where p_t < 0.2, else 3";
            default -> "γ";
        }, loss.term));
        gammaSpinner.visibleProperty().bind(loss.term.isNotEqualTo(TermChoice.FLSD53));
        gammaSpinner.managedProperty().bind(gammaSpinner.visibleProperty());
        gammaSlider.disableProperty().bind(loss.term.isEqualTo(TermChoice.FLSD53));
        HBox gammaRow = new HBox(6, gammaLabel, gammaSpinner);
        gammaRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        weightsSection = Controls.section("Class weights and pixels", false, "weights-section", new Label("Class weights"), weights,
                enetRow, betaRow, fileRow, row("Ignore index", ignore), row("Reduction", combo(Reduction.values(), loss.reduction)),
                formRow);
        Label weightsInUse = Controls.withTooltip(new Label());
        weightsInUse.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> "Weights: " + loss.choiceLabel(loss.weightChoice.get()) + ", reduction " + loss.reduction.get(),
                loss.weightChoice, loss.reduction, loss.weightsFromFileProperty()));
        weightsInUse.getStyleClass().add("text-muted");
        weightsInUse.visibleProperty().bind(weightsSection.expandedProperty().not());
        weightsInUse.managedProperty().bind(weightsInUse.visibleProperty());
        getChildren().addAll(Controls.section("Loss", true, "loss-section", row("Term", term), epsilonRow, gammaPosRow, clipRow,
                        row("Activation", activation), alphaRow, gammaRow, gammaSlider, secondGamma, weightsInUse),
                weightsSection);
        Controls.named(weights, loss::choiceLabel, loss.weightsFromFileProperty()); // a dataset's weights by name
    }

    /** A row with a parameter typed in a field, taken when the term accepts it (else its message, and the value stays). */
    private HBox parameterRow(String label, String id, javafx.beans.property.DoubleProperty parameter, String tooltip) {
        TextField field = Controls.committing(id, 6, text -> loss.setParameter(parameter, text),
                () -> io.focalscope.render.Ticks.label(parameter.get()));
        field.setTooltip(new javafx.scene.control.Tooltip(tooltip));
        parameter.addListener((o, a, now) -> field.setText(io.focalscope.render.Ticks.label(now.doubleValue())));
        return row(label, field);
    }
}
