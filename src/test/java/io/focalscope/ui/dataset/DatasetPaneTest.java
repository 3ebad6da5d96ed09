package io.focalscope.ui.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.focalscope.ui.inspector.InspectorViewModel;
import io.focalscope.ui.task.ImmediateTaskExecutor;
import io.focalscope.ui.task.ManualTaskExecutor;
import javafx.scene.control.Label;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

/** The Dataset tab's table before its first figures. */
@ExtendWith(ApplicationExtension.class)
class DatasetPaneTest {

    private InspectorViewModel vm;

    @AfterEach
    void close() {
        if (vm != null) {
            vm.close();
        }
    }

    /** While the first scan runs, its progress is above the table: the empty table says the figures are coming, not "not scanned". */
    @Test
    void theEmptyTableSaysWhetherAScanIsRunning(FxRobot robot) {
        ManualTaskExecutor scans = new ManualTaskExecutor();
        vm = new InspectorViewModel("cpu", new ImmediateTaskExecutor(), scans);
        DatasetPane[] pane = new DatasetPane[1];
        robot.interact(() -> pane[0] = new DatasetPane(vm.datasets, () -> null, () -> { }));
        Label empty = (Label) pane[0].table.getPlaceholder();
        assertEquals("No dataset scanned yet", empty.getText());
        robot.interact(() -> vm.datasets.scan(DatasetViewModelTest.IMAGES));
        assertEquals("The images' figures come when the scan ends", empty.getText());
        robot.interact(() -> vm.datasets.cancel());
        robot.interact(scans::runAll);
        assertEquals("No dataset scanned yet", empty.getText());
    }
}
