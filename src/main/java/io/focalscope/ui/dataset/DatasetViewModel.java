package io.focalscope.ui.dataset;

import io.focalscope.dataset.DatasetFigures;
import io.focalscope.dataset.DatasetScan;
import io.focalscope.dataset.ImageDiscovery;
import io.focalscope.dataset.ImageList;
import io.focalscope.dataset.ScanTotals;
import io.focalscope.io.InputException;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.WeightScheme;
import io.focalscope.report.ScanSummaryReader;
import io.focalscope.ui.charts.CalibrationViewModel;
import io.focalscope.ui.settings.LossSettingsViewModel;
import io.focalscope.ui.task.BackgroundTask;
import io.focalscope.ui.task.TaskExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The dataset tab: a scan of a folder or a list in the background (with progress and cancel),
 * the figures it gives, and opening one of its images in the inspector with the dataset's class
 * weights and settings. The scan runs on its own executor, so the inspector stays live meanwhile.
 */
public final class DatasetViewModel {

    private final ReadOnlyBooleanWrapper scanning = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<DatasetFigures> figures = new ReadOnlyObjectWrapper<>();
    /** The scanned images searched for label issues (null for a scan's summary, which has no pixels to search). */
    private final ReadOnlyObjectWrapper<io.focalscope.labels.LabelIssueReport> labelIssues = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper source = new ReadOnlyStringWrapper("");
    /**
     * Whether a scan works out the calibration too: each image's ECE and the dataset's reliability
     * diagram. Off unless ticked: on 2 cores it added about 1.6 s to a scan of 8 images of
     * 19 x 256 x 512 that took 1.3 s (and 2.8 s more for its label issues).
     */
    public final javafx.beans.property.BooleanProperty withCalibration = new javafx.beans.property.SimpleBooleanProperty(false);
    /** The dataset's calibration, as the last scan found it. */
    public final CalibrationViewModel calibration = new CalibrationViewModel(
            "The dataset's reliability diagram and ECE come with a scan with Calibration ticked.");

    private final TaskExecutor executor;
    private final Supplier<LossSettings> settings;
    private final Supplier<FocalLossEngine> engine;
    private final BiConsumer<DatasetFigures.ImageRow, LossSettings> openInInspector;
    private final Consumer<String> errors;
    private final int threads;
    private AtomicBoolean cancel = new AtomicBoolean();
    /** Set for the next scan: its hardest image opens in the inspector when it finishes ({@code open-dataset}). */
    private boolean openHardestNext;

    /**
     * @param settings        the inspector's settings, checked, which a scan takes
     * @param openInInspector opens an image's files with the settings to show it at
     */
    public DatasetViewModel(TaskExecutor executor, Supplier<LossSettings> settings, Supplier<FocalLossEngine> engine,
                     BiConsumer<DatasetFigures.ImageRow, LossSettings> openInInspector, Consumer<String> errors, int threads) {
        this.executor = executor;
        this.settings = settings;
        this.engine = engine;
        this.openInInspector = openInInspector;
        this.errors = errors;
        this.threads = threads;
    }

    public ReadOnlyBooleanProperty scanningProperty() {
        return scanning.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** What the scan did or is doing, for the tab's header. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The figures of the last finished scan; they stay while another runs, and after a failed one. */
    public ReadOnlyObjectProperty<DatasetFigures> figuresProperty() {
        return figures.getReadOnlyProperty();
    }

    /** The folder or list the shown figures come from. */
    public ReadOnlyStringProperty sourceProperty() {
        return source.getReadOnlyProperty();
    }

    /**
     * What a scan or a read summary brings: its figures and, for a scan, how long it took.
     *
     * @param issuesNote why the label issues are missing, where the search did not finish; null otherwise
     */
    private record Shown(DatasetFigures figures, Double scanSeconds, io.focalscope.labels.LabelIssueReport labelIssues, String issuesNote) {
    }

    public ReadOnlyObjectProperty<io.focalscope.labels.LabelIssueReport> labelIssuesProperty() {
        return labelIssues.getReadOnlyProperty();
    }

    /**
     * Scans a folder (searched recursively) or a CSV list at the inspector's settings; a scan's
     * summary ({@code summary.json}, a Spark job's) is shown as it is.
     */
    public void scan(Path folderOrList) {
        boolean openHardest = openHardestNext; // for this scan only, whether or not it starts
        openHardestNext = false;
        if (scanning.get()) {
            errors.accept("A scan is running: cancel it first");
            return;
        }
        LossSettings s;
        try {
            s = settings.get().withoutAsWritten();
        } catch (InputException e) {
            errors.accept(e.getMessage());
            return;
        }
        int calibrationBins = withCalibration.get() ? CalibrationViewModel.BINS : 0;
        String noCalibration = !withCalibration.get() ? "Scanned without calibration: tick Calibration and scan again for its figures." : null;
        AtomicBoolean cancelled = new AtomicBoolean();
        cancel = cancelled;
        scanning.set(true);
        progress.set(0);
        message.set("Scanning " + folderOrList + "…");
        executor.execute(BackgroundTask.of(p -> {
            if (folderOrList.getFileName() != null && folderOrList.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
                // a scan's summary, a cluster job's say: shown as it is, nothing scanned
                return new Shown(ScanSummaryReader.read(folderOrList), null, null, null);
            }
            ImageList list = Files.isDirectory(folderOrList)
                    ? ImageDiscovery.inFolder(folderOrList, ImageDiscovery.LOGITS_SUFFIX, ImageDiscovery.LABELS_SUFFIXES)
                    : ImageDiscovery.fromList(folderOrList);
            if (list.images().isEmpty()) {
                throw ImageDiscovery.noImages(folderOrList.toString(), ImageDiscovery.LOGITS_SUFFIX, ImageDiscovery.LABELS_SUFFIXES);
            }
            FocalLossEngine e = engine.get();
            long start = System.nanoTime();
            ScanTotals totals = DatasetScan.run(list, e, s, threads, calibrationBins, (done, total) -> p.update((double) done / total,
                    String.format(Locale.ROOT, "Scanning %s: %d of %d images", folderOrList.getFileName(), done, total)),
                    cancelled::get);
            if (totals.images().isEmpty()) {
                throw InputException.of(folderOrList.toString(), "none of its " + list.images().size()
                        + " images could be read; the first: " + totals.failed().get(0).error());
            }
            // a dataset whose least NLL lies beyond 5 % of T = 1: its images read again for the NLL at 19 temperatures
            DatasetScan.settleTemperature(totals, s, threads, (done, total) -> p.update((double) done / total,
                    String.format(Locale.ROOT, "Fitting %s's temperature: %d of %d images", folderOrList.getFileName(), done, total)),
                    cancelled::get);
            DatasetFigures f = DatasetFigures.of(totals, s, e.describe());
            double seconds = (System.nanoTime() - start) / 1e9;
            // then its label issues, as cleanlab finds them over the whole dataset (softmax only: the method reads probabilities)
            if (s.sigmoid()) {
                return new Shown(f, seconds, null, "no label issues with sigmoid: the search reads softmax probabilities");
            }
            // the scan's figures stand if the search is cancelled or fails: it is a second look, not the scan
            try {
                return new Shown(f, seconds, io.focalscope.labels.LabelIssueSearch.run(list,
                    new io.focalscope.labels.LabelIssueSearch.Options(s, 0.1, threads), (pass, done, total) -> {
                        if (cancelled.get()) {
                            throw new CancellationException("scan cancelled");
                        }
                        int passes = io.focalscope.labels.LabelIssueSearch.PASSES;
                        p.update((double) ((pass - 1) * total + done) / (passes * total), String.format(Locale.ROOT,
                                "Finding label issues in %s: pass %d of %d, %d of %d images", folderOrList.getFileName(), pass, passes,
                                done, total));
                    }, null), null);
            } catch (CancellationException stopped) {
                return new Shown(f, seconds, null, "label-issue search cancelled");
            } catch (InputException failed) {
                return new Shown(f, seconds, null, "no label issues: " + failed.getMessage());
            }
        }).showingProgress((done, text) -> {
            progress.set(done);
            message.set(text);
        }).onSuccess(result -> {
            DatasetFigures f = result.figures();
            scanning.set(false);
            progress.set(1);
            source.set(folderOrList.toString());
            labelIssues.set(result.labelIssues());
            boolean summary = result.scanSeconds() == null;
            calibration.install(f.calibration() != null ? CalibrationViewModel.Outcome.of(f.calibration())
                    : CalibrationViewModel.Outcome.none(summary || noCalibration == null
                    ? "This summary holds no calibration: its scan did not ask for it (scan --calibration)." : noCalibration));
            figures.set(f);
            String skipped = f.failed().isEmpty() ? "" : ", " + io.focalscope.report.Plural.of(f.failed().size(), "file") + " skipped";
            Double seconds = result.scanSeconds();
            message.set(seconds == null ? folderOrList + ": " + io.focalscope.report.Plural.of(f.images(), "image") + skipped + ", a scan's summary (" + f.backend() + ")"
                    : String.format(Locale.ROOT, "%s: %s%s in %.1f s%s", folderOrList, io.focalscope.report.Plural.of(f.images(), "image"), skipped, seconds,
                    result.issuesNote() == null ? "" : "; " + result.issuesNote()));
            if (openHardest && !f.perImage().isEmpty() && localPath(f.perImage().get(0).files().logits()) != null
                    && localPath(f.perImage().get(0).files().labels()) != null) {
                open(f.perImage().get(0));
            }
        }).onFailure(e -> {
            scanning.set(false);
            progress.set(0);
            if (e instanceof CancellationException) {
                message.set("Scan of " + folderOrList + " cancelled" + (figures.get() == null ? "" : "; the figures shown are of " + source.get()));
            } else {
                String text = e instanceof InputException ? e.getMessage() : "Could not scan " + folderOrList + ": " + e;
                message.set(text);
                errors.accept(text);
            }
        }));
    }

    /**
     * Opens the hardest image of the next scan in the inspector when the scan finishes (where its
     * files are on this machine), as {@code focalscope open-dataset} asks.
     */
    public void openHardestWhenScanned() {
        openHardestNext = true;
    }

    /** A local path for a file a summary names ({@code file:/...} or a path), or null where it is not reachable here. */
    static String localPath(String file) {
        String path = file.startsWith("file:") ? java.net.URI.create(file).getPath() : file.contains("://") ? null : file;
        return path != null && Files.isRegularFile(Path.of(path)) ? path : null;
    }

    /** What the images table's ECE column shows of a row: its ECE, or nothing where the scan did not work it out. */
    public static Double eceColumn(DatasetFigures.ImageRow r) {
        return Double.isNaN(r.ece()) ? null : r.ece();
    }

    /** Stops the running scan after the images being read. */
    public void cancel() {
        cancel.set(true);
    }

    /**
     * Opens an image in the inspector with the dataset's weights (as given weights, so that they
     * stay those of the whole dataset, not of this image) and the scan's γ, ignore index and
     * reduction.
     */
    public void open(DatasetFigures.ImageRow row) {
        DatasetFigures f = figures.get();
        if (f == null) {
            return;
        }
        LossSettings scanned = f.settings();
        String logits = localPath(row.files().logits());
        String labels = localPath(row.files().labels());
        if (logits == null || labels == null) {
            errors.accept(row.name() + ": its files are not on this machine (" + row.files().logits() + "); only the"
                    + " figures of the summary can be shown");
            return;
        }
        row = new DatasetFigures.ImageRow(row.rank(), new io.focalscope.dataset.ImageFiles(row.name(), logits, labels),
                row.samples(), row.height(), row.width(), row.pixels(), row.ignored(), row.meanFocal(), row.crossEntropy(),
                row.worstClass(), row.worstClassShare(), row.ece());
        WeightScheme weights = scanned.weights() instanceof WeightScheme.None ? scanned.weights()
                : new WeightScheme.Explicit(f.classWeights().values(), LossSettingsViewModel.datasetWeightsSource(source.get(), scanned.weights()));
        openInInspector.accept(row, new LossSettings(scanned.term(), weights, scanned.ignoreIndex(), scanned.reduction(), true,
                scanned.activation(), scanned.alpha(), false));
    }
}
