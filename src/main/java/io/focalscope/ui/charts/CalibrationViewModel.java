package io.focalscope.ui.charts;

import io.focalscope.calibration.Calibration;
import io.focalscope.calibration.Reliability;
import io.focalscope.classes.ClassSet;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * What a Calibration view shows (the inspector's tab for the open file, the Dataset tab for a
 * scan): the figures, worked out elsewhere on a worker and installed here, or the reason there are
 * none (not computed yet, labels it cannot take); the reliability bins shown, before or after temperature
 * scaling as {@link #afterTemperature} says; the figures as text.
 */
public final class CalibrationViewModel {

    /** The bins the window asks for: torchmetrics' and Mukhoti's default. */
    public static final int BINS = 15;

    /** One line under the figures: calibration is measured here, nothing is trained. */
    public static final String NOTE = "Nothing is trained here: γ does not change these figures. The gradient-ratio and γ-used"
            + " layers show where focal loss would push confidence down.";

    /** What a worker brings: the figures, or why there are none. */
    public record Outcome(Calibration figures, String reason) {
        public static Outcome of(Calibration c) {
            return new Outcome(c, null);
        }

        public static Outcome none(String reason) {
            return new Outcome(null, reason);
        }
    }

    private final ReadOnlyObjectWrapper<Calibration> calibration = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper reason = new ReadOnlyStringWrapper();
    private final String waiting;
    /** Whether the diagram shows the bins after temperature scaling at the fitted T. */
    public final BooleanProperty afterTemperature = new SimpleBooleanProperty(false);
    /** The classes' names and colours, for the per-class bars. */
    public final ObjectProperty<ClassSet> classes = new SimpleObjectProperty<>();
    private final ObjectBinding<List<Reliability.Bin>> shownBins;
    private final StringBinding figuresText;
    private final StringBinding temperatureText;

    /** @param waiting what the view says before any figures come, such as when they are worked out */
    public CalibrationViewModel(String waiting) {
        this.waiting = waiting;
        reason.set(waiting);
        shownBins = Bindings.createObjectBinding(() -> {
            Calibration c = calibration.get();
            if (c == null) {
                return List.of();
            }
            return afterTemperature.get() && c.reliabilityAfterTemperature() != null ? c.reliabilityAfterTemperature()
                    : c.reliability();
        }, calibration, afterTemperature);
        figuresText = Bindings.createStringBinding(() -> describe(calibration.get()), calibration);
        temperatureText = Bindings.createStringBinding(() -> {
            Calibration c = calibration.get();
            return c == null || Double.isNaN(c.temperature()) ? "After temperature scaling"
                    : String.format(Locale.ROOT, "After temperature T = %.3f", c.temperature());
        }, calibration);
    }

    /** The figures shown, null while there are none. */
    public ReadOnlyObjectProperty<Calibration> calibrationProperty() {
        return calibration.getReadOnlyProperty();
    }

    /** Why no figures are shown (null while they are). */
    public ReadOnlyStringProperty reasonProperty() {
        return reason.getReadOnlyProperty();
    }

    /** The reliability diagram's bins: before, or after temperature where asked and fitted. */
    public ObjectBinding<List<Reliability.Bin>> shownBinsBinding() {
        return shownBins;
    }

    /** ECE, MCE, adaptive and classwise ECE, accuracy, mean confidence, the temperature with the NLL before → after. */
    public StringBinding figuresTextBinding() {
        return figuresText;
    }

    /** The toggle's text, with the fitted T. */
    public StringBinding temperatureTextBinding() {
        return temperatureText;
    }

    /** Whether a temperature was fitted: the toggle has bins to switch to. */
    public boolean hasTemperature() {
        Calibration c = calibration.get();
        return c != null && !Double.isNaN(c.temperature()) && c.reliabilityAfterTemperature() != null;
    }

    /** Shows what a worker brought; on the JavaFX thread. */
    public void install(Outcome o) {
        if (o == null) {
            clear();
            return;
        }
        calibration.set(o.figures());
        reason.set(o.figures() == null ? o.reason() : null);
    }

    /** Back to no figures (another file opened). */
    public void clear() {
        calibration.set(null);
        reason.set(waiting);
    }

    static String describe(Calibration c) {
        if (c == null) {
            return "";
        }
        String temperature = Double.isNaN(c.temperature())
                ? "temperature: none fitted" + (c.temperatureNote() == null ? "" : " (" + c.temperatureNote() + ")")
                : c.afterTemperatureExact() ? String.format(Locale.ROOT, "temperature T = %.4g: NLL %.4g → %.4g, ECE %.4f → %.4f",
                        c.temperature(), c.nll(), c.nllAfterTemperature(), c.ece(), c.eceAfterTemperature())
                : String.format(Locale.ROOT, "temperature T = %.4g: NLL %.4g → %.4g%n(a dataset's ECE after T would need a second"
                        + " pass over its files; open an image for its own)", c.temperature(), c.nll(), c.nllAfterTemperature());
        boolean sigmoid = Calibration.SIGMOID.equals(c.meaning());
        // with sigmoid the figures are P(y = 1) against each element's target: "accuracy" is the positives' share
        return String.format(Locale.ROOT, "%s%nECE %.4f · MCE %.4f%nadaptive ECE %.4f · classwise ECE %.4f%n"
                        + "%s %.4f · mean %s %.4f%n%,d %s, %s%n%s",
                sigmoid ? "sigmoid: P(y = 1) against each element's target" : "softmax: top-label confidence against argmax = label",
                c.ece(), c.mce(), c.adaptiveEce(), c.classwiseEce(), sigmoid ? "positives" : "accuracy", c.accuracy(),
                sigmoid ? "P(y = 1)" : "confidence", c.meanConfidence(), c.pixels(), sigmoid ? "kept (pixel, channel) elements"
                        : "labelled pixels", io.focalscope.report.Plural.of(c.bins(), "bin"), temperature);
    }
}
