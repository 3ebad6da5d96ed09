package io.focalscope.ui.dataset;

import io.focalscope.classes.ClassSet;
import io.focalscope.dataset.DatasetFigures;
import io.focalscope.dataset.ScanFailure;
import io.focalscope.ui.charts.CalibrationPane;
import io.focalscope.ui.charts.CalibrationViewModel;
import io.focalscope.ui.charts.ChartParts;
import io.focalscope.ui.controls.ColumnTitles;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TitledPane;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Dataset tab: the scan's progress and cancel, the images in a table sortable by any column
 * (ranked by mean focal loss), the files skipped, and the dataset's charts (class histogram and
 * weights, each class's share of cross-entropy and of focal loss, the loss against γ). A click on
 * an image opens it in the inspector.
 */
public final class DatasetPane extends BorderPane {

    public final TableView<DatasetFigures.ImageRow> table = new TableView<>();
    final Label summary = new Label("File ▸ Open dataset… scans a folder of .npz images or NAME_logits.npy + NAME_labels.png pairs, or a CSV list.");
    final ListView<String> failed = new ListView<>();
    public final TitledPane failedPane = new TitledPane();
    final TabPane charts = new TabPane();
    private final BarChart<String, Number> classChart = bars("share of labelled pixels", "Pixels and weights");
    private final BarChart<String, Number> weightChart = bars("class weight", null);
    private final BarChart<String, Number> shareChart = bars("share of the summed loss", "Shares");
    private final LineChart<Number, Number> curve;
    private final Supplier<ClassSet> classes;
    private DatasetFigures shownFigures;
    /** Each image's label issues by name, from the search that follows a scan. */
    private java.util.Map<String, io.focalscope.labels.LabelIssueReport.ImageIssues> issuesByName = java.util.Map.of();
    final TableView<io.focalscope.labels.LabelIssueReport.Confusion> confusions = new TableView<>();
    public final TitledPane confusionsPane = new TitledPane();
    /** The dataset's reliability diagram and ECE figures. */
    public final CalibrationPane calibration;
    private final DatasetViewModel vm;

    public DatasetPane(DatasetViewModel vm, Supplier<ClassSet> classes, Runnable rescan) {
        this.classes = classes;
        this.vm = vm;
        setId("dataset-pane");
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(vm.scanningProperty());
        progress.managedProperty().bind(vm.scanningProperty());
        progress.setPrefWidth(220);
        Button cancel = new Button("Cancel");
        cancel.setId("dataset-cancel");
        cancel.visibleProperty().bind(vm.scanningProperty());
        cancel.managedProperty().bind(vm.scanningProperty());
        cancel.setOnAction(e -> vm.cancel());
        Button again = new Button("Rescan with the inspector's settings");
        again.setId("dataset-rescan");
        again.disableProperty().bind(vm.scanningProperty().or(vm.sourceProperty().isEmpty()));
        again.setOnAction(e -> rescan.run());
        Label message = new Label();
        message.setId("dataset-message");
        message.textProperty().bind(vm.messageProperty());
        message.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(message, Priority.ALWAYS);
        javafx.scene.control.CheckBox withCalibration = new javafx.scene.control.CheckBox("Calibration");
        withCalibration.setId("dataset-with-calibration");
        withCalibration.selectedProperty().bindBidirectional(vm.withCalibration);
        withCalibration.disableProperty().bind(vm.scanningProperty());
        withCalibration.setTooltip(new javafx.scene.control.Tooltip("Scans work out each image's ECE and the dataset's reliability"
                + " diagram (" + CalibrationViewModel.BINS + " bins; softmax only)"));
        withCalibration.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox bar = new HBox(8, message, progress, cancel, withCalibration, again);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        summary.setId("dataset-summary");
        summary.setWrapText(true);
        VBox top = new VBox(6, bar, summary);
        top.setPadding(new Insets(8));

        table.setId("dataset-table");
        Label empty = new Label();
        // while the first scan runs its progress is beside, above: "not scanned yet" read as if nothing were happening
        empty.textProperty().bind(javafx.beans.binding.Bindings.when(vm.scanningProperty())
                .then("The images' figures come when the scan ends").otherwise("No dataset scanned yet"));
        table.setPlaceholder(empty);
        java.util.List<TableColumn<DatasetFigures.ImageRow, Object>> columns = new java.util.ArrayList<>();
        // widths that hold each title and value whole: a narrower table scrolls sideways rather than cut them
        columns.add(column("#", "rank by mean focal loss", r -> r.rank(), 36));
        columns.add(column("image", null, DatasetFigures.ImageRow::name, 90));
        columns.add(column("size", "(height, width)", DatasetPane::size, 92));
        columns.add(column("pixels", "labelled pixels: those that count in the loss", DatasetFigures.ImageRow::pixels, 70));
        columns.add(column("ignored", "pixels with the ignore index", DatasetFigures.ImageRow::ignored, 78));
        columns.add(column("focal", "mean focal loss over the image's labelled pixels, under the dataset's weights",
                DatasetFigures.ImageRow::meanFocal, 78));
        columns.add(column("CE", "mean cross-entropy over them, under the same weights", DatasetFigures.ImageRow::crossEntropy, 74));
        columns.add(column("worst class", "the class that carries most of the image's focal loss", r -> className(r.worstClass()), 106));
        columns.add(column("its %", "that class's part of the image's focal loss, in %", r -> 100 * r.worstClassShare(), 62));
        columns.add(column("quality", "label quality: the softmin of its pixels' p(label), T = 0.1, as cleanlab scores an image:"
                + " low where labels look wrong", r -> issuesOf(r) == null ? null : issuesOf(r).quality(), 78));
        columns.add(column("flagged", "its pixels flagged as likely mislabelled, as cleanlab finds them over the whole dataset",
                r -> issuesOf(r) == null ? null : issuesOf(r).flaggedPixels(), 76));
        columns.add(column("ECE", "its expected calibration error: top-label confidence against accuracy over its labelled pixels, "
                + CalibrationViewModel.BINS + " bins (a scan with Calibration)", DatasetViewModel::eceColumn, 70));
        for (int i = 0; i < columns.size(); i++) {
            String format = FORMATS.getOrDefault(i, "%.5g");
            columns.get(i).setCellFactory(col -> cell(format));
        }
        table.getColumns().setAll(columns);
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.setRowFactory(t -> {
            TableRow<DatasetFigures.ImageRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (!row.isEmpty()) {
                    vm.open(row.getItem());
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && table.getSelectionModel().getSelectedItem() != null) {
                vm.open(table.getSelectionModel().getSelectedItem());
            }
        });
        failed.setId("dataset-failed");
        failed.setPrefHeight(110);
        failedPane.setText("Files skipped");
        failedPane.setContent(failed);
        failedPane.setExpanded(false);
        confusions.setId("dataset-confusions");
        confusions.setPrefHeight(130);
        confusions.setPlaceholder(new Label("No label issue found"));
        TableColumn<io.focalscope.labels.LabelIssueReport.Confusion, String> pair = new TableColumn<>("given → predicted");
        pair.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(className(c.getValue().given()) + " → "
                + className(c.getValue().predicted())));
        TableColumn<io.focalscope.labels.LabelIssueReport.Confusion, String> pixels = new TableColumn<>("flagged pixels");
        pixels.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(String.format(java.util.Locale.ROOT, "%,d",
                c.getValue().pixels())));
        confusions.getColumns().setAll(List.of(pair, pixels));
        confusions.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        confusionsPane.setText("Common confusions among the flagged pixels");
        confusionsPane.setContent(confusions);
        confusionsPane.setExpanded(false);
        vm.labelIssuesProperty().addListener((o, was, now) -> {
            issuesByName = now == null ? java.util.Map.of() : now.perImage().stream().collect(java.util.stream.Collectors.toMap(
                    io.focalscope.labels.LabelIssueReport.ImageIssues::name, i -> i, (a, b) -> a));
            confusions.getItems().setAll(now == null ? List.of() : now.common());
            confusionsPane.setText(now == null ? "Common confusions among the flagged pixels" : String.format(java.util.Locale.ROOT,
                    "Common confusions among the %,d flagged pixels", now.flaggedPixels()));
        });
        VBox tableBox = new VBox(table, failedPane, confusionsPane);
        VBox.setVgrow(table, Priority.ALWAYS);

        NumberAxis g = new NumberAxis("γ", 0, 5, 0.5);
        NumberAxis loss = new NumberAxis();
        loss.setLabel("dataset loss");
        loss.setForceZeroInRange(false);
        curve = new LineChart<>(g, loss);
        curve.setAnimated(false);
        curve.setLegendVisible(false);
        curve.setTitle("Loss vs γ (from the histograms of log p_t)");
        VBox classBox = new VBox(classChart, weightChart);
        VBox.setVgrow(classChart, Priority.ALWAYS);
        VBox.setVgrow(weightChart, Priority.ALWAYS);
        charts.setId("dataset-charts");
        calibration = new CalibrationPane(vm.calibration, "dataset-calibration");
        javafx.scene.control.ScrollPane calibrationScroll = new javafx.scene.control.ScrollPane(calibration);
        calibrationScroll.setFitToWidth(true);
        charts.getTabs().addAll(new Tab("Classes", classBox), new Tab("Shares", shareChart), new Tab("Loss vs γ", curve),
                new Tab("Calibration", calibrationScroll));
        charts.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        SplitPane split = new SplitPane(tableBox, charts);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.66); // the table's twelve columns whole in a window 1,400 wide
        setTop(top);
        setCenter(split);
        vm.figuresProperty().addListener((o, was, now) -> show(now));
    }

    private void show(DatasetFigures f) {
        if (f == null) {
            return;
        }
        shownFigures = f;
        vm.calibration.classes.set(datasetClasses(f.classes()));
        table.setItems(FXCollections.observableArrayList(f.perImage()));
        table.getSortOrder().clear();
        fitColumns();
        failed.setItems(FXCollections.observableArrayList(f.failed().stream().map(ScanFailure::error).toList()));
        failedPane.setText("Files skipped (" + f.failed().size() + ")");
        io.focalscope.loss.LossTerm term = f.settings().term();
        String termText = term.title() + (term.parametersText().isEmpty() ? "" : " " + term.parametersText()) + ", "
                + term.gammaText("γ");
        summary.setText(String.format(Locale.ROOT,
                "%s, %d classes, %,d labelled pixels (%,d ignored) · loss %.5g (%s, %s, weights %s) · cross-entropy %.5g",
                io.focalscope.report.Plural.of(f.images(), "image"), f.classes(), f.pixels(), f.ignored(), f.loss(), termText, f.settings().reduction().cliName(),
                f.settings().weights().describe(), f.crossEntropy()));
        XYChart.Series<String, Number> pixels = new XYChart.Series<>();
        XYChart.Series<String, Number> weights = new XYChart.Series<>();
        XYChart.Series<String, Number> ce = new XYChart.Series<>();
        XYChart.Series<String, Number> focal = new XYChart.Series<>();
        ce.setName("cross-entropy");
        focal.setName(termText);
        long counted = java.util.Arrays.stream(f.counts()).sum(); // labelled pixels, or with sigmoid positive targets
        ((NumberAxis) classChart.getYAxis()).setLabel(f.settings().sigmoid() ? "share of positive targets" : "share of labelled pixels");
        for (DatasetFigures.ClassRow c : f.perClass()) {
            String name = className(c.classId());
            pixels.getData().add(new XYChart.Data<>(name, counted == 0 ? 0 : (double) c.pixels() / counted));
            weights.getData().add(new XYChart.Data<>(name, f.classWeights().get(c.classId())));
            ce.getData().add(new XYChart.Data<>(name, c.crossEntropyShare()));
            focal.getData().add(new XYChart.Data<>(name, c.share()));
        }
        classChart.getData().setAll(pixels);
        weightChart.getData().setAll(weights);
        ChartParts.colourBars(pixels, this::classColour);
        ChartParts.colourBars(weights, this::classColour);
        shareChart.getData().setAll(ce, focal);
        if (!term.variesGamma()) { // FLSD-53 varies no γ: its one point is a level
            curve.getData().setAll(List.of(ChartParts.level(term.title(), f.loss())));
            ((NumberAxis) curve.getXAxis()).setUpperBound(5);
            return;
        }
        XYChart.Series<Number, Number> line = new XYChart.Series<>();
        f.lossVsGamma().forEach(p -> line.getData().add(new XYChart.Data<>(p.gamma(), p.loss())));
        // the scan's γ in red, at its exact loss (the curve comes from the histograms)
        XYChart.Series<Number, Number> scanned = ChartParts.marker("γ", f.gamma(), f.loss());
        curve.getData().setAll(List.of(line, scanned));
        line.getData().forEach(d -> d.getNode().setStyle(ChartParts.CURVE_POINT_STYLE));
        ChartParts.style(scanned, ChartParts.CURRENT_GAMMA_STYLE);
        ((NumberAxis) curve.getXAxis()).setUpperBound(Math.max(5, Math.ceil(f.gamma())));
    }

    /** An image's size as the command line writes shapes: (H, W), or (N, H, W) for a batch. */
    public static String size(DatasetFigures.ImageRow r) {
        return "(" + (r.samples() > 1 ? r.samples() + ", " : "") + r.height() + ", " + r.width() + ")";
    }

    private io.focalscope.labels.LabelIssueReport.ImageIssues issuesOf(DatasetFigures.ImageRow r) {
        return issuesByName.get(r.name());
    }

    private String className(int c) {
        DatasetFigures f = shownFigures;
        return className(classes.get(), f == null ? -1 : f.classes(), c);
    }

    /**
     * A dataset class's name: the inspector's where it names as many classes as the dataset has,
     * else {@code class 3} (never another dataset's names, nor a bare number).
     */
    static String className(ClassSet set, int datasetClasses, int c) {
        return set != null && !set.isNumbered() && set.size() == datasetClasses ? set.name(c) : "class " + c;
    }

    /** The dataset's classes: the inspector's where they are as many, else numbered (names and colours alike). */
    private ClassSet datasetClasses(int count) {
        ClassSet set = classes.get();
        return set == null ? ClassSet.numbered(count) : set.orNumbered(count);
    }

    private int classColour(int c) {
        DatasetFigures f = shownFigures;
        return datasetClasses(f == null ? c + 1 : f.classes()).color(c);
    }

    private static BarChart<String, Number> bars(String valueLabel, String title) {
        CategoryAxis x = new CategoryAxis();
        NumberAxis y = new NumberAxis();
        y.setLabel(valueLabel);
        BarChart<String, Number> chart = new BarChart<>(x, y);
        chart.setAnimated(false);
        chart.setTitle(title);
        chart.setLegendVisible(title != null && title.equals("Shares"));
        chart.setMinHeight(0);
        chart.setCategoryGap(6);
        chart.setBarGap(1);
        return chart;
    }

    /** A column at least {@code width} wide, its title whole, explained in a tooltip where {@code tip} is given. */
    private static <T> TableColumn<DatasetFigures.ImageRow, Object> column(String title, String tip,
                                                                         Function<DatasetFigures.ImageRow, T> value, double width) {
        TableColumn<DatasetFigures.ImageRow, Object> c = new TableColumn<>();
        ColumnTitles.set(c, title, tip);
        c.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(value.apply(row.getValue())));
        c.setPrefWidth(width);
        c.setMinWidth(width);
        c.setComparator((a, b) -> a instanceof Comparable<?> ca ? compare(ca, b) : 0);
        return c;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Comparable a, Object b) {
        return a.compareTo(b);
    }

    /** How a column writes its doubles, by column index (the others "%.5g"). */
    private static final java.util.Map<Integer, String> FORMATS = java.util.Map.of(8, "%.1f", 9, "%.4g", 10, "%.0f", 11, "%.4f");

    /** A cell that writes doubles with {@code format} and anything else as it is. */
    private static javafx.scene.control.TableCell<DatasetFigures.ImageRow, Object> cell(String format) {
        return new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(Object item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : text(item, format));
            }
        };
    }

    private static String text(Object item, String format) {
        return item instanceof Double d ? String.format(Locale.ROOT, format, d) : item.toString();
    }

    /**
     * Each column as wide as its longest value and a character more, at least as its title: fixed widths cut a large
     * image's size and pixel count ("(1024, 2…", "1997…"); the table scrolls sideways instead. The
     * text is measured in the summary label's font, the theme's.
     */
    private void fitColumns() {
        javafx.scene.text.Text probe = new javafx.scene.text.Text();
        probe.setFont(summary.getFont());
        for (int i = 0; i < table.getColumns().size(); i++) {
            TableColumn<DatasetFigures.ImageRow, ?> c = table.getColumns().get(i);
            String format = FORMATS.getOrDefault(i, "%.5g");
            // the longest value measured, not every one: laying out a text for each cell of a dataset
            // of thousands of images would hold up the JavaFX thread
            String longest = "";
            for (DatasetFigures.ImageRow row : table.getItems()) {
                Object value = c.getCellObservableValue(row).getValue();
                String shown = value == null ? "" : text(value, format);
                longest = shown.length() > longest.length() ? shown : longest;
            }
            probe.setText(longest + "0"); // a character's room for a value of that length in wider glyphs
            c.setPrefWidth(Math.max(c.getMinWidth(), Math.ceil(probe.getLayoutBounds().getWidth()) + CELL_PADDING));
        }
    }

    /** A cell's padding and border, left and right, with room to spare. */
    private static final double CELL_PADDING = 24;
}
