package io.focalscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.render.Frame;
import io.focalscope.render.MapLayer;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Training tab in the window on the reference run: its data map, an image opened by a click, the epoch slider, the data-map layers. */
class TrainingWindowTest extends WindowTest {

    static final Path RUN = Path.of("src/test/resources/dynamics/run");

    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    private boolean shows(String logits) {
        return vm.datasetProperty().get() != null && vm.datasetProperty().get().batch().logitsSource().equals(logits)
                && vm.evaluationProperty().get() != null && vm.evaluationProperty().get().dataset() == vm.datasetProperty().get();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aClickOnTheCarOpensItTheSliderMovesItThroughTheEpochsAndItsHardPixelsShow(FxRobot robot) throws Exception {
        waitForMap();
        robot.interact(() -> view.openTraining(RUN, null));
        waitFor(() -> vm.training.figuresProperty().get() != null && view.training.pointCount() == 3, "the run's data map");
        assertEquals(RUN.resolve("labels").toString(), robot.lookup("#training-labels").queryAs(TextField.class).getText(),
                "the labels folder found in the run");
        ComboBox<MapLayer> layers = robot.lookup("#layer").queryAs(ComboBox.class);
        // the run's lowest-confidence image opens by itself; the demo again, which is no file of the run
        waitFor(() -> shows(RUN.resolve("epoch_11/car.npy").toString()), "the car, opened as the run's lowest");
        robot.interact(vm::openDemo);
        waitFor(() -> vm.datasetProperty().get() != null && vm.datasetProperty().get().title().startsWith("demo"), "the demo");
        assertFalse(vm.map.dataMapsAvailable.get(), "the demo is no file of the run");

        Node car = robot.lookup("#training-point-car").query();
        robot.clickOn(car);
        waitFor(() -> shows(RUN.resolve("epoch_11/car.npy").toString()), "the car at the last epoch");
        double sliderWidth = view.training.epochSlider.getWidth();
        robot.interact(() -> view.training.epochSlider.setValue(0));
        waitFor(() -> shows(RUN.resolve("epoch_1/car.npy").toString()), "the car at the first epoch");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("epoch_1 (1 of 11)", robot.lookup("#training-epoch-name").queryAs(javafx.scene.control.Label.class).getText());
        assertEquals(sliderWidth, view.training.epochSlider.getWidth(), "the slider keeps its length for a shorter epoch name");
        robot.interact(() -> view.training.epochSlider.setValue(view.training.epochSlider.getMax()));
        waitFor(() -> shows(RUN.resolve("epoch_11/car.npy").toString()), "the car at epoch_11 again");
        assertEquals("epoch_11 (11 of 11)", robot.lookup("#training-epoch-name").queryAs(javafx.scene.control.Label.class).getText());
        assertTitlesWhole(robot.lookup("#training-table").queryAs(javafx.scene.control.TableView.class));
        // the car's pixels on the data map: its wrong label's 20 a cluster apart, in the hard-to-learn corner
        waitFor(() -> view.training.pixelPointCount(true) == 20, "the car's hard-and-stable pixels on the data map");
        assertEquals(377 - 20, view.training.pixelPointCount(false), "every other labelled pixel of the car: 377 fit in 1,500");

        assertTrue(vm.map.dataMapsAvailable.get());
        robot.interact(() -> layers.getSelectionModel().select(MapLayer.HARD_STABLE));
        waitFor(() -> {
            Frame f = view.mapsArea.primary.frame();
            return f != null && f.view().layer() == MapLayer.HARD_STABLE && f.data().dataMaps() != null
                    && f.data().result() == vm.evaluationProperty().get().result() && drawnAsLaidOut(view.mapsArea.primary);
        }, "the hard-and-stable layer drawn with the car's data maps");
        Frame f = view.mapsArea.primary.frame();
        int hard = 0;
        for (int p = 0; p < f.data().labels().length; p++) {
            hard += f.data().isHardStable(p) ? 1 : 0;
        }
        assertEquals(20, hard, "the planted patch");
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(vm.training.classLossProperty().get());
        assertEquals(MapLayer.HARD_STABLE, vm.map.layer.get());

        // the Label issues tab: the planted patch is a region all of whose pixels stayed hard and stable
        robot.interact(() -> view.charts.getSelectionModel().select(view.charts.getTabs().stream()
                .filter(t -> t.getText().equals("Label issues")).findFirst().orElseThrow()));
        javafx.scene.control.TableView<io.focalscope.labels.Region> issues = robot.lookup("#label-issues-table")
                .queryAs(javafx.scene.control.TableView.class);
        waitFor(() -> !issues.getItems().isEmpty() && vm.map.dataProperty().get().issues() != null, "the car's label issues");
        javafx.scene.control.TableColumn<io.focalscope.labels.Region, ?> hardColumn = issues.getColumns().stream()
                .filter(c -> "label-issues-hard".equals(c.getId())).findFirst().orElseThrow();
        assertTrue(hardColumn.isVisible());
        assertTitlesWhole(issues);
        io.focalscope.labels.Region patch = issues.getItems().get(0);
        assertEquals(20, patch.pixels());
        assertEquals("100", WaitForAsyncUtils.asyncFx(() -> String.valueOf(hardColumn.getCellData(0))).get());

        // a lower confidence threshold: 12 of the patch's 20 pixels stay hard, on the map, the data map and in the hard % column
        robot.interact(() -> view.charts.getSelectionModel().select(view.charts.getTabs().stream()
                .filter(t -> t.getText().equals("Training")).findFirst().orElseThrow()));
        TextField confidence = robot.lookup("#training-hard-confidence").queryAs(TextField.class);
        assertEquals("0.25", confidence.getText());
        robot.interact(() -> {
            confidence.setText("0.0069");
            confidence.fireEvent(new javafx.event.ActionEvent());
        });
        waitFor(() -> view.training.pixelPointCount(true) == 12, "the car's 12 pixels hard at confidence < 0.0069 on the data map");
        assertEquals(377 - 12, view.training.pixelPointCount(false));
        waitFor(() -> {
            Frame g = view.mapsArea.primary.frame();
            return g != null && g.data().dataMaps() != null && g.data().dataMaps().thresholds().confidence() == 0.0069
                    && drawnAsLaidOut(view.mapsArea.primary);
        }, "the Hard and stable layer drawn at the new thresholds");
        Frame g = view.mapsArea.primary.frame();
        int hardNow = 0;
        for (int p = 0; p < g.data().labels().length; p++) {
            hardNow += g.data().isHardStable(p) ? 1 : 0;
        }
        assertEquals(12, hardNow);
        assertTrue(robot.lookup("#training-image-figures").queryAs(javafx.scene.control.Label.class).getText()
                .contains("12 hard and stable pixels of 377 at confidence < 0.0069, variability < 0.1"));
        robot.interact(() -> view.charts.getSelectionModel().select(view.charts.getTabs().stream()
                .filter(t -> t.getText().equals("Label issues")).findFirst().orElseThrow()));
        waitFor(() -> {
            try {
                return "60".equals(WaitForAsyncUtils.asyncFx(() -> String.valueOf(hardColumn.getCellData(0))).get());
            } catch (Exception e) {
                return false;
            }
        }, "the patch's hard % at the new thresholds: 12 of 20");
        robot.interact(() -> view.charts.getSelectionModel().select(view.charts.getTabs().stream()
                .filter(t -> t.getText().equals("Training")).findFirst().orElseThrow()));

        // out of range: refused with a message, the field put back
        robot.interact(() -> {
            confidence.setText("2");
            confidence.fireEvent(new javafx.event.ActionEvent());
        });
        waitFor(() -> robot.lookup(".dialog-pane").tryQuery().isPresent(), "an error dialog");
        assertEquals("The hard-and-stable confidence must be between 0 and 1 (a mean probability), got 2",
                robot.lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class).getContentText());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("0.0069", confidence.getText(), "the field shows the threshold in use again");
        assertEquals(0.0069, vm.training.hardConfidenceProperty().get());
    }

    /**
     * A run that fails for want of its labels folder, given one and followed: Follow follows that run,
     * not the one shown before it (here none).
     */
    @Test
    void aRunWithoutItsLabelsFolderIsFollowedOnceItIsGiven(FxRobot robot) throws Exception {
        waitForMap();
        robot.interact(() -> view.openTraining(new io.focalscope.dynamics.EpochSource.Folder(RUN, null)));
        waitFor(() -> vm.training.messageProperty().get().contains("give their folder"), "the run's failure");
        assertEquals("Run: " + RUN, robot.lookup("#training-folder").queryAs(javafx.scene.control.Label.class).getText());
        TextField labels = robot.lookup("#training-labels").queryAs(TextField.class);
        robot.interact(() -> labels.setText(RUN.resolve("labels").toString()));
        javafx.scene.control.Button follow = robot.lookup("#training-follow").queryAs(javafx.scene.control.Button.class);
        robot.interact(follow::fire);
        waitFor(() -> vm.training.figuresProperty().get() != null && view.training.pointCount() == 3, "the run's data map");
        assertEquals(new io.focalscope.dynamics.EpochSource.Folder(RUN, RUN.resolve("labels")), vm.training.runProperty().get(),
                vm.training.messageProperty().get());
    }

    /**
     * A list that cannot be followed leaves the run shown in the fields, and Follow follows that run
     * again, not the bad list.
     */
    @Test
    void aListThatFailsLeavesTheRunShownInTheFields(FxRobot robot, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        waitForMap();
        robot.interact(() -> view.openTraining(new io.focalscope.dynamics.EpochSource.Folder(RUN, RUN.resolve("labels"))));
        waitFor(() -> vm.training.figuresProperty().get() != null && view.training.pointCount() == 3, "the run's data map");
        Path bad = java.nio.file.Files.writeString(dir.resolve("bad.csv"), "epoch_1,a.npy,b.npy\n");
        robot.interact(() -> view.openTraining(new io.focalscope.dynamics.EpochSource.CsvList(bad)));
        waitFor(() -> !vm.training.runningProperty().get() && vm.training.messageProperty().get().contains("expected the header"),
                "the list's failure");
        assertEquals("Run: " + RUN, robot.lookup("#training-folder").queryAs(javafx.scene.control.Label.class).getText());
        TextField labels = robot.lookup("#training-labels").queryAs(TextField.class);
        assertFalse(labels.isDisabled());
        assertEquals(RUN.resolve("labels").toString(), labels.getText());
    }

    /**
     * A folder that cannot be followed while another run is shown stays in the fields (its labels
     * folder may be what it lacks), and the line above them says that the figures are the other run's.
     */
    @Test
    void aFolderThatFailsIsNamedBesideTheRunShown(FxRobot robot, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        waitForMap();
        robot.interact(() -> view.openTraining(new io.focalscope.dynamics.EpochSource.Folder(RUN, RUN.resolve("labels"))));
        waitFor(() -> vm.training.figuresProperty().get() != null && view.training.pointCount() == 3, "the run's data map");
        robot.interact(() -> view.openTraining(new io.focalscope.dynamics.EpochSource.Folder(dir, null)));
        waitFor(() -> !vm.training.runningProperty().get() && vm.training.messageProperty().get().startsWith(dir.toString()),
                "the folder's failure");
        assertEquals("Run: " + dir + " (not followed; shown: " + RUN + ")",
                robot.lookup("#training-folder").queryAs(javafx.scene.control.Label.class).getText());
        assertEquals(3, view.training.pointCount(), "the figures shown are still the run's");
    }

    /** A run opened from the menu brings its lowest-confidence image to the inspector, as open-dynamics does. */
    @Test
    void aRunOpenedShowsItsLowestConfidenceImage(FxRobot robot) throws Exception {
        waitForMap();
        robot.interact(() -> view.openTraining(new io.focalscope.dynamics.EpochSource.Folder(RUN, RUN.resolve("labels"))));
        waitFor(() -> vm.training.figuresProperty().get() != null && vm.datasetProperty().get() != null
                && vm.datasetProperty().get().batch().logitsSource().endsWith("car.npy"), "the car, lowest in confidence, in the inspector");
        assertEquals("car", vm.training.figuresProperty().get().perImage().get(0).name());
        // a second run, through the tab's own way in (its Open buttons): the demo in between, then the run again
        robot.interact(vm::openDemo);
        waitFor(() -> vm.datasetProperty().get() != null && vm.datasetProperty().get().title().startsWith("demo"), "the demo");
        robot.interact(() -> view.training.openRun(new io.focalscope.dynamics.EpochSource.Folder(RUN, RUN.resolve("labels"))));
        waitFor(() -> vm.datasetProperty().get() != null && vm.datasetProperty().get().batch().logitsSource().endsWith("car.npy"),
                "the car again, from the tab");
    }

    /** What was not followed is listed whole, each reason on lines of its own, in the tab's width. */
    @Test
    void whatWasNotFollowedShowsWhole(FxRobot robot, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        waitForMap();
        Path run = dir.resolve("run");
        try (var files = java.nio.file.Files.walk(RUN)) {
            for (Path f : files.toList()) {
                java.nio.file.Files.copy(f, run.resolve(RUN.relativize(f).toString()));
            }
        }
        // a file without its labels: a long reason, naming two folders
        java.nio.file.Files.copy(run.resolve("epoch_1").resolve(firstLogits(run.resolve("epoch_1"))),
                run.resolve("epoch_1/an_image_with_a_long_name_and_no_labels.npy"));
        robot.interact(() -> view.openTraining(new io.focalscope.dynamics.EpochSource.Folder(run, run.resolve("labels"))));
        waitFor(() -> vm.training.figuresProperty().get() != null && !vm.training.notFollowed().isEmpty(), "the run");
        robot.interact(() -> robot.lookup("#training-not-followed-pane").queryAs(javafx.scene.control.TitledPane.class).setExpanded(true));
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.Label list = robot.lookup("#training-not-followed").queryAs(javafx.scene.control.Label.class);
        String shown = list.getText();
        for (String reason : vm.training.notFollowed()) {
            assertTrue(shown.contains("• " + reason), shown);
        }
        javafx.scene.text.Text drawn = (javafx.scene.text.Text) list.lookup(".text");
        assertEquals(shown, drawn.getText(), "drawn whole, not cut with an ellipsis");
        // thousands of images missing from a run still being written: the first hundred, and a count
        java.util.List<String> many = java.util.stream.IntStream.range(0, 2000).mapToObj(i -> "image " + i + " is missing").toList();
        String text = io.focalscope.ui.training.TrainingPane.notFollowedText(many);
        assertEquals(101, text.lines().count());
        assertTrue(text.endsWith("… and 1,900 more (focalscope dynamics --json lists every one)"), text);
    }

    private static String firstLogits(Path epoch) throws java.io.IOException {
        try (var names = java.nio.file.Files.list(epoch)) {
            return names.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".npy")).sorted().findFirst().orElseThrow();
        }
    }

    /** File ▸ Open training run from a list…, and the list shown where the folder was: its rows name the labels. */
    @Test
    void aListIsFollowedLikeAFolderAndShownAsTheRun(FxRobot robot) throws Exception {
        waitForMap();
        javafx.scene.control.MenuBar bar = robot.lookup(".menu-bar").queryAs(javafx.scene.control.MenuBar.class);
        assertTrue(bar.getMenus().get(0).getItems().stream().anyMatch(i -> MainMenu.TRAINING_LIST.equals(i.getText())),
                "File ▸ " + MainMenu.TRAINING_LIST);
        Path list = Path.of("src/test/resources/dynamics/run.csv");
        robot.interact(() -> view.openTraining(new io.focalscope.dynamics.EpochSource.CsvList(list)));
        waitFor(() -> vm.training.figuresProperty().get() != null && view.training.pointCount() == 3, "the list's data map");
        assertEquals("List: " + list, robot.lookup("#training-folder").queryAs(javafx.scene.control.Label.class).getText());
        TextField labels = robot.lookup("#training-labels").queryAs(TextField.class);
        assertTrue(labels.isDisabled(), "a list's rows name its labels");
        assertEquals("", labels.getText());
        assertTrue(robot.lookup("#training-open-list").tryQuery().isPresent());
        assertEquals("epoch_11 (11 of 11)", robot.lookup("#training-epoch-name").queryAs(javafx.scene.control.Label.class).getText());
    }
}
