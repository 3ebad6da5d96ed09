package io.focalscope.ui.settings;

import io.focalscope.io.InputException;
import io.focalscope.io.WeightsFile;
import io.focalscope.loss.Activation;
import io.focalscope.loss.LossForm;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.LossTerm;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import io.focalscope.ui.task.BackgroundTask;
import io.focalscope.ui.task.TaskExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The loss settings of the controls: the term and its parameters (γ is the term's varied one: γ- for
 * ASL), the class-weight scheme and its parameter, the ignore index, the reduction and the form the
 * views show. {@link #settings} turns them into the checked {@link LossSettings} every evaluation takes.
 */
public final class LossSettingsViewModel {

    /** The spinner's top; the slider stops at 5. */
    static final double MAX_GAMMA = 50;

    public final DoubleProperty gamma = new SimpleDoubleProperty(LossTerm.DEFAULT_GAMMA);
    public final ObjectProperty<TermChoice> term = new SimpleObjectProperty<>(TermChoice.FOCAL);
    /** Poly-1's ε. */
    final DoubleProperty epsilon = new SimpleDoubleProperty(LossTerm.Poly1.DEFAULT_EPSILON);
    /** ASL's γ+ (its γ- is {@link #gamma}) and clip. */
    final DoubleProperty gammaPos = new SimpleDoubleProperty(LossTerm.Asl.DEFAULT.gammaPos());
    final DoubleProperty clip = new SimpleDoubleProperty(LossTerm.Asl.DEFAULT.clip());
    public final ObjectProperty<WeightChoice> weightChoice = new SimpleObjectProperty<>(WeightChoice.NONE);
    final DoubleProperty enetC = new SimpleDoubleProperty(1.10);
    final DoubleProperty beta = new SimpleDoubleProperty(0.999);
    public final StringProperty ignoreIndex = new SimpleStringProperty("255");
    final ObjectProperty<Reduction> reduction = new SimpleObjectProperty<>(Reduction.MEAN);
    public final ObjectProperty<LossForm> form = new SimpleObjectProperty<>(LossForm.ONEHOT);
    public final ObjectProperty<Activation> activation = new SimpleObjectProperty<>(Activation.SOFTMAX);
    /** The sigmoid's α as typed: a number in [0, 1] or "none". */
    final StringProperty alpha = new SimpleStringProperty(String.valueOf(LossSettings.DEFAULT_SIGMOID_ALPHA));
    /** True while the γ slider is dragged: the post's figures wait until it is let go (a pass saved per step). */
    public final BooleanProperty gammaChanging = new SimpleBooleanProperty(false);
    /** Weights read from a file, once, in the background (never at each evaluation). */
    private final ReadOnlyObjectWrapper<WeightScheme.Explicit> weightsFromFile = new ReadOnlyObjectWrapper<>();

    private final TaskExecutor executor;
    private final Consumer<String> errors;

    public LossSettingsViewModel(TaskExecutor executor, Consumer<String> errors) {
        this.executor = executor;
        this.errors = errors;
        // ASL is a sigmoid loss: choosing it takes the sigmoid, and softmax gives it up for focal loss. Invalidation
        // listeners, added first: they run before the ones that ask for an evaluation, which then sees both changed
        term.addListener(x -> {
            TermChoice now = term.get();
            if (now == TermChoice.ASL) {
                activation.set(Activation.SIGMOID);
                gamma.set(LossTerm.Asl.DEFAULT.gammaNeg());
            } else if (shownTerm == TermChoice.ASL) {
                gamma.set(LossTerm.DEFAULT_GAMMA);
            }
            shownTerm = now;
        });
        activation.addListener(x -> {
            if (activation.get() == Activation.SOFTMAX && term.get() == TermChoice.ASL) {
                term.set(TermChoice.FOCAL);
            }
        });
    }

    /** The term before the last change, to tell leaving ASL. */
    private TermChoice shownTerm = TermChoice.FOCAL;

    /** What changes the figures when it changes. */
    public List<Observable> figureInputs() {
        return List.of(gamma, term, epsilon, gammaPos, clip, weightChoice, enetC, beta, weightsFromFile, ignoreIndex, reduction,
                form, activation, alpha);
    }

    /** The term the controls choose, checked. */
    LossTerm lossTerm() {
        return lossTerm(null, 0);
    }

    /** The term with one parameter at another value (null: none), checked. */
    private LossTerm lossTerm(DoubleProperty changed, double value) {
        java.util.function.ToDoubleFunction<DoubleProperty> v = p -> p == changed ? value : p.get();
        return switch (term.get()) {
            case FOCAL -> new LossTerm.Focal(v.applyAsDouble(gamma));
            case POLY1 -> new LossTerm.Poly1(v.applyAsDouble(gamma), v.applyAsDouble(epsilon));
            case FLSD53 -> new LossTerm.Flsd53();
            case ASL -> new LossTerm.Asl(v.applyAsDouble(gammaPos), v.applyAsDouble(gamma), v.applyAsDouble(clip));
        };
    }

    /** Takes a typed parameter where the term takes it; else says why, and the value in use stays. */
    boolean setParameter(DoubleProperty parameter, String text) {
        double v = Controls.parse(text);
        try {
            lossTerm(parameter, v);
        } catch (InputException e) {
            errors.accept(e.getMessage());
            return false;
        }
        parameter.set(v);
        return true;
    }

    /**
     * What the weights choice shows for a choice: given weights that are a dataset's by their
     * dataset and scheme ({@code dataset (enet c=1.1)}), not "from file…".
     */
    public String choiceLabel(WeightChoice c) {
        WeightScheme.Explicit given = weightsFromFile.get();
        String dataset = c == WeightChoice.FILE && given != null ? datasetWeightsName(given.source()) : null;
        return dataset != null ? dataset : c.toString();
    }

    /** The source of a dataset's weights as given weights: {@code dataset DIR, enet(c=1.1)}. */
    public static String datasetWeightsSource(String dataset, WeightScheme scheme) {
        return DATASET_WEIGHTS + dataset + ", " + scheme.describe();
    }

    private static final String DATASET_WEIGHTS = "dataset ";

    /**
     * What the weights choice calls a dataset's weights, {@code dataset (enet c=1.1)}; null for
     * weights from anything else (a file).
     */
    private static String datasetWeightsName(String source) {
        int scheme = source.lastIndexOf(", ");
        if (!source.startsWith(DATASET_WEIGHTS) || scheme < 0) {
            return null;
        }
        return "dataset (" + source.substring(scheme + 2).replaceFirst("^([^(]*)\\((.*)\\)$", "$1 $2") + ")";
    }

    public ReadOnlyObjectProperty<WeightScheme.Explicit> weightsFromFileProperty() {
        return weightsFromFile.getReadOnlyProperty();
    }

    /**
     * Reads class weights from a file in the background and weighs with them; a bad file is named
     * in a message and the weights in use stay.
     */
    public void readWeightsFile(Path file) {
        executor.execute(BackgroundTask.of(p -> new WeightScheme.Explicit(WeightsFile.read(file), file.toString()))
                .onSuccess(w -> {
                    weightsFromFile.set(w);
                    weightChoice.set(WeightChoice.FILE);
                })
                .onFailure(e -> {
                    errors.accept(e instanceof InputException ? e.getMessage() : "Could not read " + file + ": " + e);
                    if (weightsFromFile.get() == null && weightChoice.get() == WeightChoice.FILE) {
                        weightChoice.set(WeightChoice.NONE);
                    }
                }));
    }

    /** Shows settings made elsewhere: a dataset's for one of its images, or the command line's. */
    public void apply(LossSettings s) {
        LossTerm t = s.term();
        activation.set(s.activation());
        term.set(TermChoice.of(t));
        if (t instanceof LossTerm.Poly1 p) {
            epsilon.set(p.epsilon());
        } else if (t instanceof LossTerm.Asl a) {
            gammaPos.set(a.gammaPos());
            clip.set(a.clip());
        }
        if (t.variesGamma()) {
            gamma.set(s.gamma());
        }
        showIgnoreIndex(s.ignoreIndex());
        reduction.set(s.reduction());
        if (s.sigmoid() && (s.alpha() != null || !(t instanceof LossTerm.Asl))) {
            alpha.set(s.alpha() == null ? "none" : String.valueOf(s.alpha()));
        }
        WeightScheme w = s.weights();
        if (w instanceof WeightScheme.Explicit given) {
            weightsFromFile.set(given);
            weightChoice.set(WeightChoice.FILE);
        } else if (w instanceof WeightScheme.Enet e) {
            enetC.set(e.c());
            weightChoice.set(WeightChoice.ENET);
        } else if (w instanceof WeightScheme.EffectiveNumber e) {
            beta.set(e.beta());
            weightChoice.set(WeightChoice.EFFECTIVE);
        } else {
            weightChoice.set(w instanceof WeightScheme.Inverse ? WeightChoice.INVERSE
                    : w instanceof WeightScheme.MedianFrequency ? WeightChoice.MEDIAN : WeightChoice.NONE);
        }
    }

    /** Takes a typed α where it is one; else says why, and the α in use stays. */
    boolean setAlpha(String text) {
        try {
            Double a = LossSettings.parseAlpha(text, "α");
            if (a != null && !(a >= 0 && a <= 1)) {
                throw new InputException("α must be a number in [0, 1] or 'none', got " + text.trim());
            }
        } catch (InputException e) {
            errors.accept(e.getMessage());
            return false;
        }
        alpha.set(text.trim());
        return true;
    }

    /** Moves γ by a step (Ctrl+Up, Ctrl+Down) to the nearest tenth, within [0, MAX_GAMMA]. */
    public void stepGamma(double step) {
        gamma.set(Math.max(0, Math.min(MAX_GAMMA, Math.round((gamma.get() + step) * 10) / 10.0)));
    }

    /**
     * The checked settings of the controls.
     *
     * @param asWritten whether to work out the post's own figures too (a pass more)
     * @throws InputException for a value the loss refuses (an ignore index that is not a number, say)
     */
    public LossSettings settings(boolean asWritten) {
        WeightScheme scheme = switch (weightChoice.get()) {
            case NONE -> new WeightScheme.None();
            case ENET -> new WeightScheme.Enet(enetC.get());
            case INVERSE -> new WeightScheme.Inverse();
            case MEDIAN -> new WeightScheme.MedianFrequency();
            case EFFECTIVE -> new WeightScheme.EffectiveNumber(beta.get());
            case FILE -> weightsFromFile.get() == null ? new WeightScheme.None() : weightsFromFile.get();
        };
        String ignore = ignoreIndex.get() == null || ignoreIndex.get().isBlank() ? "none" : ignoreIndex.get();
        boolean sigmoid = activation.get() == Activation.SIGMOID;
        LossTerm t = lossTerm();
        Double a = sigmoid && !(t instanceof LossTerm.Asl)
                ? LossSettings.parseAlpha(alpha.get() == null || alpha.get().isBlank() ? "none" : alpha.get(), "α") : null;
        return new LossSettings(t, scheme, LossSettings.parseIgnoreIndex(ignore, "Ignore index"), reduction.get(),
                asWritten, activation.get(), a, false);
    }

    /** After an ignore index the labels refuse, the field names again the one the shown figures use. */
    void showIgnoreIndex(Integer used) {
        ignoreIndex.set(used == null ? "none" : used.toString());
    }
}
