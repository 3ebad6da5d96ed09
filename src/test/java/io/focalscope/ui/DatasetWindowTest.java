package io.focalscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.dataset.DatasetFigures;
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
    }

    @Test
    void theTableRanksTheImagesAndSortsByAnyColumn(FxRobot robot) throws Exception {
        scan(robot);
        assertTrue(view.showsDataset());
        TableView<DatasetFigures.ImageRow> table = table(robot);
        assertEquals(List.of("echo", "delta", "alpha", "sub/charlie", "bravo"), names(table));
        robot.clickOn(robot.from(table).lookup(".column-header .label")
                .match((javafx.scene.control.Label l) -> l.getText().equals("image")).queryLabeled());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of("alpha", "bravo", "delta", "echo", "sub/charlie"), names(table));
        assertEquals("Files skipped (5)", view.datasetPane.failedPane.getText());
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
        BarChart<?, ?> weights = (BarChart<?, ?>) view.charts.getTabs().get(0).getContent().lookup(".chart");
        CategoryAxis x = (CategoryAxis) weights.getXAxis();
        assertEquals(List.of("0", "1", "2", "3", "4"), x.getTickMarks().stream().map(t -> t.getValue()).toList());
    }

    private static List<String> names(TableView<DatasetFigures.ImageRow> table) {
        return table.getItems().stream().map(DatasetFigures.ImageRow::name).toList();
    }
}
