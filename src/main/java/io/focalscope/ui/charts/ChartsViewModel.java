package io.focalscope.ui.charts;

import io.focalscope.classes.ClassSet;
import io.focalscope.loss.LossForm;
import io.focalscope.ui.evaluation.Evaluation;
import io.focalscope.ui.task.BackgroundTask;
import io.focalscope.ui.task.LatestOnly;
import io.focalscope.ui.task.TaskExecutor;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * The charts' data: made on the worker with each evaluation ({@link #compute}), and again there
 * when classes are hidden or shown, so that the JavaFX thread only moves bars and points.
 */
public final class ChartsViewModel {

    private final ReadOnlyObjectWrapper<ChartData> data = new ReadOnlyObjectWrapper<>();
    private final LatestOnly lane;
    private final Consumer<String> errors;
    /** The p_t histogram of the last batch seen, kept across γ (p_t does not depend on γ); worker only. */
    private float[] histogramOf;
    private double[] histogram;

    public ChartsViewModel(TaskExecutor executor, Consumer<String> errors) {
        this.lane = new LatestOnly(executor);
        this.errors = errors;
    }

    public ReadOnlyObjectProperty<ChartData> dataProperty() {
        return data.getReadOnlyProperty();
    }

    /** The charts of an evaluation; on the worker only. */
    public ChartData compute(Evaluation e, LossForm form, ClassSet classes, Set<Integer> hidden) {
        float[] pt = e.result().maps().pt();
        if (pt != histogramOf) {
            histogram = ChartData.histogram(pt);
            histogramOf = pt;
        }
        return ChartData.of(e, form, classes, hidden, histogram);
    }

    public void install(ChartData fresh) {
        data.set(fresh);
    }

    /** Works the charts out again for the shown evaluation (classes hidden or shown, another form). */
    public void refresh(Supplier<Evaluation> shown, LossForm form, ClassSet classes, Set<Integer> hidden) {
        Evaluation e = shown.get();
        if (e == null || classes == null) {
            return;
        }
        Set<Integer> hiddenNow = Set.copyOf(hidden);
        lane.submit(BackgroundTask.of(p -> compute(e, form, classes, hiddenNow))
                .onSuccess(c -> {
                    if (shown.get() == e) { // else a newer evaluation brought its own
                        data.set(c);
                    }
                })
                .onFailure(x -> errors.accept("internal error in the charts: " + x)));
    }
}
