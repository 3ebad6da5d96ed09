package io.focalscope.ui.inspector;

import io.focalscope.loss.AsWritten;
import io.focalscope.loss.LossForm;
import io.focalscope.loss.LossResult;
import io.focalscope.loss.LossTerm;
import io.focalscope.render.Ticks;
import io.focalscope.ui.evaluation.Evaluation;
import io.focalscope.ui.settings.Controls;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/**
 * The figures of the current evaluation: both forms, their difference, cross-entropy, pixels, the
 * post's figures and the backend; side by side, a second column for γ₂.
 */
public final class SummaryPane extends GridPane {

    final Label loss = value("summary-loss");
    final Label secondLoss = value("summary-loss2");
    private final Label[] nll = pair("summary-nll");
    private final Label[] onehot = pair("summary-onehot");
    private final Label[] difference = pair("summary-diff");
    private final Label crossEntropy = value("summary-ce");
    private final Label[] sum = pair("summary-sum");
    private final Label pixels = value("summary-pixels");
    private final Label[] sample = pair("summary-sample");
    private final Label[] asWritten = pair("summary-as-written");
    private final Label backend = value("summary-backend");
    private final Label gradient = value("summary-gradient");
    private final Label gradientTitle = new Label("Gradient |dl/dz|");
    private final Label lossTitle = new Label("Focal loss");
    private final Label sumTitle = new Label("Sum of focal loss");
    private final Label gammaHeading = new Label();
    private final Label sampleTitle = new Label("This sample");
    /** The forms' rows; with sigmoid, which has one form, the first is named for the sigmoid loss and the second hidden. */
    private final Label nllTitle = new Label("nll form");
    private final Label onehotTitle = new Label("onehot form");
    private final Label firstGamma = value("summary-gamma");
    private final Label secondGamma = value("summary-gamma2");
    private final InspectorViewModel vm;
    private Evaluation shown;

    public SummaryPane(InspectorViewModel vm) {
        this.vm = vm;
        setHgap(10);
        setVgap(3);
        setPadding(new Insets(10));
        addRow(0, gammaHeading, firstGamma, secondGamma);
        addRow(1, lossTitle, loss, secondLoss);
        nllTitle.setId("summary-nll-title");
        onehotTitle.setId("summary-onehot-title");
        addRow(2, nllTitle, nll[0], nll[1]);
        addRow(3, onehotTitle, onehot[0], onehot[1]);
        addRow(4, new Label("max |nll − onehot|"), difference[0], difference[1]);
        addRow(5, new Label("Cross-entropy"), crossEntropy);
        addRow(6, sumTitle, sum[0], sum[1]);
        addRow(7, new Label("Pixels"), pixels);
        addRow(8, sampleTitle, sample[0], sample[1]);
        addRow(9, new Label("As the post wrote it"), asWritten[0], asWritten[1]);
        addRow(10, gradientTitle, gradient);
        addRow(11, new Label("Backend"), backend);
        setColumnSpan(pixels, 2);
        setColumnSpan(gradient, 2);
        setColumnSpan(backend, 2);
        // the names keep their width; a long value is cut, whole in its tooltip
        ColumnConstraints names = new ColumnConstraints();
        names.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints first = new ColumnConstraints();
        first.setHgrow(Priority.ALWAYS);
        first.setMinWidth(0);
        ColumnConstraints second = new ColumnConstraints();
        second.setHgrow(Priority.ALWAYS);
        second.setMinWidth(0);
        getColumnConstraints().setAll(names, first, second);
        show(vm.evaluationProperty().get()); // made after a file opened (a start's window)
        vm.evaluationProperty().addListener((o, a, e) -> show(e));
        vm.loss.form.addListener((o, a, b) -> show(shown));
        vm.map.sample.addListener((o, a, b) -> show(shown));
    }

    /** The evaluation the summary shows. */
    public Evaluation shown() {
        return shown;
    }

    private void show(Evaluation e) {
        shown = e;
        if (e == null) {
            return;
        }
        LossForm form = vm.loss.form.get();
        LossResult r = e.result();
        LossResult r2 = e.second();
        boolean two = r2 != null;
        for (Label l : new Label[] {gammaHeading, firstGamma, secondGamma, secondLoss, nll[1], onehot[1], difference[1], sum[1],
                sample[1], asWritten[1]}) {
            show(l, two);
        }
        // side by side, the two losses share the column width of one: a smaller heading
        for (Label l : new Label[] {loss, secondLoss}) {
            l.getStyleClass().removeAll("title-3", "title-4");
            l.getStyleClass().add(two ? "title-4" : "title-3");
        }
        boolean batch = r.sampleMeanLoss().length > 1;
        for (Label l : new Label[] {sampleTitle, sample[0]}) {
            show(l, batch);
        }
        show(sample[1], batch && two);
        firstGamma.setText(r.term().gammaText("γ"));
        gammaHeading.setText("");
        boolean sigmoid = r.activation() == io.focalscope.loss.Activation.SIGMOID;
        nllTitle.setText(sigmoid ? "Sigmoid " + r.term().inSentence() + " loss" : "nll form");
        for (Label l : new Label[] {onehotTitle, onehot[0]}) {
            show(l, !sigmoid);
        }
        show(onehot[1], !sigmoid && two);
        // the term's parameters are in the map's title and the controls; here its name, short, so the value keeps its room
        String term = r.term().title();
        lossTitle.setText(sigmoid ? term + " (sigmoid, " + (r.term() instanceof LossTerm.Asl ? ""
                : "α " + (r.alpha() == null ? "none" : Ticks.label(r.alpha())) + ", ") + r.reduction() + ")"
                : term + " (" + form + ", " + r.reduction() + ")");
        sumTitle.setText("Sum of " + r.term().inSentence() + " loss");
        boolean hasGradient = r.gradient() != null;
        show(gradientTitle, hasGradient);
        show(gradient, hasGradient);
        if (hasGradient) {
            gradient.setText(format(r.gradient().meanNorm()) + " mean (cross-entropy " + format(r.gradient().crossEntropyMeanNorm())
                    + ", ratio " + Ticks.label(r.gradient().meanNorm() / r.gradient().crossEntropyMeanNorm()) + ")");
        }
        crossEntropy.setText(format(r.crossEntropy()));
        // without thousands' commas: with them the demo's "124,872 labelled, 6,200 ignored" no longer fit the column at 1400 px
        pixels.setText(r.pixels() + " labelled, " + r.ignored() + " ignored"
                + (r.nonFinite() > 0 ? ", " + r.nonFinite() + " non-finite" : ""));
        backend.setText(r.backend() + ", " + String.format(Locale.ROOT, "%.1f ms", r.computeMillis()));
        column(r, form, loss, 0);
        if (two) {
            secondGamma.setText(r2.term().gammaText("γ₂"));
            column(r2, form, secondLoss, 1);
        }
    }

    private static void show(Label l, boolean shown) {
        l.setVisible(shown);
        l.setManaged(shown);
    }

    /** The figures of one γ in its column; a long value is short here and whole in its tooltip. */
    private void column(LossResult r, LossForm form, Label lossLabel, int c) {
        lossLabel.setText(format(form.loss(r)));
        boolean sigmoid = r.activation() == io.focalscope.loss.Activation.SIGMOID;
        nll[c].setText(format(sigmoid ? r.lossOnehot() : r.lossNll()));
        onehot[c].setText(format(r.lossOnehot()));
        // a preview (γ moving) has one histogram for both forms: their difference comes with the exact figures
        difference[c].setText(sigmoid ? "– (sigmoid: one form)" : Double.isNaN(r.maxAbsDiff()) ? "– (when γ stops)"
                : Ticks.label(r.maxAbsDiff()));
        sum[c].setText(format(r.sum()));
        int samples = r.sampleMeanLoss().length;
        int s = Math.min(vm.map.sample.get(), samples - 1);
        sampleTitle.setText("Sample " + s + " of 0.." + (samples - 1));
        sample[c].setText(format(r.sampleMeanLoss()[s]) + " mean");
        asWritten[c].setText(sigmoid ? "– (the post's code is softmax)"
                : r.term() instanceof LossTerm.Focal ? asWritten(r.asWritten()) : "– (the post's code is focal loss)");
    }

    /** The post's figures: its loss, or "+inf" where it breaks, and how many pixels break. */
    static String asWritten(AsWritten a) {
        if (a == null) {
            return "– (when γ stops)";
        }
        String broken = a.nonFinitePixels() == 0 ? "" : ", " + io.focalscope.report.Plural.of(a.nonFinitePixels(), "pixel")
                + " -inf/NaN";
        return (a.loss() == null ? "not finite" : format(a.loss())) + broken + ", rel. error ≤ " + Ticks.label(a.maxRelError());
    }

    /**
     * A figure that fits its column: 6 significant digits, and below 0.01 (not 0) or from 10^6
     * 4 in scientific notation ({@code 8.101e-4}), which {@code %.6g} would write {@code 0.000810123}.
     */
    public static String format(double v) {
        double a = Math.abs(v);
        if (a > 0 && (a < 1e-2 || a >= 1e6) && Double.isFinite(v)) {
            return Ticks.scientific(v);
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static Label value(String id) {
        Label l = Controls.withTooltip(new Label("–"));
        l.setId(id);
        l.setMinWidth(0);
        return l;
    }

    private static Label[] pair(String id) {
        return new Label[] {value(id), value(id + "2")};
    }
}
