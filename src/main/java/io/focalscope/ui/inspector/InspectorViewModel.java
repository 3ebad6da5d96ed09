package io.focalscope.ui.inspector;

import io.focalscope.Versions;
import io.focalscope.classes.ClassSet;
import io.focalscope.classes.ClassSetReader;
import io.focalscope.io.InputException;
import io.focalscope.loss.Activation;
import io.focalscope.loss.LossForm;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.engines.Engines;
import io.focalscope.loss.nd4j.Backend;
import io.focalscope.peers.Peer;
import io.focalscope.render.MapData;
import io.focalscope.render.MapLayer;
import io.focalscope.session.Dataset;
import io.focalscope.session.DatasetLoader;
import io.focalscope.ui.charts.CalibrationViewModel;
import io.focalscope.ui.charts.ChartData;
import io.focalscope.ui.charts.ChartsViewModel;
import io.focalscope.ui.compare.ComparisonViewModel;
import io.focalscope.ui.dataset.DatasetViewModel;
import io.focalscope.ui.evaluation.EngineSession;
import io.focalscope.ui.evaluation.Evaluation;
import io.focalscope.ui.export.ExportViewModel;
import io.focalscope.ui.map.FrameRequest;
import io.focalscope.ui.map.MapViewModel;
import io.focalscope.ui.settings.LossSettingsViewModel;
import io.focalscope.ui.settings.TermChoice;
import io.focalscope.ui.task.BackgroundTask;
import io.focalscope.ui.task.FxTaskExecutor;
import io.focalscope.ui.task.LatestOnly;
import io.focalscope.ui.task.TaskExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.SetChangeListener;

/**
 * The inspector: what is open, its evaluation, and the feature view models (opening, loss
 * settings, map, comparison, charts, exports) that the window binds to. Every load, evaluation,
 * chart and frame is worked out on one {@link TaskExecutor}; a γ step publishes its evaluation,
 * charts and frames in one go on the UI thread, so that one pulse shows them together.
 */
public final class InspectorViewModel implements AutoCloseable {

    public final LossSettingsViewModel loss;
    public final ComparisonViewModel compare = new ComparisonViewModel();
    public final MapViewModel map;
    public final ChartsViewModel charts;
    public final ExportViewModel exports;
    final OpeningViewModel opening;
    public final DatasetViewModel datasets;
    /** The Training tab: a training run's epochs, its data maps and cartography. */
    public final io.focalscope.ui.training.TrainingViewModel training;
    /** Whether the Peers tab is shown: every library's loss is worked out only then (and not while γ is dragged). */
    public final javafx.beans.property.BooleanProperty peersShown = new javafx.beans.property.SimpleBooleanProperty(false);
    /** Whether the Label issues tab is shown: the open file is searched for label issues only then, or for their layer. */
    public final javafx.beans.property.BooleanProperty labelIssuesShown = new javafx.beans.property.SimpleBooleanProperty(false);
    private final ReadOnlyObjectWrapper<io.focalscope.labels.LabelIssueReport> labelIssues = new ReadOnlyObjectWrapper<>();
    /** Whether the Calibration tab is shown: the open file's calibration is worked out only then. */
    public final javafx.beans.property.BooleanProperty calibrationShown = new javafx.beans.property.SimpleBooleanProperty(false);
    /** The Calibration tab's figures, of the open file. */
    public final CalibrationViewModel calibration = new CalibrationViewModel(
            "Reliability diagram and ECE of the open file: worked out when this tab is shown.");

    private final ReadOnlyObjectWrapper<Dataset> dataset = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Evaluation> evaluation = new ReadOnlyObjectWrapper<>();
    /** Whether the figures shown are a sigmoid's, which have no softmax for the label-issue search to read. */
    private final javafx.beans.binding.BooleanBinding labelIssuesNeedSoftmax = javafx.beans.binding.Bindings.createBooleanBinding(
            () -> evaluation.get() != null && evaluation.get().settings().sigmoid(), evaluation);

    private final TaskExecutor executor;
    private final TaskExecutor datasetExecutor;
    private final TaskExecutor trainingExecutor;
    private final LatestOnly evaluations;
    private final EngineSession session;
    private Consumer<String> errorHandler = System.err::println;
    private final ReadOnlyStringWrapper startRefusal = new ReadOnlyStringWrapper(this, "startRefusal");
    private Consumer<String> noticeHandler = notice -> { };
    private List<String> shownWarnings = List.of();
    private Dataset shownIssuesOf;
    private Dataset shownCalibrationOf;
    /** The newest epoch asked for while another file was being opened; null for none. */
    private PendingEpoch pendingEpoch;
    /** Set when a dataset is opened: its first figures choose the sample it opens on. */
    private boolean openOnHardest;
    /** Above 0 while settings are put into the controls in one go: one evaluation after, not one per control. */
    private int quiet;
    private boolean closed;

    /** On the default engine for this machine, in the window. */
    public InspectorViewModel() {
        this("auto");
    }

    /** @param engine {@code auto}, {@code cpu} or {@code nd4j} (see {@link Engines}) */
    public InspectorViewModel(String engine) {
        this(engine, new FxTaskExecutor(), new FxTaskExecutor("focalscope-dataset"), new FxTaskExecutor("focalscope-training"));
    }

    /** With the executor that runs the background work (tests pass one that runs it at once). */
    public InspectorViewModel(String engine, TaskExecutor executor) {
        this(engine, executor, executor);
    }

    /** @param datasetExecutor where dataset scans and training runs run, apart from the inspector's work */
    public InspectorViewModel(String engine, TaskExecutor executor, TaskExecutor datasetExecutor) {
        this(engine, executor, datasetExecutor, datasetExecutor);
    }

    /** @param trainingExecutor where training runs and their data maps are worked out, apart from scans */
    public InspectorViewModel(String engine, TaskExecutor executor, TaskExecutor datasetExecutor, TaskExecutor trainingExecutor) {
        if (!Engines.NAMES.contains(engine == null ? "auto" : engine.toLowerCase(Locale.ROOT))) {
            Engines.choose(engine); // its message names the engines
        }
        this.executor = executor;
        this.evaluations = new LatestOnly(executor);
        this.session = new EngineSession(engine);
        Consumer<String> errors = m -> errorHandler.accept(m);
        Consumer<String> notices = m -> noticeHandler.accept(m);
        loss = new LossSettingsViewModel(executor, errors);
        map = new MapViewModel(executor, compare, loss.form::get, List.of(loss.form), errors);
        charts = new ChartsViewModel(executor, errors);
        exports = new ExportViewModel(executor, dataset::get, evaluation::get, this::exact, map, errors, notices);
        // a file is opened at the settings its first map is shown at (the post's figures too): that
        // evaluation, which refuses bad input before the file replaces the open one, is then the one shown
        opening = new OpeningViewModel(executor, session, () -> loss.settings(true), this::opened, errors, notices);
        this.datasetExecutor = datasetExecutor;
        // the dataset's settings (its weights are for its class count) come with its image, not before it
        datasets = new DatasetViewModel(datasetExecutor, () -> loss.settings(false), session::engine,
                (row, s) -> opening.open(row.files().logits(), row.files().labels(), s),
                errors, Runtime.getRuntime().availableProcessors());
        this.trainingExecutor = trainingExecutor;
        // an epoch opens with the run's settings when its image is selected, with the controls' own when the slider moves
        training = new io.focalscope.ui.training.TrainingViewModel(trainingExecutor, () -> loss.settings(false), session::engine,
                (files, s) -> openEpoch(files.logits(), files.labels(), s), errors, Runtime.getRuntime().availableProcessors());
        // the selected image's data maps come after its file: its map is drawn again with them
        training.mapsProperty().addListener((o, was, now) -> {
            if (now != null && dataset.get() != null && training.mapsFor(dataset.get().batch().logitsSource()) != null) {
                requestEvaluation();
            }
        });
        training.figuresProperty().addListener((o, was, now) -> showDataMapsAvailability());
        opening.busyProperty().addListener((o, was, now) -> {
            PendingEpoch next = pendingEpoch;
            if (!now && next != null) {
                pendingEpoch = null;
                openEpoch(next.logits(), next.labels(), next.with());
            }
        });
        for (Observable o : loss.figureInputs()) {
            o.addListener(x -> requestEvaluation());
        }
        // the second pane's γ, content and library matter only while it is shown (the Peers tab sets all three at once)
        for (Observable o : compare.figureInputs()) {
            o.addListener(x -> {
                if (o == compare.sideBySide || compare.sideBySide.get()) {
                    requestEvaluation();
                }
            });
        }
        peersShown.addListener((o, was, now) -> {
            if (now) {
                requestEvaluation();
            }
        });
        // shown again after the settings changed meanwhile, the list is brought up to them (the session keeps the search)
        labelIssuesShown.addListener((o, was, now) -> {
            if (now) {
                requestEvaluation();
            }
        });
        calibrationShown.addListener((o, was, now) -> {
            if (now) {
                requestEvaluation();
            }
        });
        calibration.classes.bind(map.classes);
        loss.gammaChanging.addListener((o, was, now) -> {
            if (!now) {
                requestEvaluation(); // the post's figures, left out while the slider moved
            }
        });
        map.layer.addListener((o, was, now) -> {
            if (now.needsDataMaps() && !map.dataMapsAvailable.get()) {
                // picked by the keyboard in the list, where it is greyed out: the layer stays; set after this
                // change has reached the layer list, whose binding would not take it back from inside it
                noticeHandler.accept(now.title() + ": " + map.dataMapsReason.get());
                MapLayer back = was == null || was.needsDataMaps() ? MapLayer.FOCAL : was;
                executor.runOnUi(() -> map.layer.set(back));
                return;
            }
            // the values the layer is drawn from come with an evaluation (the map waits for them)
            io.focalscope.render.MapData shown = map.dataProperty().get();
            if (shown != null && (shown.lacksFor(now) || now.needsDataMaps() && shown.dataMaps() == null)) {
                requestEvaluation();
            }
        });
        loss.term.addListener((o, was, now) -> {
            // the post's code is focal loss: another term's map shows its own loss instead
            if (now != TermChoice.FOCAL && map.layer.get() == MapLayer.AS_WRITTEN) {
                map.layer.set(MapLayer.FOCAL);
            }
        });
        loss.activation.addListener((o, was, now) -> {
            // a sigmoid's losses are another quantity than a softmax's (sums over the classes): the
            // range held for one left the other's map one colour
            map.refitRange();
            // the post's loss and its two forms are softmax: a sigmoid map shows the focal loss instead
            if (now == Activation.SIGMOID && (map.layer.get() == MapLayer.AS_WRITTEN || map.layer.get() == MapLayer.FORM_DIFFERENCE
                    || map.layer.get().needsConfidence())) {
                map.layer.set(MapLayer.FOCAL);
            }
        });
        map.hiddenClasses.addListener((SetChangeListener<Integer>) c -> refreshCharts());
        // the map data carries the class colours and the picture: a new evaluation brings them
        map.classes.addListener(x -> requestEvaluation());
        map.image.addListener(x -> requestEvaluation());
    }

    // Read-only views //

    public ReadOnlyObjectProperty<Dataset> datasetProperty() {
        return dataset.getReadOnlyProperty();
    }

    /** Whether the label issues are left out because the activation is sigmoid (the search reads a softmax). */
    public javafx.beans.binding.BooleanExpression labelIssuesNeedSoftmaxProperty() {
        return labelIssuesNeedSoftmax;
    }

    /** The open file's label issues, as the Label issues tab lists them; null until it or the layer is shown. */
    public ReadOnlyObjectProperty<io.focalscope.labels.LabelIssueReport> labelIssuesProperty() {
        return labelIssues.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Evaluation> evaluationProperty() {
        return evaluation.getReadOnlyProperty();
    }

    /** Warms the CPU kernel's vector code in the background, where it computes (see {@link io.focalscope.loss.engines.WarmUp}). */
    public void warmUpEngine() {
        io.focalscope.loss.engines.WarmUp.startInBackground(session::engine);
    }

    /** The engine that computes and its device, such as {@code cpu kernel on CPU (...)}; may ask ND4J (slow the first time). */
    public String engineDescription() {
        return session.engine().describe();
    }

    /** What computes, worked out on the worker (it may load ND4J), for Help ▸ About. */
    public void describeBackend(Consumer<String> then) {
        executor.execute(BackgroundTask.of(p -> "Engine: " + engineDescription() + "\nND4J " + Versions.nd4j()
                + " (" + Backend.name() + " backend)").onSuccess(then).onFailure(this::report));
    }

    /** Where user-facing error messages go (the view shows a dialog). */
    public void setErrorHandler(Consumer<String> handler) {
        errorHandler = handler;
    }

    /** Takes the files of each opening from picked or dropped files that opened (their pair, and picture and class list). */
    public void setOpenedFilesHandler(Consumer<List<String>> handler) {
        opening.setOpenedFilesHandler(handler);
    }

    /** Where short notices go, such as where an export was saved (the view shows them in the status bar). */
    public void setNoticeHandler(Consumer<String> handler) {
        noticeHandler = handler;
    }

    // Opening //

    /** Starts from settings made elsewhere (the command line's {@code open} options). */
    public void useSettings(LossSettings s) {
        loss.apply(s);
    }

    public void openDemo() {
        opening.openDemo();
    }

    /** Opens logits and labels (the same .npz for both is fine), with an optional picture and class list. */
    public void open(String logits, String labels, Path picture, Path classList) {
        open(logits, labels, io.focalscope.io.LogitsLayout.CHANNELS_FIRST, picture, classList);
    }

    /** Opens logits laid out as given ({@code open --channels-last}), and labels, picture and class list. */
    public void open(String logits, String labels, io.focalscope.io.LogitsLayout layout, Path picture, Path classList) {
        opening.open(logits, labels, layout, picture, classList);
    }

    /**
     * Opens a dataset read elsewhere (a start's file, read while the window starts).
     *
     * @param what   what it is, as messages name it
     * @param reader gives it, on the worker; may throw as the readers do
     */
    public void open(String what, java.util.function.Supplier<Dataset> reader) {
        opening.open(what, reader);
    }

    /**
     * Opens the start's file, read elsewhere; where it is large, draws a {@link io.focalscope.session.FirstLook}
     * at it first. Only the start's: there the engine is cold and the whole takes a second or more;
     * warm, the vector code prepares and evaluates 1 x 19 x 1024 x 2048 in about 0.2 s, which a first look would only delay.
     */
    public void openAtStart(String what, java.util.function.Supplier<Dataset> reader) {
        openAtStart(what, reader, List.of());
    }

    /** The same; {@code files}, once they open, go to the recent files as files opened in the window do (none for the demo). */
    public void openAtStart(String what, java.util.function.Supplier<Dataset> reader, List<String> files) {
        int drawn = map.framesInstalled();
        // none computed that could not be drawn; one drawn is taken back if the file does not open
        opening.open(what, reader, map.drawsFirstLook() ? look -> map.drawFirstLook(look, drawn) : null, message -> {
            map.dropFirstLook();
            startRefusal.set(message);
        }, files);
    }

    /**
     * Why the start's file did not open ({@link #openAtStart}), while no file has opened since; null
     * otherwise. A window closed with one ends with a failing exit status, as the command line's would.
     */
    public ReadOnlyStringProperty startRefusalProperty() {
        return startRefusal.getReadOnlyProperty();
    }

    /** Opens files dropped on the window or picked together; logits or labels alone wait for the other. */
    public void openFiles(List<Path> files) {
        opening.openFiles(files);
    }

    public void openImage(Path file) {
        Dataset d = dataset.get();
        if (d != null) {
            executor.execute(BackgroundTask.of(p -> DatasetLoader.readImage(file, d.batch().width(), d.batch().height()))
                    .onSuccess(map.image::set).onFailure(this::report));
        }
    }

    public void openClasses(Path file) {
        Dataset d = dataset.get();
        executor.execute(BackgroundTask.of(p -> {
            ClassSet set = ClassSetReader.read(file);
            // fewer names than classes: the rest are numbered, and the user is told
            String warning = d == null ? null : set.shortfall(file.toString(), d.batch().classes()).orElse(null);
            return new java.util.AbstractMap.SimpleEntry<>(d == null ? set : set.fitted(d.batch().classes()), warning);
        }).onSuccess(read -> {
            map.classes.set(read.getKey());
            if (read.getValue() != null) {
                noticeHandler.accept(read.getValue());
            }
        }).onFailure(this::report));
    }

    /** Shows an opened dataset; returns the classes it is shown with. */
    private ClassSet opened(Dataset d, LossSettings with) {
        openOnHardest = true;
        startRefusal.set(null);
        dataset.set(d);
        ClassSet classes = d.classes();
        if (with != null) {
            applyQuietly(with);
            // an image of a dataset comes without a class list: the names in use stay where they fit
            ClassSet named = map.classes.get();
            if (classes.isNumbered() && named != null && !named.isNumbered()
                    && named.size() == d.batch().classes()) {
                classes = named;
            }
        }
        // one evaluation of the new file, after its classes, picture and layer are in place (each
        // would ask for one: the first then ran beside the second, 0.3 s of a start)
        quiet++;
        try {
            map.opened(classes, d.image(), d.batch().width(), d.batch().height());
            showDataMapsAvailability();
        } finally {
            quiet--;
        }
        requestEvaluation();
        return classes;
    }

    /**
     * Opens a training run's epoch files with the settings given, or with the controls' own (null),
     * as the Dataset tab opens an image.
     */
    private void openEpoch(String logits, String labels, LossSettings with) {
        if (opening.busyProperty().get()) {
            // the slider dragged over many epochs: only the newest waits, so the inspector never lags behind it;
            // it keeps the run's settings that an image's selection queued before it (the slider gives none)
            LossSettings carried = with == null && pendingEpoch != null ? pendingEpoch.with() : with;
            pendingEpoch = new PendingEpoch(logits, labels, carried);
            return;
        }
        LossSettings s;
        try {
            s = with != null ? with : loss.settings(true);
        } catch (InputException e) {
            errorHandler.accept(e.getMessage());
            return;
        }
        opening.open(logits, labels, s);
    }

    /** An epoch's files to open once the file being opened is open. */
    private record PendingEpoch(String logits, String labels, LossSettings with) {
    }

    /** The data-map layers only for a file of the open training run: another file leaves them for the loss. */
    private void showDataMapsAvailability() {
        Dataset d = dataset.get();
        boolean inRun = d != null && training.belongsToRun(d.batch().logitsSource());
        map.dataMapsAvailable.set(inRun);
        map.dataMapsReason.set(training.figuresProperty().get() == null ? "open a training run's image"
                : "the open file is not of the training run");
        if (!inRun && map.layer.get().needsDataMaps()) {
            map.layer.set(MapLayer.FOCAL);
        }
    }

    /** Puts settings into the controls without an evaluation at each control they change. */
    private void applyQuietly(LossSettings s) {
        quiet++;
        try {
            loss.apply(s);
        } finally {
            quiet--;
        }
    }

    // Evaluating //

    /**
     * Works out the figures, charts and frames for the current settings on the worker; a newer
     * request replaces this one if it has not started.
     */
    public void requestEvaluation() {
        Dataset d = dataset.get();
        if (d == null || closed || quiet > 0) {
            return;
        }
        LossSettings s;
        try {
            s = loss.settings(!loss.gammaChanging.get() || map.layer.get() == MapLayer.AS_WRITTEN)
                    .withGradient(map.layer.get().needsGradient());
        } catch (InputException e) {
            errorHandler.accept(e.getMessage());
            layerBackToScreen();
            return;
        }
        Double secondGamma = compare.showsSecondGamma() ? compare.secondGamma.get() : null;
        Peer shownPeer = compare.shownPeer();
        boolean peers = peersShown.get() && !loss.gammaChanging.get(); // every library's loss: a pass each
        LossForm form = loss.form.get();
        ClassSet classes = map.classes.get();
        Set<Integer> hidden = Set.copyOf(map.hiddenClasses);
        int[] picture = map.image.get();
        boolean onHardest = openOnHardest;
        // while the slider moves, a step draws from a preview where the layer allows: no pass over the pixels
        boolean preview = loss.gammaChanging.get() && map.layer.get().drawnFromPreview();
        // the search reads softmax probabilities: with sigmoid there is none to show
        boolean searchIssues = (labelIssuesShown.get() || map.layer.get().needsLabelIssues()) && !s.sigmoid();
        boolean gammaMoving = loss.gammaChanging.get();
        // the top-label confidence and the calibration are a softmax's
        boolean confidence = map.layer.get().needsConfidence() && !s.sigmoid();
        boolean calibrate = calibrationShown.get();
        io.focalscope.dynamics.DataMaps dataMaps = training.mapsFor(d.batch().logitsSource());
        evaluations.submit(BackgroundTask.of(p -> {
            Evaluation e = session.evaluate(d, s, secondGamma, shownPeer, peers, preview);
            if (e == null) {
                return null; // a newer dataset is being opened
            }
            io.focalscope.labels.LabelIssueSearch.BatchIssues issues = searchIssues ? session.labelIssues(d, s, gammaMoving) : null;
            CalibrationViewModel.Outcome calibrated = calibrate ? calibrate(d, s) : null;
            ChartData c = charts.compute(e, form, classes, hidden);
            MapData data = new MapData(e.result(), e.second() != null ? e.second() : e.peer(),
                    d.batch().pixelLabels(s.ignoreIndex()), picture, classes, issues == null ? null : issues.flagged(),
                    confidence ? session.confidence(d) : null, dataMaps);
            FrameRequest latest = map.latestRequest(); // the newest view; the properties belong to the JavaFX thread
            int sample = onHardest ? c.hardestFirst()[0]
                    : latest == null ? 0 : Math.min(latest.view().sample(), d.batch().samples() - 1);
            FrameRequest.Frames frames = latest == null ? null : map.render(latest.withData(data, sample));
            return new Shown(e, c, data, frames, sample, issues == null ? null : issues.report(), calibrated);
        }).onSuccess(shown -> {
            if (shown != null && shown.evaluation().dataset() == dataset.get()) {
                publish(shown, onHardest);
            }
        }).onFailure(this::evaluationFailed));
    }

    /** What one evaluation brings to the window, installed in one go. */
    private record Shown(Evaluation evaluation, ChartData charts, MapData data, FrameRequest.Frames frames, int sample,
                         io.focalscope.labels.LabelIssueReport labelIssues, CalibrationViewModel.Outcome calibration) {
    }

    /** The open file's calibration, or why there is none; on the worker. */
    private CalibrationViewModel.Outcome calibrate(Dataset d, LossSettings s) {
        try {
            io.focalscope.calibration.Calibration c = session.calibration(d, s, CalibrationViewModel.BINS);
            return c == null ? null : CalibrationViewModel.Outcome.of(c);
        } catch (InputException e) {
            return CalibrationViewModel.Outcome.none("No calibration: " + e.getMessage());
        }
    }

    private void publish(Shown s, boolean wasOpening) {
        if (wasOpening) {
            openOnHardest = false;
        }
        evaluation.set(s.evaluation());
        if (s.labelIssues() != null || s.evaluation().dataset() != shownIssuesOf || s.evaluation().settings().sigmoid()) {
            // kept while γ moves (the search does not depend on it), dropped with its file and with sigmoid
            labelIssues.set(s.labelIssues());
            shownIssuesOf = s.evaluation().dataset();
        }
        if (s.calibration() != null || s.evaluation().dataset() != shownCalibrationOf) {
            calibration.install(s.calibration()); // kept while the tab is hidden, dropped with its file
            shownCalibrationOf = s.evaluation().dataset();
        }
        charts.install(s.charts());
        map.install(s.data(), s.frames(), s.sample());
        // a warning is about the weights, not γ: say it once, not at every step of the slider
        List<String> warnings = s.evaluation().result().warnings();
        if (!warnings.equals(shownWarnings)) {
            shownWarnings = warnings;
            warnings.forEach(errorHandler);
        }
    }

    /**
     * A setting the data refuse (an ignore index the labels hold as a label, softmax on one sigmoid
     * channel, weights for another class count): its message, and the controls go back to the
     * settings the shown figures use, so that they never name others and the next γ step computes.
     * γ stays where the user has it: it is never what the data refuse.
     */
    private void evaluationFailed(Exception e) {
        report(e);
        map.dropFirstLook(); // no evaluation's map will replace it
        layerBackToScreen();
        Evaluation used = evaluation.get();
        if (e instanceof InputException && used != null && used.dataset() == dataset.get()) {
            double gamma = loss.gamma.get();
            LossSettings back = used.settings();
            applyQuietly(back);
            if (back.term().variesGamma() && loss.gamma.get() != gamma) {
                loss.gamma.set(gamma); // evaluated: the figures follow the slider again
            }
        }
    }

    /**
     * A layer picked whose values an evaluation was to bring, which failed or was refused: its
     * control goes back to the layer on screen (the map keeps that layer's frames meanwhile).
     */
    private void layerBackToScreen() {
        io.focalscope.ui.map.FrameRequest.Frames shown = map.framesProperty().get();
        if (shown != null && shown.request().data().lacksFor(map.layer.get())) {
            map.layer.set(shown.primary().view().layer());
        }
    }

    /**
     * An evaluation's exact result, for exports: a preview's (γ moving) is evaluated again, on the worker
     * that owns the engine (this runs there, as exports do).
     */
    private io.focalscope.loss.LossResult exact(Evaluation e) {
        if (e.result().maps().ramp() == null) {
            return e.result();
        }
        Evaluation exact = session.evaluate(e.dataset(), e.settings(), null, null, false, false);
        if (exact == null) {
            throw new InputException("export: another file was opened meanwhile; export again");
        }
        return exact.result();
    }

    private void refreshCharts() {
        charts.refresh(evaluation::get, loss.form.get(), map.classes.get(), map.hiddenClasses);
    }

    private void report(Exception e) {
        errorHandler.accept(e instanceof InputException ? e.getMessage() : "internal error: " + e);
    }

    /** Finishes the work in hand, frees the open inspection and ends the worker; safe to call twice. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        datasets.cancel();
        training.cancel();
        executor.execute(BackgroundTask.running(session::close));
        executor.close();
        if (datasetExecutor != executor) {
            datasetExecutor.close();
        }
        if (trainingExecutor != executor && trainingExecutor != datasetExecutor) {
            trainingExecutor.close();
        }
    }
}
