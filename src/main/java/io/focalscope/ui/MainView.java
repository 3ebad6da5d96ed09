package io.focalscope.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.focalscope.Versions;
import io.focalscope.demo.Assets;
import io.focalscope.loss.Backend;
import io.focalscope.render.MapData;
import io.focalscope.render.Range;
import io.focalscope.render.ViewImage;
import io.focalscope.render.ViewState;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.application.Application;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.Alert;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

/** The inspector window: menus, controls, the map panes, figures and charts, and the status bar. */
public final class MainView extends BorderPane {

    private final InspectorViewModel vm;
    private final Stage stage;
    private final AppPreferences prefs;
    final Viewport viewport = new Viewport();
    final MapPane primary = new MapPane(viewport);
    final MapPane secondary = new MapPane(viewport);
    final SplitPane maps = new SplitPane(primary);
    final SplitPane main;
    final ControlsPane controls;
    final SummaryPane summary;
    final ChartsPane charts;
    final StatusBar status;
    final BooleanProperty dark = new SimpleBooleanProperty();
    private final Menu recent = new Menu("Open recent");
    /** The pixel under the mouse and its pane, so that the readout follows a new evaluation too. */
    private int hovered = -1;
    private boolean hoveredSecond;

    public MainView(InspectorViewModel vm, Stage stage, AppPreferences prefs) {
        this.vm = vm;
        this.stage = stage;
        this.prefs = prefs;
        controls = new ControlsPane(vm, primary::range);
        summary = new SummaryPane(vm);
        charts = new ChartsPane(vm);
        status = new StatusBar(vm);
        ScrollPane left = new ScrollPane(controls);
        left.setFitToWidth(true);
        left.setMinWidth(220);
        VBox right = new VBox(summary, charts);
        javafx.scene.layout.VBox.setVgrow(charts, javafx.scene.layout.Priority.ALWAYS);
        right.setMinWidth(260);
        main = new SplitPane(left, maps, right);
        // every column may shrink to the window: else the charts' own minimum height pushes the
        // status bar (the hover readout) out of a window below about 860 px
        for (javafx.scene.layout.Region r : List.of(left, maps, right, charts, main)) {
            r.setMinHeight(0);
        }
        main.setDividerPositions(prefs.get("split0", 0.19), prefs.get("split1", 0.68));
        createView();
        initListeners();
    }

    private void createView() {
        setTop(menus());
        setCenter(main);
        setBottom(status);
        primary.setTitle("γ = 2");
    }

    private void initListeners() {
        vm.setErrorHandler(this::showError);
        vm.setNoticeHandler(status.readout::setText);
        primary.data.bind(vm.mapDataBinding());
        primary.state.bind(vm.viewStateBinding());
        // side by side, one colour means one loss in both panes: the second takes the first's range,
        // unless the user asks for separate scales
        secondary.state.bind(Bindings.createObjectBinding(() -> {
            ViewState v = vm.viewStateBinding().get();
            Range shared = primary.rangeInUseProperty().get();
            return vm.separateScales.get() || shared == null || v.layer().isCategorical() ? v
                    : new ViewState(v.sample(), v.layer(), v.form(), v.colormap(), v.scale(), false, shared.lo(), shared.hi(),
                    v.opacity(), v.hiddenClasses());
        }, vm.viewStateBinding(), primary.rangeInUseProperty(), vm.separateScales));
        secondary.data.bind(Bindings.createObjectBinding(() -> {
            Evaluation e = vm.evaluationProperty().get();
            return e == null || e.second() == null ? null
                    : new MapData(e.second(), e.dataset().batch().labels(), vm.image.get(), vm.classes.get());
        }, vm.evaluationProperty(), vm.image, vm.classes));
        primary.dark.bind(dark);
        secondary.dark.bind(dark);
        vm.evaluationProperty().addListener((o, a, e) -> {
            if (e != null) {
                primary.setTitle(String.format(java.util.Locale.ROOT, "γ = %.2f", e.result().gamma()));
                secondary.setTitle(e.second() == null ? "" : String.format(java.util.Locale.ROOT, "γ₂ = %.2f", e.second().gamma()));
            }
        });
        vm.sideBySide.addListener((o, a, side) -> {
            if (side && !maps.getItems().contains(secondary)) {
                maps.getItems().add(secondary);
            } else if (!side) {
                maps.getItems().remove(secondary);
            }
        });
        primary.setOnHover(p -> showReadout(p, false));
        secondary.setOnHover(p -> showReadout(p, true));
        // a new γ, new weights or another layer change what the pixel reads while the mouse rests: say it again
        vm.evaluationProperty().addListener((o, a, e) -> showReadout(hovered, hoveredSecond));
        vm.viewStateBinding().addListener((o, a, v) -> showReadout(hovered, hoveredSecond));
        vm.datasetProperty().addListener((o, a, d) -> {
            if (d != null) {
                stage.setTitle("focalscope — " + d.title());
                Backend.fallbackNotice().ifPresent(status.readout::setText);
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
                vm.weightsFile.set(f.toPath());
            } else if (vm.weightsFile.get() == null) {
                vm.weightChoice.set(WeightChoice.NONE);
            }
        });
    }

    private void showReadout(int flat, boolean second) {
        hovered = flat;
        hoveredSecond = second;
        MapPane pane = second ? secondary : primary;
        MapData data = pane.data.get();
        ViewState view = pane.state.get();
        if (flat < 0 || data == null || view == null || flat >= data.labels().length) {
            return;
        }
        PixelReadout r = PixelReadout.at(data, view, vm.evaluationProperty().get().dataset().batch(), flat);
        status.readout.setText(r.text(vm.classes.get()));
    }

    /** Whether the scene shows γ: the map drawn from its evaluation, the summary and the charts on it. */
    boolean showsGamma(double gamma) {
        Evaluation e = vm.evaluationProperty().get();
        MapData d = primary.data.get();
        return e != null && e.result().gamma() == gamma && primary.isDrawn() && d != null && d.result() == e.result();
    }

    // ---- commands --------------------------------------------------------------------------

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

    /**
     * Writes the view as it is shown, map and colorbar (the pane's empty margin left out), drawn and
     * written in the background;
     * returns the image being written (null without data).
     */
    public BufferedImage exportView(Path file) {
        MapData d = vm.mapDataBinding().get();
        if (d == null) {
            return null;
        }
        // the map as shown, without the empty margin around a fitted map
        int[] area = viewport.mapArea(d.width(), d.height(), primary.mapWidth(), primary.mapHeight());
        double zoom = viewport.zoom.get();
        BufferedImage image = ViewImage.compose(d, vm.viewStateBinding().get(), zoom, viewport.originX.get() + area[0] / zoom,
                viewport.originY.get() + area[1] / zoom, area[2], area[3], dark.get());
        vm.export(file, () -> ViewImage.writePng(image, file));
        return image;
    }

    void showError(String message) {
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

    void savePreferences() {
        double[] d = main.getDividerPositions();
        prefs.put("split0", d[0]);
        prefs.put("split1", d[1]);
        prefs.put("width", stage.getWidth());
        prefs.put("height", stage.getHeight());
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
        MenuItem classList = item("Open class list…", null, () -> pick("Class list", vm::openClasses, "*.json", "*.csv"));
        Menu presets = new Menu("Class presets");
        for (String[] p : new String[][] {{"Cityscapes", "cityscapes"}, {"Pascal VOC", "pascal-voc"}, {"ADE20K", "ade20k"}}) {
            presets.getItems().add(item(p[0], null, () -> vm.openClasses(Assets.classPreset(p[1]))));
        }
        MenuItem demo = item("Open the demo", null, vm::openDemo);
        refreshRecent();
        MenuItem png = item("Export view as PNG…", "Shortcut+E", () -> save("View", vm.exportName(true, "png"), this::exportView));
        MenuItem npy = item("Export map as .npy…", null, () -> save("Per-pixel map", vm.exportName(true, "npy"), vm::exportMap));
        MenuItem csv = item("Export class figures as CSV…", null,
                () -> save("Class figures", vm.exportName(false, "csv"), vm::exportClassFigures));
        MenuItem json = item("Export summary as JSON…", null, () -> save("Summary", vm.exportName(false, "json"), vm::exportSummary));
        MenuItem quit = item("Quit", "Shortcut+Q", stage::close);
        file.getItems().addAll(open, picture, classList, presets, recent, demo, new SeparatorMenuItem(), png, npy, csv, json,
                new SeparatorMenuItem(), quit);

        Menu view = new Menu("View");
        MenuItem fit = item("Fit", "Shortcut+0", primary::fit);
        MenuItem actual = item("Actual size (1:1)", "Shortcut+1", primary::actualSize);
        MenuItem in = item("Zoom in", "Shortcut+Equals", () -> viewport.zoomAt(1.25, primary.mapWidth() / 2.0, primary.mapHeight() / 2.0));
        MenuItem out = item("Zoom out", "Shortcut+Minus", () -> viewport.zoomAt(0.8, primary.mapWidth() / 2.0, primary.mapHeight() / 2.0));
        MenuItem up = item("γ + 0.1", "Shortcut+Up", () -> vm.gamma.set(Math.round((vm.gamma.get() + 0.1) * 10) / 10.0));
        MenuItem down = item("γ − 0.1", "Shortcut+Down", () -> vm.gamma.set(Math.max(0, Math.round((vm.gamma.get() - 0.1) * 10) / 10.0)));
        CheckMenuItem side = new CheckMenuItem("Side by side");
        side.setAccelerator(KeyCombination.keyCombination("Shortcut+D"));
        side.selectedProperty().bindBidirectional(vm.sideBySide);
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
        Alert a = new Alert(Alert.AlertType.INFORMATION);
        a.setTitle("About focalscope");
        a.setHeaderText("focalscope " + Versions.focalscope());
        a.setContentText("Per-pixel focal loss for semantic segmentation.\n\nEngine: " + vm.engineDescription()
                + "\nND4J " + Versions.nd4j() + " (" + Backend.name() + " backend)\nJavaFX " + Versions.javafx() + ", Java " + System.getProperty("java.version"));
        a.initOwner(stage);
        a.show();
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
