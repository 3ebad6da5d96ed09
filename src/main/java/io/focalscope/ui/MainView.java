package io.focalscope.ui;

import io.focalscope.ui.controls.LazyTab;
import io.focalscope.render.Frame;
import io.focalscope.ui.charts.ChartData;
import io.focalscope.ui.charts.ChartsPane;
import io.focalscope.ui.compare.PeersPane;
import io.focalscope.ui.compare.SecondGammaControls;
import io.focalscope.ui.dataset.DatasetPane;
import io.focalscope.ui.evaluation.Evaluation;
import io.focalscope.ui.inspector.InspectorViewModel;
import io.focalscope.ui.inspector.SampleControls;
import io.focalscope.ui.inspector.StatusBar;
import io.focalscope.ui.inspector.SummaryPane;
import io.focalscope.ui.map.ClassListPane;
import io.focalscope.ui.map.MapControls;
import io.focalscope.ui.map.MapPanes;
import io.focalscope.ui.settings.AppPreferences;
import io.focalscope.ui.settings.LossControls;
import io.focalscope.ui.settings.Theme;
import io.focalscope.ui.settings.WeightChoice;
import io.focalscope.ui.settings.WindowLayout;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Orientation;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The window's shell: the menus, the settings column, the map panes and the figures and charts
 * beside them, the status bar, and the Dataset tab beside the inspector once a dataset is opened.
 * The features make their own parts; this puts them in place and wires them to each other.
 */
public final class MainView extends BorderPane {

    private final InspectorViewModel vm;
    private final Stage stage;
    private final AppPreferences prefs;
    private final Dialogs dialogs;
    private final Theme theme;
    final WindowLayout windowLayout;
    private final MainMenu menu;
    final MapPanes mapsArea;
    final SplitPane main;
    final VBox left;
    final VBox right;
    SecondGammaControls secondGamma;
    LossControls controls;
    MapControls mapControls;
    ClassListPane classList;
    SummaryPane summary;
    ChartsPane charts;
    final StatusBar status;
    DatasetPane datasetPane;
    PeersPane peers;
    io.focalscope.ui.inspector.LabelIssuesPane labelIssues;
    io.focalscope.ui.charts.CalibrationPane calibration;
    io.focalscope.ui.training.TrainingPane training;
    private Tab trainingTab;
    private final TabPane tabs = new TabPane();
    private final Tab inspectorTab = new Tab("Inspector");
    private final Tab datasetTab = new Tab("Dataset");
    /** The status bar's hint on the Dataset tab. */
    static final String DATASET_HINT = "Click an image in the table to open it in the inspector.";
    /** Set by a click in the dataset table: the image it opens is shown in the inspector tab. */
    private boolean opensFromDataset;
    /** Set once the side columns are made and in place. */
    private boolean columnsMade;
    /** What waits for the side columns ({@link #whenColumnsMade}). */
    private final java.util.List<Runnable> whenColumnsMade = new java.util.ArrayList<>();

    /** When the side columns (settings, figures, charts) are made. */
    public enum Columns {
        /** With the window. */
        NOW,
        /**
         * By {@link #buildColumns}, once the first map is drawn: a start shows the menus, the map and the
         * status bar first. Making and styling the columns' few hundred controls takes a start's JavaFX
         * thread 1 to 1.5 s on two cores (docs/performance.md), which the map no longer waits for.
         */
        LATER
    }

    public MainView(InspectorViewModel vm, Stage stage, AppPreferences prefs) {
        this(vm, stage, prefs, Columns.NOW);
    }

    public MainView(InspectorViewModel vm, Stage stage, AppPreferences prefs, Columns columns) {
        this.vm = vm;
        this.stage = stage;
        this.prefs = prefs;
        dialogs = new Dialogs(stage, prefs);
        theme = new Theme(prefs);
        status = new StatusBar(vm);
        left = new VBox();
        left.setMinWidth(220);
        right = new VBox();
        right.setMinWidth(260);
        mapsArea = new MapPanes(vm.map, vm.compare, () -> {
            Evaluation e = vm.evaluationProperty().get();
            return e == null ? null : e.dataset().batch();
        }, status.readout::setText);
        main = new SplitPane(left, mapsArea, right);
        windowLayout = new WindowLayout(prefs, main, left, right);
        menu = new MainMenu(vm, dialogs, prefs, this::open, this::openDataset, this::openTraining, theme.dark, stage::close);
        createView();
        initListeners();
        if (columns == Columns.NOW) {
            buildColumns();
        }
    }

    /** Whether the side columns are made. */
    boolean hasColumns() {
        return columnsMade;
    }

    /**
     * Makes the side columns and puts them in place, each showing what the view models hold now (the
     * file, its figures, the settings); does nothing once they are made.
     */
    public void buildColumns() {
        if (controls != null) { // made, or being made (a message while they are)
            return;
        }
        secondGamma = new SecondGammaControls(vm.compare);
        controls = new LossControls(vm.loss, secondGamma);
        mapControls = new MapControls(vm.map);
        classList = new ClassListPane(vm.map);
        summary = new SummaryPane(vm);
        charts = new ChartsPane(vm.charts);
        peers = new PeersPane(vm.compare);
        // in a small window the table, its detail and "Draw … beside ours" scroll rather than squeeze
        // (at 1000 x 620 half a row showed and the check box was cut off)
        javafx.scene.control.ScrollPane peersScroll = new javafx.scene.control.ScrollPane(peers);
        peersScroll.setFitToWidth(true);
        peersScroll.setFitToHeight(true);
        Tab peersTab = LazyTab.of("Peers", peersScroll);
        peersTab.setTooltip(new javafx.scene.control.Tooltip("What kornia, MONAI, smp, mmseg, torchvision and Keras return for these inputs"));
        charts.chartTabs().add(peersTab);
        vm.peersShown.bind(charts.showing(peersTab));
        labelIssues = new io.focalscope.ui.inspector.LabelIssuesPane(vm);
        Tab issuesTab = LazyTab.of("Label issues", labelIssues);
        issuesTab.setTooltip(new javafx.scene.control.Tooltip("Pixels whose label is likely wrong, as cleanlab finds them"));
        charts.getTabs().add(issuesTab);
        vm.labelIssuesShown.bind(issuesTab.selectedProperty());
        calibration = new io.focalscope.ui.charts.CalibrationPane(vm.calibration, "calibration");
        javafx.scene.control.ScrollPane calibrationScroll = new javafx.scene.control.ScrollPane(calibration);
        calibrationScroll.setFitToWidth(true);
        Tab calibrationTab = LazyTab.of("Calibration", calibrationScroll);
        calibrationTab.setTooltip(new javafx.scene.control.Tooltip("Can the network's confidence be trusted: the reliability"
                + " diagram, ECE and the temperature that would fit it, of the open file"));
        charts.getTabs().add(calibrationTab);
        vm.calibrationShown.bind(calibrationTab.selectedProperty());
        training = new io.focalscope.ui.training.TrainingPane(vm.training, dialogs::openFolder,
                title -> dialogs.openFile(title, "*.csv"), vm.map.classes);
        ScrollPane trainingScroll = new ScrollPane(training);
        trainingScroll.setFitToWidth(true);
        trainingTab = LazyTab.of("Training", trainingScroll);
        trainingTab.setId("training-tab");
        trainingTab.setTooltip(new javafx.scene.control.Tooltip("A training run's epochs: each pixel's confidence, variability and"
                + " correctness over them, the images' data map, and an epoch slider for the inspector"));
        charts.getTabs().add(trainingTab);
        // a batch's sample first: it changes everything below
        VBox settings = new VBox(6, new SampleControls(vm), controls, mapControls);
        settings.setPadding(new javafx.geometry.Insets(6));
        ScrollPane scroll = new io.focalscope.ui.controls.UncachedScrollPane(settings);
        scroll.setFitToWidth(true);
        SplitPane leftSplit = new SplitPane(scroll, classList);
        leftSplit.setOrientation(Orientation.VERTICAL);
        io.focalscope.ui.controls.KeptShare.of(leftSplit, 0.65);
        VBox.setVgrow(leftSplit, Priority.ALWAYS);
        left.getChildren().setAll(leftSplit);
        VBox.setVgrow(charts, Priority.ALWAYS);
        charts.setMinHeight(0);
        right.getChildren().setAll(summary, charts);
        datasetPane = new DatasetPane(vm.datasets, vm.map.classes::get, () -> vm.datasets.scan(Path.of(vm.datasets.sourceProperty().get())));
        initColumnListeners();
        columnsMade = true;
        // the Dataset and Training tabs' panes show only changes: scans and runs start through
        // openDataset and openTraining, which make the columns first
        javafx.stage.Window window = getScene() == null ? null : getScene().getWindow();
        if (window != null && window.isShowing()) {
            // made after the window showed: the split pane had laid its empty columns out at their
            // least widths, and the keyboard went to the first control laid out (the side panel's tabs)
            windowLayout.restoreColumns();
            // γ's slider takes the keyboard at the end of the next layout, when it has its skin
            io.focalscope.ui.controls.Pulses.whenLaidOut(getScene(), () -> true, controls::takeKeyboard);
        }
        List<Runnable> waiting = List.copyOf(whenColumnsMade);
        whenColumnsMade.clear();
        waiting.forEach(Runnable::run);
    }

    /** Runs an action once the side columns are made: now if they are. */
    public void whenColumnsMade(Runnable action) {
        if (hasColumns()) {
            action.run();
        } else {
            whenColumnsMade.add(action);
        }
    }

    private void createView() {
        getStylesheets().add(MainView.class.getResource("focalscope.css").toExternalForm());
        if (!javafx.application.Platform.isSupported(javafx.application.ConditionalFeature.TRANSPARENT_WINDOW)) {
            getStyleClass().add(OPAQUE_POPUPS);
        }
        io.focalscope.ui.controls.WindowKeys.install(this);
        // the keyboard starts on γ's slider, where the arrows step it, not on the first section's
        // header, unmarked, where Space folded the section
        sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                scene.windowProperty().addListener((w, a, window) -> focusControlsWhenShown(window));
            }
        });
        // every column may shrink to the window: else the charts' own minimum height pushes the
        // status bar (the hover readout) out of a window below about 860 px
        for (Region r : List.of(left, right, main)) {
            r.setMinHeight(0);
        }
        // the side columns keep their width as the window changes; the maps take the rest
        SplitPane.setResizableWithParent(left, false);
        SplitPane.setResizableWithParent(right, false);
        setTop(menu);
        setCenter(main);
        setBottom(status);
        windowLayout.restoreColumns();
    }

    private void initListeners() {
        vm.setErrorHandler(this::showError);
        vm.setNoticeHandler(status.readout::setText);
        vm.setOpenedFilesHandler(files -> {
            prefs.addRecent(files);
            menu.refreshRecent();
        });
        vm.map.dark.bind(theme.dark);
        theme.dark.addListener((o, was, dark) -> markDark(dark));
        markDark(theme.dark.get());
        vm.datasetProperty().addListener((o, a, d) -> {
            if (d != null) {
                stage.setTitle("focalscope — " + d.title());
                // a new file: no notice about the last one stays ("Saved …", "Opened …"); its own come after
                status.readout.setText(hint());
            }
        });
        theme.restore();
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        setOnDragDropped(e -> {
            List<Path> files = e.getDragboard().getFiles().stream().map(File::toPath).toList();
            e.setDropCompleted(!files.isEmpty());
            e.consume();
            open(files);
        });
    }

    /** What ties the side columns to the view models beyond their own bindings, from what these hold now. */
    private void initColumnListeners() {
        showPixelChartTitle(vm.loss.activation.get());
        vm.loss.activation.addListener((o, was, now) -> showPixelChartTitle(now));
        peers.show(vm.evaluationProperty().get());
        vm.evaluationProperty().addListener((o, a, e) -> peers.show(e));
        controls.setOnChooseWeightsFile(() -> {
            Path f = dialogs.openFile("Class weights", "*.txt", "*.csv", "*.npy");
            if (f != null) {
                vm.loss.readWeightsFile(f);
            } else if (vm.loss.weightsFromFileProperty().get() == null) {
                vm.loss.weightChoice.set(WeightChoice.NONE);
            }
        });
    }

    private void showPixelChartTitle(io.focalscope.loss.Activation a) {
        charts.pixelChart.setTitle(a == io.focalscope.loss.Activation.SIGMOID ? "Positive targets" : "Labelled pixels");
    }

    /** Gives γ's slider the keyboard now, or when the window first shows (a later show leaves it where the user left it). */
    private void focusControlsWhenShown(javafx.stage.Window window) {
        if (window == null) {
            return;
        }
        if (window.isShowing()) {
            if (hasColumns()) {
                controls.takeKeyboard();
            }
            return;
        }
        window.addEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN, new javafx.event.EventHandler<>() {
            @Override
            public void handle(javafx.stage.WindowEvent e) {
                window.removeEventHandler(javafx.stage.WindowEvent.WINDOW_SHOWN, this);
                if (hasColumns()) { // else the columns, made later, take the keyboard then
                    controls.takeKeyboard();
                }
            }
        });
    }

    /** The style class of a window whose popups cannot be transparent: focalscope.css takes their shadows off. */
    static final String OPAQUE_POPUPS = "opaque-popups";

    /** The style class focalscope.css gives dark-theme rules by. */
    private void markDark(boolean dark) {
        getStyleClass().remove("dark-theme");
        if (dark) {
            getStyleClass().add("dark-theme");
        }
    }

    /** Whether the map pane shows a map. */
    boolean showsMap() {
        return mapsArea.primary.isDrawn();
    }

    /** Whether an evaluation's map is on screen, not a first look at the file. */
    boolean showsEvaluatedMap() {
        return mapsArea.primary.showsEvaluation();
    }

    /** Whether the map, the summary and the charts all show the evaluation shown (whatever its γ, NaN for FLSD-53). */
    boolean showsOneEvaluation() {
        Evaluation e = vm.evaluationProperty().get();
        return e != null && showsGamma(e.result().gamma());
    }

    /** Whether the scene shows γ: the map drawn from its evaluation, the summary and the charts on it. */
    boolean showsGamma(double gamma) {
        if (!hasColumns()) {
            return false;
        }
        Frame f = mapsArea.primary.frame();
        Evaluation e = summary.shown();
        ChartData c = charts.shown();
        // γ is NaN for FLSD-53, whose γ is per pixel
        return f != null && mapsArea.primary.isDrawn() && Double.compare(f.data().result().gamma(), gamma) == 0 && e != null
                && e.result() == f.data().result() && c != null && Double.compare(c.gamma(), gamma) == 0;
    }

    /**
     * Scans a dataset folder or list in the Dataset tab, which appears beside the inspector the
     * first time; a click on one of its images opens it in the inspector tab.
     */
    public void openDataset(Path folderOrList) {
        buildColumns();
        if (getCenter() != tabs) {
            setCenter(null);
            inspectorTab.setContent(main);
            datasetTab.setContent(datasetPane);
            tabs.getTabs().setAll(inspectorTab, datasetTab);
            tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
            tabs.setId("main-tabs");
            setCenter(tabs);
            vm.datasetProperty().addListener((o, was, now) -> {
                if (opensFromDataset) {
                    opensFromDataset = false;
                    tabs.getSelectionModel().select(inspectorTab);
                }
            });
            // the status bar's hint is the map's; on the Dataset tab it says what a click there does
            tabs.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
                String text = status.readout.getText();
                if (text.equals(io.focalscope.ui.map.PixelReadout.HINT) || text.equals(DATASET_HINT)) {
                    status.readout.setText(hint());
                }
            });
            datasetPane.table.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_CLICKED, e -> opensFromDataset = true);
            datasetPane.table.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> opensFromDataset = true);
        }
        tabs.getSelectionModel().select(datasetTab);
        prefs.lastFolder(folderOrList.toAbsolutePath().getParent());
        vm.datasets.scan(folderOrList);
    }

    /**
     * Follows a training run folder in the side panel's Training tab, shown; its labels folder is DIR/labels
     * where that exists unless given.
     */
    public void openTraining(Path run, Path labels) {
        openTraining(new io.focalscope.dynamics.EpochSource.Folder(run,
                labels != null ? labels : io.focalscope.ui.training.TrainingViewModel.suggestedLabels(run)));
    }

    /**
     * Follows a training run, a folder or a list, in the side panel's Training tab, shown; the
     * inspector then opens its lowest-confidence image, as the tab's own Open buttons do.
     */
    public void openTraining(io.focalscope.dynamics.EpochSource run) {
        buildColumns();
        charts.getSelectionModel().select(trainingTab);
        prefs.lastFolder(run.path().toAbsolutePath().getParent());
        training.openRun(run);
    }

    /** The status bar's hint for the tab shown. */
    private String hint() {
        return showsDataset() ? DATASET_HINT : io.focalscope.ui.map.PixelReadout.HINT;
    }

    /** Whether the Dataset tab is shown. */
    boolean showsDataset() {
        return getCenter() == tabs && tabs.getSelectionModel().getSelectedItem() == datasetTab;
    }

    /** Opens files together, as from the Open dialog or a drop; remembers them as recent. */
    public void open(List<Path> files) {
        if (files.isEmpty()) {
            return;
        }
        prefs.lastFolder(files.get(0).toAbsolutePath().getParent());
        vm.openFiles(files); // remembered as recent once they open, as a pair (see initListeners)
    }

    /** The map pane's title while no file is open, after a start whose file did not open. */
    static final String NO_FILE = "No file open: File ▸ Open logits and labels…, or drop the two files here";

    void showError(String message) {
        // any message makes the window whole: a start whose file cannot be opened draws no map
        buildColumns();
        if (vm.datasetProperty().get() == null) { // not a warning about a file that opened, its map still to come
            mapsArea.titleBeforeFirstFrame(NO_FILE);
        }
        mapsArea.titleSecondAsShown();
        dialogs.error(message);
    }

    /** Remembers the columns' widths and the window's size and place. */
    void savePreferences() {
        windowLayout.save(stage, hasColumns()); // empty columns lie at their least widths
    }
}
