package io.focalscope.ui.training;

import io.focalscope.classes.ClassSet;
import io.focalscope.dynamics.DynamicsFigures;
import io.focalscope.dynamics.HardThresholds;
import io.focalscope.render.Ticks;
import io.focalscope.ui.controls.ColumnTitles;
import io.focalscope.ui.settings.Controls;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

/**
 * The Training tab of the side panel: opening a run ({@link RunControls}), the epoch slider that moves the inspector through the epochs,
 * the data map of the images (a click opens one), the open image's loss per class by epoch, the
 * figures, the images in a table, and the images not followed.
 */
public final class TrainingPane extends VBox {

    private final RunControls run;
    public final Slider epochSlider = new Slider(0, 1, 1);
    final Label epochName = new Label();
    final CartographyChart scatter;
    final ClassLossChart classLoss = new ClassLossChart();
    final Label figures = new Label("A training run is a folder with one sub-folder per epoch (epoch_1, epoch_2, …), each"
            + " holding every image's logits, and its labels in each, or once in a labels folder; or a CSV list with the header"
            + " epoch,logits,labels.");
    final Label imageFigures = new Label();
    public final TableView<DynamicsFigures.ImageRow> table = new TableView<>();
    final TextField hardConfidence;
    final TextField hardVariability;
    /** Each reason whole on lines of its own, wrapped to the column (a list cut them at its width behind a sideways scroll bar). */
    final javafx.scene.control.Label notFollowed = new javafx.scene.control.Label();
    final TitledPane notFollowedPane = new TitledPane("Not followed", notFollowed);
    private final TrainingViewModel vm;
    private final ObservableValue<ClassSet> classes;

    /**
     * @param chooseFolder asks for a run folder (the window's folder chooser); null where none was chosen
     * @param chooseList   asks for a run's CSV list (the window's file chooser); null where none was chosen
     * @param classes      the open class set, for the class names and colours (used where it has the run's class count)
     */
    public TrainingPane(TrainingViewModel vm, Function<String, Path> chooseFolder, Function<String, Path> chooseList,
                        ObservableValue<ClassSet> classes) {
        super(6);
        this.vm = vm;
        this.classes = classes;
        scatter = new CartographyChart(vm::select);
        hardConfidence = Controls.committing("training-hard-confidence", 5, vm::setHardConfidence,
                () -> Ticks.label(vm.hardConfidenceProperty().get()));
        hardVariability = Controls.committing("training-hard-variability", 5, vm::setHardVariability,
                () -> Ticks.label(vm.hardVariabilityProperty().get()));
        setId("training-pane");
        setPadding(new Insets(6));
        run = new RunControls(vm, chooseFolder, chooseList);
        createView();
        initListeners();
    }

    private void createView() {
        epochSlider.setId("training-epoch");
        epochSlider.setShowTickMarks(true);
        epochSlider.setShowTickLabels(true);
        epochSlider.setMajorTickUnit(1);
        epochSlider.setMinorTickCount(0);
        epochSlider.setSnapToTicks(true);
        epochSlider.setBlockIncrement(1);
        epochSlider.setDisable(true);
        epochSlider.setLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Double n) {
                List<String> names = vm.epochNames();
                int e = (int) Math.round(n.doubleValue());
                return e >= 0 && e < names.size() ? names.get(e) : "";
            }

            @Override
            public Double fromString(String s) {
                return (double) vm.epochNames().indexOf(s);
            }
        });
        epochName.setId("training-epoch-name");
        HBox.setHgrow(epochSlider, Priority.ALWAYS);
        HBox epochRow = new HBox(6, new Label("Epoch"), epochSlider, epochName);
        epochRow.setAlignment(Pos.CENTER_LEFT);
        hardConfidence.setTooltip(new Tooltip("A pixel whose mean probability of its label over the epochs is below this (0 to 1)…"));
        hardVariability.setTooltip(new Tooltip("…and whose standard deviation over the epochs is below this (0 to 0.5) is hard and"
                + " stable: often a wrong label. The Hard and stable layer, the dark pixels of the data map and the Label issues"
                + " tab's hard % follow at once; Follow counts the run's images again"));
        // the fields keep their width; in a narrow column the variability's goes to a second line
        for (TextField f : List.of(hardConfidence, hardVariability)) {
            f.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        HBox confidenceBox = new HBox(6, Controls.word("confidence <"), hardConfidence);
        confidenceBox.setAlignment(Pos.CENTER_LEFT);
        HBox variabilityBox = new HBox(6, Controls.word("variability <"), hardVariability);
        variabilityBox.setAlignment(Pos.CENTER_LEFT);
        javafx.scene.layout.FlowPane hardRow = new javafx.scene.layout.FlowPane(10, 4, Controls.word("Hard and stable:"), confidenceBox,
                variabilityBox);
        hardRow.setId("training-hard-row");
        hardRow.setAlignment(Pos.CENTER_LEFT);

        figures.setId("training-figures");
        figures.setWrapText(true);
        imageFigures.setId("training-image-figures");
        imageFigures.setWrapText(true);
        table.setId("training-table");
        table.setPlaceholder(new Label("No training run followed yet"));
        table.setPrefHeight(150);
        // short headers, each explained in its tooltip: the full words do not fit the side column beside the values
        table.getColumns().setAll(List.of(column("image", null, DynamicsFigures.ImageRow::name, 60),
                column("conf.", "confidence: the mean over the epochs of p(label), over the image's labelled pixels",
                        r -> r.figures().confidence(), 56),
                column("var.", "variability: the standard deviation over the epochs of p(label), the image's mean",
                        r -> r.figures().variability(), 56),
                column("correct", "correctness: the share of epochs in which a pixel's arg-max is its label, the image's mean",
                        r -> r.figures().correctness(), 60),
                column("hard", "hard and stable pixels: confidence and variability below the thresholds above",
                        r -> r.figures().hardPixels(), 44)));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setRowFactory(t -> {
            TableRow<DynamicsFigures.ImageRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (!row.isEmpty()) {
                    vm.select(row.getItem());
                }
            });
            return row;
        });
        notFollowed.setId("training-not-followed");
        notFollowed.setWrapText(true);
        notFollowed.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE); // grows with its lines; the tab scrolls
        notFollowedPane.setId("training-not-followed-pane");
        notFollowedPane.setExpanded(false);
        getChildren().addAll(run, epochRow, hardRow, scatter, classLoss, imageFigures, figures,
                table, notFollowedPane);
    }

    private void initListeners() {
        vm.figuresProperty().addListener((o, was, now) -> show(now));
        vm.selectedProperty().addListener((o, was, now) -> showImage(now));
        vm.pixelsProperty().addListener((o, was, now) -> {
            DynamicsFigures.ImageRow row = vm.selectedProperty().get();
            scatter.showPixels(row == null ? null : row.name(), row == null ? null : now);
            showImage(row);
        });
        // the fields show the thresholds in use (a refused value is put back by the field itself)
        vm.hardConfidenceProperty().addListener((o, was, now) -> hardConfidence.setText(Ticks.label(now.doubleValue())));
        vm.hardVariabilityProperty().addListener((o, was, now) -> hardVariability.setText(Ticks.label(now.doubleValue())));
        javafx.beans.InvalidationListener recount = o -> {
            if (vm.figuresProperty().get() != null) {
                figures.setText(figuresText(vm.figuresProperty().get()));
            }
        };
        vm.hardConfidenceProperty().addListener(recount);
        vm.hardVariabilityProperty().addListener(recount);
        vm.classLossProperty().addListener((o, was, now) -> classLoss.show(vm.epochNames(), now, classes.getValue(), vm.epoch.get()));
        // the image's class names and colours come with its file, after the selection
        classes.addListener((o, was, now) -> classLoss.show(vm.epochNames(), vm.classLossProperty().get(), now, vm.epoch.get()));
        epochSlider.valueProperty().addListener((o, was, now) -> {
            int e = (int) Math.round(now.doubleValue());
            if (e != vm.epoch.get()) {
                vm.epoch.set(e); // a step at a time while dragging: each epoch's files open once
            }
        });
        vm.epoch.addListener((o, was, now) -> {
            if (Math.round(epochSlider.getValue()) != now.intValue()) {
                epochSlider.setValue(now.intValue());
            }
            showEpochName();
            classLoss.showEpoch(now.intValue());
        });
    }

    /** Follows a run, a folder with its labels folder (or none) or a list, as the Open buttons and File ▸ Open training run… do. */
    public void openRun(io.focalscope.dynamics.EpochSource source) {
        run.openRun(source);
    }

    /** The most reasons listed: a wrapped label lays out all its lines at every resize (0.44 s at 2,000 here). */
    static final int REASONS_SHOWN = 100;

    /** Each reason a bullet, the first {@link #REASONS_SHOWN}, then how many more and where they all are. */
    public static String notFollowedText(List<String> reasons) {
        String shown = reasons.stream().limit(REASONS_SHOWN).map(m -> "• " + m).collect(java.util.stream.Collectors.joining("\n"));
        int more = reasons.size() - REASONS_SHOWN;
        return more <= 0 ? shown : shown + String.format(java.util.Locale.ROOT, "\n… and %,d more (focalscope dynamics --json lists every one)",
                more);
    }

    private void show(DynamicsFigures f) {
        if (f == null) {
            return;
        }
        int last = f.epochs().size() - 1;
        epochSlider.setMax(Math.max(1, last));
        epochSlider.setMajorTickUnit(Math.max(1, Math.ceil(f.epochs().size() / 5.0)));
        epochSlider.setMinorTickCount(0);
        epochSlider.setDisable(last < 1);
        epochSlider.setValue(vm.epoch.get());
        showEpochName();
        scatter.show(vm.points());
        table.getItems().setAll(f.perImage());
        figures.setText(figuresText(f));
        List<String> missing = vm.notFollowed();
        notFollowed.setText(notFollowedText(missing));
        notFollowedPane.setText("Not followed (" + missing.size() + ")");
        showImage(null);
    }

    /** The run's figures; its hard-and-stable pixels are counted at the thresholds it was followed at. */
    private String figuresText(DynamicsFigures f) {
        int last = f.epochs().size() - 1;
        DynamicsFigures.Figures d = f.dataset();
        HardThresholds now = vm.thresholds();
        String recount = now.equals(f.thresholds()) ? "" : String.format(Locale.ROOT, " (Follow counts them at confidence < %s,"
                + " variability < %s)", Ticks.label(now.confidence()), Ticks.label(now.variability()));
        return String.format(Locale.ROOT, "%s over %s, %,d labelled pixels (%,d ignored). Per pixel: confidence"
                        + " %.4f, variability %.4f, correctness %.4f, forgetting %.3f. Hard and stable (confidence < %s, variability"
                        + " < %s): %,d pixels%s. %s loss (%s, weights %s) from %.4g at %s to %.4g at %s.",
                io.focalscope.report.Plural.of(f.perImage().size(), "image"), io.focalscope.report.Plural.of(f.epochs().size(), "epoch"), d.pixels(), d.ignored(), d.confidence(), d.variability(), d.correctness(),
                d.forgetting(), Ticks.label(f.thresholds().confidence()), Ticks.label(f.thresholds().variability()), d.hardPixels(),
                recount, f.settings().term().title(), f.settings().term().gammaText("γ"), f.settings().weights().describe(),
                d.lossByEpoch()[0], f.epochs().get(0), d.lossByEpoch()[last], f.epochs().get(last));
    }

    private void showImage(DynamicsFigures.ImageRow row) {
        scatter.select(row == null ? null : row.name());
        if (row == null) {
            imageFigures.setText("A click on a point or a row opens that image in the inspector at the epoch of the slider.");
            classLoss.show(vm.epochNames(), null, classes.getValue(), vm.epoch.get());
            return;
        }
        table.getSelectionModel().select(row);
        DynamicsFigures.Figures g = row.figures();
        // the count at the thresholds in use comes with the image's pixel sample; until then the run's
        Cartography.PixelSample sample = vm.pixelsProperty().get();
        HardThresholds t = sample != null ? sample.thresholds() : vm.figuresProperty().get().thresholds();
        imageFigures.setText(String.format(Locale.ROOT, "%s: confidence %.4f, variability %.4f, correctness %.4f, forgetting %.3f per"
                        + " pixel; %,d hard and stable pixels of %,d at confidence < %s, variability < %s (the Hard and stable layer"
                        + " shows them).", row.name(), g.confidence(), g.variability(), g.correctness(), g.forgetting(),
                sample != null ? sample.hard() : g.hardPixels(), g.pixels(), Ticks.label(t.confidence()), Ticks.label(t.variability())));
    }

    private void showEpochName() {
        List<String> names = vm.epochNames();
        int e = vm.epoch.get();
        epochName.setText(e >= 0 && e < names.size() ? epochText(names, e) : "");
        if (names != measuredNames) {
            // as wide as the run's widest name (measured once a run), so that the slider keeps its
            // length as it moves; a very long name is still cut ("…") in a narrow column
            measuredNames = names;
            javafx.scene.text.Text probe = new javafx.scene.text.Text();
            probe.setFont(epochName.getFont());
            double widest = 0;
            for (int i = 0; i < names.size(); i++) {
                probe.setText(epochText(names, i));
                widest = Math.max(widest, probe.getLayoutBounds().getWidth());
            }
            epochName.setMinWidth(Math.min(EPOCH_NAME_MAX_WIDTH,
                    Math.ceil(widest) + epochName.getPadding().getLeft() + epochName.getPadding().getRight()));
        }
    }

    /** The most the epoch's name keeps free beside the slider. */
    private static final double EPOCH_NAME_MAX_WIDTH = 220;
    /** The run's epoch names the name's width was measured for. */
    private List<String> measuredNames;

    private static String epochText(List<String> names, int e) {
        return names.get(e) + " (" + (e + 1) + " of " + names.size() + ")";
    }

    /** The open image's pixels the scatter shows, the hard-and-stable ones or the others, for tests. */
    public int pixelPointCount(boolean hard) {
        return scatter.pixelPointCount(hard);
    }

    /** The images the scatter shows, for tests. */
    public int pointCount() {
        return scatter.pointCount();
    }

    /** A column at least {@code width} wide, its title never cut; {@code tip}, if any, explains the title. */
    private static <T> TableColumn<DynamicsFigures.ImageRow, Object> column(String title, String tip,
                                                                          Function<DynamicsFigures.ImageRow, T> value, double width) {
        TableColumn<DynamicsFigures.ImageRow, Object> c = new TableColumn<>();
        ColumnTitles.set(c, title, tip);
        c.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(value.apply(row.getValue())));
        c.setPrefWidth(width);
        c.setMinWidth(width);
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Object item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : item.toString());
            }
        });
        return c;
    }
}
