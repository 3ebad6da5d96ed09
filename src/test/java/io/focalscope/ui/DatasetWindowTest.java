package io.focalscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.dataset.DatasetFigures;
import io.focalscope.ui.dataset.DatasetPane;
import io.focalscope.ui.settings.WeightChoice;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Dataset tab in the window: a scan, its table sorted by a column, an image opened by a click. */
class DatasetWindowTest extends WindowTest {

    static final Path IMAGES = Path.of("src/test/resources/dataset/images");

    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    @SuppressWarnings("unchecked")
    private TableView<DatasetFigures.ImageRow> table(FxRobot robot) {
        return robot.lookup("#dataset-table").queryAs(TableView.class);
    }

    private void scan(FxRobot robot) throws Exception {
        waitForMap();
        robot.interact(() -> view.openDataset(IMAGES));
        waitFor(() -> vm.datasets.figuresProperty().get() != null && !table(robot).getItems().isEmpty(), "the scan");
        assertTitlesWhole(table(robot));
    }

    @Test
    void theTableRanksTheImagesAndSortsByAnyColumn(FxRobot robot) throws Exception {
        scan(robot);
        assertTrue(view.showsDataset());
        javafx.scene.control.Label readout = robot.lookup("#readout").queryAs(javafx.scene.control.Label.class);
        assertEquals(MainView.DATASET_HINT, readout.getText(), "no map here to move the mouse over");
        TableView<DatasetFigures.ImageRow> table = table(robot);
        assertEquals(List.of("echo", "delta", "alpha", "sub/charlie", "bravo"), names(table));
        robot.clickOn(robot.from(table).lookup(".column-header .label")
                .match((javafx.scene.control.Label l) -> l.getText().equals("image")).queryLabeled());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("alpha", "bravo", "delta", "echo", "sub/charlie"), names(table));
        assertEquals("Files skipped (5)", view.datasetPane.failedPane.getText());
    }

    /** A large image's size and pixel count are shown whole: the columns widen to their values. */
    @Test
    void largeImagesFiguresAreShownWhole(FxRobot robot, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        waitForMap();
        int h = 1500;
        int w = 1500;
        float[] z = new float[2 * h * w];
        for (int p = 0; p < h * w; p++) {
            z[p] = 1f; // class 0 the likelier everywhere
        }
        io.focalscope.io.NpyWriter.writeFloat32(dir.resolve("big_logits.npy"), new int[] {1, 2, h, w}, z);
        io.focalscope.io.NpyWriter.write(dir.resolve("big_labels.npy"), io.focalscope.io.NdArray.ofBytes("big", new int[] {1, h, w},
                new int[h * w]));
        robot.interact(() -> view.openDataset(dir));
        waitFor(() -> vm.datasets.figuresProperty().get() != null && !table(robot).getItems().isEmpty(), "the scan");
        assertCellsWhole(table(robot));
    }

    @Test
    void aClickOnAnImageOpensItInTheInspectorAndTheDatasetStays(FxRobot robot) throws Exception {
        scan(robot);
        DatasetFigures.ImageRow alpha = table(robot).getItems().get(2);
        assertEquals("alpha", alpha.name());
        robot.clickOn(robot.from(table(robot)).lookup(".table-row-cell")
                .match((javafx.scene.control.TableRow<?> row) -> row.getItem() == alpha).queryAs(javafx.scene.Node.class));
        waitFor(() -> vm.datasetProperty().get() != null
                && vm.datasetProperty().get().batch().logitsSource().startsWith(alpha.files().logits())
                && vm.evaluationProperty().get() != null
                && vm.evaluationProperty().get().result().classes() == 5, "the image in the inspector");
        waitForMap();
        assertTrue(!view.showsDataset(), "the inspector tab is shown");
        assertEquals(alpha.meanFocal(), vm.evaluationProperty().get().result().lossOnehot(), 1e-5 * alpha.meanFocal());
        assertEquals(5, table(robot).getItems().size(), "the dataset stays");
        // the class charts follow the image's 5 classes, not the demo's 19 before it
        BarChart<?, ?> weights = (BarChart<?, ?>) view.charts.chartTabs().get(0).getContent().lookup(".chart");
        CategoryAxis x = (CategoryAxis) weights.getXAxis();
        assertEquals(List.of("0", "1", "2", "3", "4"), x.getTickMarks().stream().map(t -> t.getValue()).toList());
    }

    /** Issue 18: the size as the command line writes it, the worst class by name after a rescan, the dataset's weights named. */
    @Test
    @SuppressWarnings("unchecked")
    void theTabsTextsFollowTheCommandLineAndStayNamedAfterARescan(FxRobot robot) throws Exception {
        robot.interact(() -> vm.loss.weightChoice.set(WeightChoice.ENET));
        scan(robot);
        TableView<DatasetFigures.ImageRow> table = table(robot);
        DatasetFigures.ImageRow alpha = table.getItems().get(2);
        assertEquals("(" + alpha.height() + ", " + alpha.width() + ")", DatasetPane.size(alpha));
        assertEquals("(" + alpha.height() + ", " + alpha.width() + ")", cellText(robot, 2, 2));
        String worst = cellText(robot, 2, 7);
        assertEquals("class " + alpha.worstClass(), worst, "the demo's names are not this dataset's");
        robot.clickOn(robot.from(table).lookup(".table-row-cell")
                .match((javafx.scene.control.TableRow<?> row) -> row.getItem() == alpha).queryAs(javafx.scene.Node.class));
        waitFor(() -> vm.evaluationProperty().get() != null && vm.evaluationProperty().get().result().classes() == 5, "the image");
        javafx.scene.control.ComboBox<WeightChoice> weights = robot.lookup("#weights").queryAs(javafx.scene.control.ComboBox.class);
        waitFor(() -> "dataset (enet c=1.1)".equals(weights.getButtonCell().getText()), "the dataset's weights named");
        DatasetFigures before = vm.datasets.figuresProperty().get();
        robot.interact(() -> view.openDataset(IMAGES));
        waitFor(() -> vm.datasets.figuresProperty().get() != before && !vm.datasets.scanningProperty().get(), "the rescan");
        WaitForAsyncUtils.waitForFxEvents();
        int row = table(robot).getItems().indexOf(table(robot).getItems().stream().filter(r -> r.name().equals("alpha")).findFirst().get());
        assertEquals(worst, cellText(robot, row, 7), "the worst class is named as before the rescan");
    }

    /** What a string column holds at a row (its cells write strings as they are). */
    private String cellText(FxRobot robot, int row, int column) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> String.valueOf(table(robot).getColumns().get(column).getCellData(row))).get();
    }

    private static List<String> names(TableView<DatasetFigures.ImageRow> table) {
        return table.getItems().stream().map(DatasetFigures.ImageRow::name).toList();
    }
}
