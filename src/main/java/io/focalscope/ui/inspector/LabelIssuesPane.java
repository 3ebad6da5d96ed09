package io.focalscope.ui.inspector;

import io.focalscope.labels.LabelIssueReport;
import io.focalscope.labels.Region;
import io.focalscope.render.MapLayer;
import io.focalscope.classes.ClassSet;
import io.focalscope.ui.controls.ColumnTitles;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Label issues tab: the open file's suspected annotation errors as cleanlab finds them, one row
 * per region of flagged pixels (given → predicted class, pixels, the loss it carries), the costliest
 * first. A click shows the region on the map, in the Label issues layer.
 */
public final class LabelIssuesPane extends VBox {

    final TableView<Region> table = new TableView<>();
    final Label summary = new Label("Searched when this tab or the Label issues layer is shown.");

    public LabelIssuesPane(InspectorViewModel vm) {
        super(6);
        setId("label-issues-pane");
        table.setId("label-issues-table");
        summary.setId("label-issues-summary");
        summary.setWrapText(true);
        setPadding(new javafx.geometry.Insets(6));
        Function<Integer, String> name = c -> {
            ClassSet classes = vm.map.classes.get();
            return classes == null ? String.valueOf(c) : classes.name(c);
        };
        // three columns (four with a training run) fit the side column; the rest is in each row's tooltip
        table.getColumns().add(column("pixels", r -> String.format(Locale.ROOT, "%,d", r.pixels())));
        TableColumn<Region, String> loss = column("loss", r -> r.loss() >= 1000 ? String.format(Locale.ROOT, "%,.0f", r.loss())
                : String.format(Locale.ROOT, "%.4g", r.loss()));
        ColumnTitles.set(loss, "loss", "The region's loss summed over its pixels, at the loss settings' γ and class weights:"
                + " it follows γ");
        table.getColumns().add(loss);
        // with a training run's data maps of the file: how much of the region training never learnt
        io.focalscope.ui.training.RegionHardShare shares = new io.focalscope.ui.training.RegionHardShare();
        TableColumn<Region, String> hard = column("hard %", r -> {
            Double share = shares.shareOf(vm.map.dataProperty().get(), r);
            return share == null ? "" : String.format(Locale.ROOT, "%.0f", 100 * share);
        });
        hard.setId("label-issues-hard");
        ColumnTitles.set(hard, "hard %", "The share of the region's pixels that stayed hard and stable over the open training"
                + " run's epochs (the Hard and stable layer): a flagged region that training never learnt");
        hard.visibleProperty().bind(vm.map.dataMapsAvailable);
        table.getColumns().add(hard);
        for (TableColumn<Region, ?> c : table.getColumns()) {
            c.setPrefWidth(58);
        }
        vm.map.dataProperty().addListener((o, was, now) -> {
            if (io.focalscope.ui.training.RegionHardShare.changed(was, now)) {
                table.refresh(); // the flags and data maps come with the map, after the regions
            }
        });
        // the classes last, where the table's width goes
        TableColumn<Region, String> pair = column("given → predicted", r -> name.apply(r.given()) + " → " + name.apply(r.predicted()));
        pair.setPrefWidth(140); // its title whole
        table.getColumns().add(pair);
        table.setRowFactory(t -> {
            javafx.scene.control.TableRow<Region> row = new javafx.scene.control.TableRow<>();
            row.itemProperty().addListener((o, was, r) -> row.setTooltip(r == null ? null : new javafx.scene.control.Tooltip(details(r, name))));
            return row;
        });
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No label issue found."));
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(summary, table);
        show(vm.labelIssuesProperty().get(), vm.labelIssuesNeedSoftmaxProperty().get()); // made after a file opened
        vm.labelIssuesProperty().addListener((o, was, now) -> show(now, vm.labelIssuesNeedSoftmaxProperty().get()));
        vm.labelIssuesNeedSoftmaxProperty().addListener((o, was, now) -> show(vm.labelIssuesProperty().get(), now));
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                vm.map.layer.set(MapLayer.LABEL_ISSUES);
                vm.map.zoomTo(now.sample(), now.box());
            }
        });
    }

    private void show(LabelIssueReport r, boolean needSoftmax) {
        ((Label) table.getPlaceholder()).setText(needSoftmax ? "Not searched with sigmoid." : "No label issue found.");
        if (r == null) {
            summary.setText(needSoftmax ? "The search reads the softmax's probabilities, as cleanlab does: with the sigmoid activation"
                    + " there are none. Choose softmax to see the label issues."
                    : "Searched when this tab or the Label issues layer is shown.");
            table.getItems().clear();
            return;
        }
        LabelIssueReport.ImageIssues image = r.perImage().isEmpty() ? null : r.perImage().get(0);
        summary.setText(String.format(Locale.ROOT, "%,d of %,d labelled pixels flagged as likely mislabelled (%.2g %%), in %s;"
                        + " label quality %.4g. Searched as cleanlab does, over this file alone. A click shows a region.",
                r.flaggedPixels(), r.pixels(), 100.0 * r.flaggedPixels() / Math.max(1, r.pixels()),
                io.focalscope.report.Plural.of(image == null ? 0 : image.regionCount(), "region"),
                image == null ? Double.NaN : image.quality()));
        table.getItems().setAll(image == null ? java.util.List.of() : image.regions());
    }

    private static String details(Region r, Function<Integer, String> name) {
        int[] b = r.box();
        return String.format(Locale.ROOT, "labelled %s, predicted %s%n%,d pixels%s at y %d–%d, x %d–%d%nloss %.6g (the loss options' γ and"
                        + " weights)%nmean p(label) %.3g", name.apply(r.given()), name.apply(r.predicted()), r.pixels(),
                r.sample() > 0 ? " of sample " + r.sample() : "", b[0], b[2], b[1], b[3], r.loss(), r.meanSelfConfidence());
    }

    private static TableColumn<Region, String> column(String title, Function<Region, String> text) {
        TableColumn<Region, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(text.apply(cell.getValue())));
        c.setSortable(false);
        return c;
    }
}
