package io.focalscope.ui;

import io.focalscope.loss.AsWritten;
import io.focalscope.loss.LossResult;
import io.focalscope.render.Ticks;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The figures of the current evaluation: both forms, their difference, cross-entropy, pixels, backend. */
final class SummaryPane extends GridPane {

    final Label loss = value("summary-loss");
    private final Label forms = value("summary-forms");
    private final Label difference = value("summary-diff");
    private final Label crossEntropy = value("summary-ce");
    private final Label sum = value("summary-sum");
    private final Label pixels = value("summary-pixels");
    private final Label sample = value("summary-sample");
    private final Label backend = value("summary-backend");
    private final Label asWritten = value("summary-as-written");
    private final Label lossTitle = new Label("Focal loss");

    SummaryPane(InspectorViewModel vm) {
        setHgap(10);
        setVgap(3);
        setPadding(new Insets(10));
        addRow(0, lossTitle, loss);
        addRow(1, new Label("nll | onehot"), forms);
        addRow(2, new Label("max |nll − onehot|"), difference);
        addRow(3, new Label("Cross-entropy"), crossEntropy);
        addRow(4, new Label("Sum of focal loss"), sum);
        addRow(5, new Label("Pixels"), pixels);
        addRow(6, new Label("This sample"), sample);
        addRow(7, new Label("As the post wrote it"), asWritten);
        addRow(8, new Label("Backend"), backend);
        loss.getStyleClass().add("title-3");
        // the names keep their width; a long value (the post's figures, the engine) is cut, whole in its tooltip
        ColumnConstraints names = new ColumnConstraints();
        names.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        values.setMinWidth(0);
        getColumnConstraints().setAll(names, values);
        for (Label l : List.of(asWritten, backend)) {
            Tooltip whole = new Tooltip();
            whole.textProperty().bind(l.textProperty());
            l.setTooltip(whole);
        }
        vm.evaluationProperty().addListener((o, a, e) -> show(e, vm));
        vm.form.addListener((o, a, b) -> show(vm.evaluationProperty().get(), vm));
        vm.sample.addListener((o, a, b) -> show(vm.evaluationProperty().get(), vm));
    }

    private void show(Evaluation e, InspectorViewModel vm) {
        if (e == null) {
            return;
        }
        LossResult r = e.result();
        lossTitle.setText("Focal (" + vm.form.get() + ", " + r.reduction() + ")");
        loss.setText(format(vm.form.get().loss(r)));
        forms.setText(format(r.lossNll()) + " | " + format(r.lossOnehot()));
        difference.setText(Ticks.label(r.maxAbsDiff()));
        crossEntropy.setText(format(r.crossEntropy()));
        sum.setText(format(r.sum()));
        pixels.setText(r.pixels() + " labelled, " + r.ignored() + " ignored"
                + (r.nonFinite() > 0 ? ", " + r.nonFinite() + " non-finite" : ""));
        int s = Math.min(vm.sample.get(), r.sampleMeanLoss().length - 1);
        int samples = r.sampleMeanLoss().length;
        sample.setText("mean focal " + format(r.sampleMeanLoss()[s]) + (samples == 1 ? "" : " (sample " + s + " of 0.." + (samples - 1) + ")"));
        AsWritten a = r.asWritten();
        asWritten.setText(a == null ? "– (when γ stops)" : (a.loss() == null ? "not finite" : format(a.loss())) + ": "
                + a.nonFinitePixels() + " pixels -inf/NaN, rel. error ≤ " + Ticks.label(a.maxRelError()));
        backend.setText(r.backend() + ", " + String.format(Locale.ROOT, "%.1f ms", r.computeMillis()));
    }

    static String format(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static Label value(String id) {
        Label l = new Label("–");
        l.setId(id);
        return l;
    }
}
