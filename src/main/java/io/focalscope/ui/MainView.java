package io.focalscope.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.focalscope.Versions;
import io.focalscope.demo.Assets;
import io.focalscope.render.ColorbarPainter;
import io.focalscope.render.Frame;
import io.focalscope.render.MapData;
import io.focalscope.render.MapLayer;
import io.focalscope.render.Ticks;
import io.focalscope.session.DatasetLoader;
import io.focalscope.ui.charts.ChartData;
import io.focalscope.ui.charts.ChartsPane;
import io.focalscope.ui.compare.ComparisonViewModel;
import io.focalscope.ui.compare.PeersPane;
import io.focalscope.ui.compare.SecondGammaControls;
import io.focalscope.ui.dataset.DatasetPane;
import io.focalscope.ui.evaluation.Evaluation;
import io.focalscope.ui.export.ExportViewModel;
import io.focalscope.ui.inspector.InspectorViewModel;
import io.focalscope.ui.inspector.SampleControls;
import io.focalscope.ui.inspector.StatusBar;
import io.focalscope.ui.inspector.SummaryPane;
import io.focalscope.ui.map.ClassListPane;
import io.focalscope.ui.map.FrameRequest;
import io.focalscope.ui.map.MapControls;
import io.focalscope.ui.map.MapPane;
import io.focalscope.ui.map.MapViewModel;
import io.focalscope.ui.map.PixelReadout;
import io.focalscope.ui.map.PixelView;
import io.focalscope.ui.settings.AppPreferences;
import io.focalscope.ui.settings.LossControls;
import io.focalscope.ui.settings.WeightChoice;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.application.Application;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Orientation;
import javafx.scene.control.Alert;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

/** The inspector window: menus, controls, the map panes, figures and charts, and the status bar. */
public final class MainView extends BorderPane {

    /** The side columns' widths when nothing is remembered, in pixels. */
    static final double LEFT_WIDTH = 280;
    static final double RIGHT_WIDTH = 400;

    private final InspectorViewModel vm;
    private final Stage stage;
    private final AppPreferences prefs;
    final MapPane primary;
    final MapPane secondary;
    final SplitPane maps;
    private final PixelView sharedKey = new PixelView();
    final BorderPane mapsArea;
    final SplitPane main;
    final VBox left;
    final VBox right;
    final SecondGammaControls secondGamma;
    final LossControls controls;
    final MapControls mapControls;
    final ClassListPane classList;
    final SummaryPane summary;
    final ChartsPane charts;
    final StatusBar status;
    final BooleanProperty dark = new SimpleBooleanProperty();
    private final Menu recent = new Menu("Open recent");
    /** The pixel under the mouse and its pane, so that the readout follows a new evaluation too. */
    private int hovered = -1;
    private boolean hoveredSecond;

    final DatasetPane datasetPane;
    final PeersPane peers;
    private final TabPane tabs = new TabPane();
    private final Tab inspectorTab = new Tab("Inspector");
    private final Tab datasetTab = new Tab("Dataset");

    public MainView(InspectorViewModel vm, Stage stage, AppPreferences prefs) {
        this.vm = vm;
        this.stage = stage;
        this.prefs = prefs;
        primary = new MapPane(vm.map.viewport);
        secondary = new MapPane(vm.map.viewport);
        maps = new SplitPane(primary);
        Pane keyHolder = new Pane(sharedKey);
        keyHolder.setMinSize(ColorbarPainter.WIDTH, 0);
        keyHolder.setPrefSize(ColorbarPainter.WIDTH, 0);
        mapsArea = new BorderPane(maps, null, keyHolder, null, null);
        secondGamma = new SecondGammaControls(vm.compare);
        controls = new LossControls(vm.loss, secondGamma);
        mapControls = new MapControls(vm.map);
        classList = new ClassListPane(vm.map);
        summary = new SummaryPane(vm);
        charts = new ChartsPane(vm.charts);
        peers = new PeersPane(vm.compare);
        Tab peersTab = new Tab("Peers", peers);
        peersTab.setTooltip(new javafx.scene.control.Tooltip("What kornia, MONAI, smp, mmseg, torchvision and Keras return for these inputs"));
        charts.getTabs().add(peersTab);
        vm.peersShown.bind(peersTab.selectedProperty());
        status = new StatusBar(vm);
        // a batch's sample first: it changes everything below
        VBox settings = new VBox(6, new SampleControls(vm), controls, mapControls);
        settings.setPadding(new javafx.geometry.Insets(6));
        ScrollPane scroll = new ScrollPane(settings);
        scroll.setFitToWidth(true);
        SplitPane leftSplit = new SplitPane(scroll, classList);
        leftSplit.setOrientation(Orientation.VERTICAL);
        leftSplit.setDividerPositions(0.65);
        left = new VBox(leftSplit);
        VBox.setVgrow(leftSplit, Priority.ALWAYS);
        left.setMinWidth(220);
        right = new VBox(summary, charts);
        VBox.setVgrow(charts, Priority.ALWAYS);
        right.setMinWidth(260);
        main = new SplitPane(left, mapsArea, right);
        datasetPane = new DatasetPane(vm.datasets, vm.map.classes::get, () -> vm.datasets.scan(Path.of(vm.datasets.sourceProperty().get())));
        createView();
        initListeners();
    }

    private void createView() {
        // every column may shrink to the window: else the charts' own minimum height pushes the
        // status bar (the hover readout) out of a window below about 860 px
        for (Region r : List.of(left, mapsArea, maps, right, charts, main)) {
            r.setMinHeight(0);
        }
        // the side columns keep their width as the window changes; the maps take the rest
        SplitPane.setResizableWithParent(left, false);
        SplitPane.setResizableWithParent(right, false);
        mapsArea.setMinWidth(200);
        setTop(menus());
        setCenter(main);
        setBottom(status);
        primary.setTitle("γ = 2");
        restoreColumns();
    }

    private void initListeners() {
        vm.setErrorHandler(this::showError);
        vm.setNoticeHandler(status.readout::setText);
        vm.loss.activation.addListener((o, was, now) -> charts.pixelChart.setTitle(
                now == io.focalscope.loss.Activation.SIGMOID ? "Positive targets" : "Labelled pixels"));
        vm.map.framesProperty().addListener((o, a, f) -> showFrames(f));
        // the second pane says what it is about to show while that is worked out (a library's loss takes a while)
        for (javafx.beans.Observable o : List.of(vm.compare.sideBySide, vm.compare.secondShows, vm.compare.peer)) {
            o.addListener(x -> secondary.setTitle(comingTitle()));
        }
        vm.evaluationProperty().addListener((o, a, e) -> {
            if (e != null && !(e.result().term() instanceof io.focalscope.loss.LossTerm.Focal)) {
                peers.notComparable("The libraries compute focal loss: choose the Focal term to compare them with focalscope's.");
            } else if (e != null) {
                var r = e.result();
                peers.show(e.peers(), String.format(java.util.Locale.ROOT, "focalscope: %.6g (%s, %s, %s)", r.lossOnehot(),
                        r.activation(), r.reduction(), r.term().gammaText("γ")));
            }
        });
        for (Region r : List.of(primary.canvas(), secondary.canvas(), maps)) {
            r.widthProperty().addListener(x -> reportSizes());
            r.heightProperty().addListener(x -> reportSizes());
        }
        mapsArea.widthProperty().addListener(x -> arrangePanes());
        mapsArea.heightProperty().addListener(x -> arrangePanes());
        vm.compare.sideBySide.addListener(x -> arrangePanes());
        vm.map.dataProperty().addListener(x -> arrangePanes());
        vm.map.dark.bind(dark);
        primary.setOnHover(p -> showReadout(p, false));
        secondary.setOnHover(p -> showReadout(p, true));
        // a new γ, new weights or another layer change what the pixel reads while the mouse rests: say it again
        vm.map.framesProperty().addListener((o, a, f) -> showReadout(hovered, hoveredSecond));
        vm.datasetProperty().addListener((o, a, d) -> {
            if (d != null) {
                stage.setTitle("focalscope — " + d.title());
            }
        });
        dark.set(prefs.darkTheme());
        dark.addListener((o, a, b) -> applyTheme());
        applyTheme();
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
        controls.setOnChooseWeightsFile(() -> {
            File f = chooser("Class weights", "*.txt", "*.csv", "*.npy").showOpenDialog(stage);
            if (f != null) {
                vm.loss.readWeightsFile(f.toPath());
            } else if (vm.loss.weightsFromFileProperty().get() == null) {
                vm.loss.weightChoice.set(WeightChoice.NONE);
            }
        });
    }

    // ---- the map panes ---------------------------------------------------------------------

    /** Puts frames on screen: one key beside both panes where they share a scale, else each its own. */
    private void showFrames(FrameRequest.Frames f) {
        if (f == null) {
            return;
        }
        boolean shared = f.request().sharedKey();
        primary.show(f.primary(), !shared);
        secondary.show(f.secondary(), !shared && f.secondary() != null);
        Frame keyed = f.primary();
        if (shared && keyed.key() != null) {
            sharedKey.show(keyed.key(), ColorbarPainter.WIDTH, keyed.geometry().keyHeight());
        } else {
            sharedKey.clear();
        }
        mapsArea.getRight().setVisible(shared);
        mapsArea.getRight().setManaged(shared);
        primary.setTitle(title(f.primary(), "γ"));
        if (f.secondary() != null) {
            secondary.setTitle(secondTitle(f));
        }
    }

    /** What the second pane of drawn frames shows: the change, a library's loss or the layer at γ₂. */
    private static String secondTitle(FrameRequest.Frames f) {
        if (f.secondary().view().layer() == MapLayer.GAMMA_CHANGE) {
            return "Focal γ₂ / γ₁: γ " + Ticks.label(f.primary().data().result().gamma()) + " → "
                    + Ticks.label(f.request().data().second().gamma()) + " (blue: less loss at γ₂)";
        }
        if (f.request().secondShows() == ComparisonViewModel.SecondPane.PEER) {
            return f.request().library() + "'s loss per pixel (its reduction none, summed over the classes) at γ = "
                    + Ticks.label(f.primary().data().result().gamma());
        }
        return title(f.secondary(), "γ₂");
    }

    /** The second pane's title while its map is worked out. */
    private String comingTitle() {
        String what = switch (vm.compare.secondShows.get()) {
            case PEER -> vm.compare.peer.get().key() + "'s loss per pixel";
            case CHANGE -> "Focal γ₂ / γ₁";
            default -> "γ₂ = " + Ticks.label(vm.compare.secondGamma.get());
        };
        return what + ": working it out…";
    }

    /** The layer and the term's settings: {@code Focal loss at γ = 2}, {@code Poly-1 loss at γ = 2, ε 1}, ... */
    private static String title(Frame f, String gamma) {
        io.focalscope.loss.LossTerm term = f.data().result().term();
        String layer = f.view().layer() == MapLayer.FOCAL && !(term instanceof io.focalscope.loss.LossTerm.Focal)
                ? term.title() + " loss" : f.view().layer().title();
        String extra = term.parametersText().isEmpty() ? "" : ", " + term.parametersText();
        return layer + (term.variesGamma() ? " at " : ", ") + term.gammaText(gamma) + extra;
    }

    /** The panes' sizes, what the frames are drawn to. */
    private void reportSizes() {
        boolean side = maps.getItems().contains(secondary);
        vm.map.paneSizes.set(new MapViewModel.PaneSizes(primary.mapWidth(), primary.mapHeight(),
                side ? secondary.mapWidth() : 0, side ? secondary.mapHeight() : 0, (int) maps.getHeight()));
    }

    /** One pane, or two side by side or stacked, whichever shows the maps larger. */
    private void arrangePanes() {
        boolean side = vm.compare.sideBySide.get();
        if (side && !maps.getItems().contains(secondary)) {
            maps.getItems().add(secondary);
        } else if (!side) {
            maps.getItems().remove(secondary);
        }
        MapData d = vm.map.dataProperty().get();
        if (side && d != null) {
            Orientation o = stacked(d.width(), d.height(), mapsArea.getWidth() - ColorbarPainter.WIDTH, mapsArea.getHeight())
                    ? Orientation.VERTICAL : Orientation.HORIZONTAL;
            if (maps.getOrientation() != o) {
                maps.setOrientation(o);
            }
            maps.setDividerPositions(0.5);
        }
    }

    /** Whether two maps of w x h fit larger one above the other than side by side in a w x h area. */
    static boolean stacked(int mapW, int mapH, double areaW, double areaH) {
        double sideBySide = Math.min(areaW / 2 / mapW, areaH / mapH);
        double stacked = Math.min(areaW / mapW, areaH / 2 / mapH);
        return stacked > sideBySide;
    }

    /** Whether the scene shows γ: the map drawn from its evaluation, the summary and the charts on it. */
    boolean showsGamma(double gamma) {
        Frame f = primary.frame();
        Evaluation e = summary.shown();
        ChartData c = charts.shown();
        return f != null && primary.isDrawn() && f.data().result().gamma() == gamma && e != null
                && e.result() == f.data().result() && c != null && c.gamma() == gamma;
    }

    private void showReadout(int flat, boolean second) {
        boolean left = flat < 0 && hovered >= 0;
        hovered = flat;
        hoveredSecond = second;
        if (left) {
            status.readout.setText(PixelReadout.HINT); // the mouse left the map: no values of a pixel no longer pointed at
            return;
        }
        Frame f = (second ? secondary : primary).frame();
        if (flat < 0 || f == null || flat >= f.data().labels().length || vm.evaluationProperty().get() == null) {
            return;
        }
        PixelReadout r = PixelReadout.at(f.data(), f.view(), vm.evaluationProperty().get().dataset().batch(), flat);
        status.readout.setText(r.text(f.data().classes()));
    }

    // ---- commands --------------------------------------------------------------------------

    /**
     * Scans a dataset folder or list in the Dataset tab, which appears beside the inspector the
     * first time; a click on one of its images opens it in the inspector tab.
     */
    public void openDataset(Path folderOrList) {
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
            datasetPane.table.addEventFilter(javafx.scene.input.MouseEvent.MOUSE_CLICKED, e -> opensFromDataset = true);
            datasetPane.table.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> opensFromDataset = true);
        }
        tabs.getSelectionModel().select(datasetTab);
        prefs.lastFolder(folderOrList.toAbsolutePath().getParent());
        vm.datasets.scan(folderOrList);
    }

    /** Set by a click in the dataset table: the image it opens is shown in the inspector tab. */
    private boolean opensFromDataset;

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
        prefs.addRecent(files.stream().map(Path::toString).toList());
        refreshRecent();
        vm.openFiles(files);
    }

    void showError(String message) {
        // a refused evaluation leaves the panes as they were: no "working it out" stays on the second one
        FrameRequest.Frames shown = vm.map.framesProperty().get();
        secondary.setTitle(shown != null && shown.secondary() != null ? secondTitle(shown) : "");
        Alert alert = new Alert(Alert.AlertType.ERROR, message);
        alert.setHeaderText("focalscope");
        alert.setTitle("focalscope");
        alert.initOwner(stage);
        alert.show();
    }

    private void applyTheme() {
        Application.setUserAgentStylesheet(dark.get() ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        prefs.darkTheme(dark.get());
    }

    /**
     * The side columns' remembered widths in pixels (fractions of a window that has since shrunk
     * would keep them cramped), each at most 40 % of the window.
     */
    private void restoreColumns() {
        double leftWidth = prefs.get("leftWidth", LEFT_WIDTH);
        double rightWidth = prefs.get("rightWidth", RIGHT_WIDTH);
        main.widthProperty().addListener(new javafx.beans.InvalidationListener() {
            @Override
            public void invalidated(javafx.beans.Observable o) {
                double w = main.getWidth();
                if (w <= 0) {
                    return;
                }
                main.widthProperty().removeListener(this);
                setColumns(leftWidth, rightWidth, w);
            }
        });
    }

    /** Side columns of these widths (clamped to [min, 40 %]) in a split pane w wide. */
    void setColumns(double leftWidth, double rightWidth, double w) {
        double l = Math.max(left.getMinWidth(), Math.min(leftWidth, 0.4 * w));
        double r = Math.max(right.getMinWidth(), Math.min(rightWidth, 0.4 * w));
        main.setDividerPositions(l / w, 1 - r / w);
    }

    void savePreferences() {
        prefs.put("leftWidth", left.getWidth());
        prefs.put("rightWidth", right.getWidth());
        prefs.put("width", stage.getWidth());
        prefs.put("height", stage.getHeight());
        prefs.put("x", stage.getX());
        prefs.put("y", stage.getY());
    }

    // ---- menus -----------------------------------------------------------------------------

    private MenuBar menus() {
        Menu file = new Menu("File");
        MenuItem open = item("Open logits and labels…", "Shortcut+O", () -> {
            List<File> f = chooser("Logits, labels, picture, classes", "*.npy", "*.npz", "*.png", "*.jpg", "*.jpeg", "*.json", "*.csv")
                    .showOpenMultipleDialog(stage);
            if (f != null) {
                open(f.stream().map(File::toPath).toList());
            }
        });
        MenuItem picture = item("Open picture…", null, () -> pick("Picture", vm::openImage, "*.png", "*.jpg", "*.jpeg"));
        MenuItem classes = item("Open class list…", null, () -> pick("Class list", vm::openClasses, "*.json", "*.csv"));
        Menu presets = new Menu("Class presets");
        DatasetLoader.PRESETS.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(p ->
                presets.getItems().add(item(p.getValue(), null, () -> vm.openClasses(Assets.classPreset(p.getKey())))));
        MenuItem demo = item("Open the demo", null, vm::openDemo);
        MenuItem dataset = item("Open dataset…", "Shortcut+Shift+O", () -> {
            javafx.stage.DirectoryChooser c = new javafx.stage.DirectoryChooser();
            c.setTitle("Dataset folder (.npz images, or NAME_logits.npy + NAME_labels.png|.npy pairs)");
            Path last = prefs.lastFolder();
            if (last != null) {
                c.setInitialDirectory(last.toFile());
            }
            File f = c.showDialog(stage);
            if (f != null) {
                openDataset(f.toPath());
            }
        });
        MenuItem datasetList = item("Open dataset list or summary…", null,
                () -> pick("Dataset list (CSV with the header logits,labels) or a scan's summary.json", this::openDataset,
                        "*.csv", "*.json"));
        refreshRecent();
        ExportViewModel exports = vm.exports;
        MenuItem png = item("Export view as PNG…", "Shortcut+E", () -> save("View", exports.exportName(true, "png"), exports::exportView));
        MenuItem whole = item("Export map at 1:1 as PNG…", null,
                () -> save("Map at 1:1", exports.exportName(true, "png"), exports::exportWholeMap));
        MenuItem npy = item("Export map as .npy…", null, () -> save("Per-pixel map", exports.exportName(true, "npy"), exports::exportMap));
        MenuItem csv = item("Export class figures as CSV…", null,
                () -> save("Class figures", exports.exportName(false, "csv"), exports::exportClassFigures));
        MenuItem json = item("Export summary as JSON…", null, () -> save("Summary", exports.exportName(false, "json"), exports::exportSummary));
        MenuItem quit = item("Quit", "Shortcut+Q", stage::close);
        file.getItems().addAll(open, picture, classes, presets, recent, demo, new SeparatorMenuItem(), dataset, datasetList,
                new SeparatorMenuItem(), png, whole, npy, csv, json,
                new SeparatorMenuItem(), quit);

        Menu view = new Menu("View");
        MapViewModel map = vm.map;
        MenuItem fit = item("Fit", "Shortcut+0", map::fit);
        MenuItem actual = item("Actual size (1:1)", "Shortcut+1", map::actualSize);
        MenuItem in = item("Zoom in", "Shortcut+Equals", () -> map.zoomBy(1.25));
        MenuItem out = item("Zoom out", "Shortcut+Minus", () -> map.zoomBy(0.8));
        MenuItem up = item("γ + 0.1", "Shortcut+Up", () -> vm.loss.stepGamma(0.1));
        MenuItem down = item("γ − 0.1", "Shortcut+Down", () -> vm.loss.stepGamma(-0.1));
        CheckMenuItem side = new CheckMenuItem("Side by side");
        side.setAccelerator(KeyCombination.keyCombination("Shortcut+D"));
        side.selectedProperty().bindBidirectional(vm.compare.sideBySide);
        CheckMenuItem darkItem = new CheckMenuItem("Dark theme");
        darkItem.selectedProperty().bindBidirectional(dark);
        view.getItems().addAll(fit, actual, in, out, new SeparatorMenuItem(), up, down, side, darkItem);

        Menu help = new Menu("Help");
        help.getItems().add(item("About focalscope", null, this::about));
        return new MenuBar(file, view, help);
    }

    private void refreshRecent() {
        recent.getItems().clear();
        for (List<String> files : prefs.recent()) {
            String label = files.stream().map(f -> Path.of(f).getFileName().toString()).reduce((a, b) -> a + " + " + b).orElse("");
            recent.getItems().add(item(label, null, () -> open(files.stream().map(Path::of).toList())));
        }
        recent.setDisable(recent.getItems().isEmpty());
    }

    private void about() {
        vm.describeBackend(backend -> {
            Alert a = new Alert(Alert.AlertType.INFORMATION);
            a.setTitle("About focalscope");
            a.setHeaderText("focalscope " + Versions.focalscope());
            a.setContentText("Per-pixel focal loss for semantic segmentation.\n\n" + backend + "\nJavaFX " + Versions.javafx()
                    + ", Java " + System.getProperty("java.version"));
            a.initOwner(stage);
            a.show();
        });
    }

    private MenuItem item(String text, String accelerator, Runnable action) {
        MenuItem m = new MenuItem(text);
        if (accelerator != null) {
            m.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        m.setOnAction(e -> action.run());
        return m;
    }

    private void pick(String title, Consumer<Path> then, String... patterns) {
        File f = chooser(title, patterns).showOpenDialog(stage);
        if (f != null) {
            prefs.lastFolder(f.toPath().toAbsolutePath().getParent());
            then.accept(f.toPath());
        }
    }

    /** A save dialog that suggests a name such as {@code demo_focal_gamma2.png}. */
    private void save(String title, String suggestedName, Consumer<Path> then) {
        FileChooser c = chooser(title, "*" + suggestedName.substring(suggestedName.lastIndexOf('.')));
        c.setInitialFileName(suggestedName);
        File f = c.showSaveDialog(stage);
        if (f != null) {
            prefs.lastFolder(f.toPath().toAbsolutePath().getParent());
            then.accept(f.toPath());
        }
    }

    private FileChooser chooser(String title, String... patterns) {
        FileChooser c = new FileChooser();
        c.setTitle(title);
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter(title, patterns));
        c.getExtensionFilters().add(new FileChooser.ExtensionFilter("All files", "*"));
        Path last = prefs.lastFolder();
        if (last != null) {
            c.setInitialDirectory(last.toFile());
        }
        return c;
    }
}
