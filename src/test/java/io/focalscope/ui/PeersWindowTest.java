package io.focalscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.focalscope.TestFiles;
import io.focalscope.peers.Peer;
import io.focalscope.peers.PeerLosses;
import io.focalscope.ui.compare.ComparisonViewModel;
import io.focalscope.ui.compare.PeersPane;
import io.focalscope.ui.evaluation.Evaluation;
import java.nio.file.Path;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/** The Peers tab: each library's value for the open file, and one library's loss per pixel in the second pane. */
class PeersWindowTest extends WindowTest {

    static final Path CASE = Path.of("src/test/resources/sigmoid/one_vs_rest");

    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    /** In a small window the tab scrolls: its table keeps a few rows and "Draw … beside ours" stays whole, below. */
    @Test
    void thePeersTabScrollsInASmallWindow(FxRobot robot) throws Exception {
        waitForMap();
        resize(robot, 1000, 620);
        robot.clickOn(robot.lookup(".tab-pane > .tab-header-area .tab").match(
                (javafx.scene.Node n) -> n.lookup(".tab-label") instanceof javafx.scene.control.Label l && l.getText().equals("Peers"))
                .queryAs(javafx.scene.Node.class));
        waitFor(() -> robot.lookup("#peers-draw").tryQuery().isPresent() && !view.isNeedsLayout(), "the Peers tab laid out");
        javafx.scene.control.TableView<?> table = robot.lookup("#peers-table").queryAs(javafx.scene.control.TableView.class);
        waitFor(() -> !table.getItems().isEmpty(), "the libraries' values");
        robot.interact(() -> table.getSelectionModel().select(0)); // its detail, five lines, below the table
        waitFor(() -> !view.isNeedsLayout(), "laid out with the detail");
        javafx.scene.control.CheckBox draw = robot.lookup("#peers-draw").queryAs(javafx.scene.control.CheckBox.class);
        PeersPane pane = (PeersPane) draw.getParent();
        assertTrue(table.getLayoutBounds().getHeight() >= 150, "the table keeps a few rows: " + table.getLayoutBounds().getHeight());
        assertTrue(pane.getHeight() >= pane.minHeight(-1) - 0.5, "the pane no smaller than its content needs: " + pane.getHeight());
        assertTrue(draw.getBoundsInParent().getMaxY() <= pane.getHeight() + 0.5, "the check box whole inside the pane");
        resize(robot, 1400, 860);
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePeersTabShowsEachLibrarysValueAndDrawsOneBesideOurs(FxRobot robot) throws Exception {
        waitForMap();
        robot.interact(() -> vm.open(CASE.resolve("logits.npy").toString(), CASE.resolve("labels.npy").toString(), null, null));
        waitFor(() -> vm.evaluationProperty().get() != null && vm.evaluationProperty().get().result().classes() == 5, "the case");
        robot.clickOn(robot.lookup(".tab-pane > .tab-header-area .tab").match(
                (javafx.scene.Node n) -> n.lookup(".tab-label") instanceof javafx.scene.control.Label l && l.getText().equals("Peers"))
                .queryAs(javafx.scene.Node.class));
        waitFor(() -> vm.evaluationProperty().get().peers() != null, "the libraries' values");
        TableView<PeerLosses.Value> table = robot.lookup("#peers-table").queryAs(TableView.class);
        assertTitlesWhole(table);
        JsonObject expected = TestFiles.json(Path.of("src/test/resources/peers/expected.json")).getAsJsonObject("cases")
                .getAsJsonObject(CASE.toString()).getAsJsonObject("2.0");
        assertEquals(7, table.getItems().size());
        for (PeerLosses.Value v : table.getItems()) {
            double want = expected.get(v.peer().key()).getAsDouble();
            assertEquals(want, v.value(), 1e-4 * want, v.peer().key());
        }

        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(v -> v.peer() == Peer.TORCHVISION).findFirst().orElseThrow()));
        java.util.List<Evaluation> evaluations = new java.util.concurrent.CopyOnWriteArrayList<>();
        robot.interact(() -> vm.evaluationProperty().addListener((o, was, now) -> evaluations.add(now)));
        robot.clickOn("#peers-draw");
        waitFor(() -> view.mapsArea.secondary.frame() != null && vm.map.framesProperty().get() != null
                && vm.map.framesProperty().get().secondary() != null
                && vm.map.framesProperty().get().request().secondShows() == ComparisonViewModel.SecondPane.PEER, "the second pane");
        assertEquals(Peer.TORCHVISION, vm.compare.peer.get());
        // one evaluation, with the library's map: the pane opens on what it is to show, not on its previous choice first
        assertEquals(1, evaluations.size(), "evaluations after the click: " + evaluations.stream()
                .map(e -> "γ " + e.result().gamma() + " second " + (e.second() == null ? null : e.second().gamma()) + " peer "
                        + (e.peer() != null) + " peers " + (e.peers() != null)).toList());
        assertTrue(evaluations.get(0).peer() != null);
        var second = vm.map.framesProperty().get().secondary().data().result();
        // torchvision's loss per pixel: its reduction='none' summed over the classes, whose mean over C is its value
        float[] map = second.maps().focal();
        double sum = 0;
        for (float v : map) {
            sum += v;
        }
        long labelled = vm.evaluationProperty().get().result().pixels();
        assertEquals(expected.get("torchvision").getAsDouble(), sum / (labelled * 5.0), 1e-4);
        String title = robot.lookup(".label").match((javafx.scene.control.Label l) -> l.getText() != null
                && l.getText().startsWith("torchvision's loss per pixel")).queryLabeled().getText();
        assertTrue(title.endsWith("at γ = 2"), title);
    }
    /**
     * A binary file: the sigmoid libraries' binary modes, the others "n/a" with their reason, and a library
     * that cannot be called is never drawn beside ours (the pane opens on the first that can).
     */
    @Test
    @SuppressWarnings("unchecked")
    void onABinaryFileTheLibrariesThatCannotBeCalledSayWhy(FxRobot robot) throws Exception {
        waitForMap();
        Path binary = Path.of("src/test/resources/sigmoid/binary");
        robot.interact(() -> {
            vm.loss.activation.set(io.focalscope.loss.Activation.SIGMOID);
            vm.open(binary.resolve("logits.npy").toString(), binary.resolve("labels.npy").toString(), null, null);
        });
        waitFor(() -> vm.evaluationProperty().get() != null && vm.evaluationProperty().get().result().classes() == 1, "the case");
        robot.clickOn(robot.lookup(".tab-pane > .tab-header-area .tab").match(
                (javafx.scene.Node n) -> n.lookup(".tab-label") instanceof javafx.scene.control.Label l && l.getText().equals("Peers"))
                .queryAs(javafx.scene.Node.class));
        waitFor(() -> vm.evaluationProperty().get().peers() != null, "the libraries' values");
        TableView<PeerLosses.Value> table = robot.lookup("#peers-table").queryAs(TableView.class);
        JsonObject expected = TestFiles.json(Path.of("src/test/resources/peers/expected_sigmoid.json")).getAsJsonObject("cases")
                .getAsJsonObject(binary.toString()).getAsJsonObject("2.0");
        for (PeerLosses.Value v : table.getItems()) {
            boolean callable = expected.has(v.peer().key()) && !expected.get(v.peer().key()).isJsonNull();
            assertEquals(callable, v.applicable(), v.peer().key());
            if (callable) {
                double want = expected.get(v.peer().key()).getAsDouble();
                assertEquals(want, v.value(), 1e-4 * want, v.peer().key());
            } else {
                assertTrue(PeersPane.differs(v).startsWith("cannot be called on these inputs: "), PeersPane.differs(v));
            }
        }
        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(v -> v.peer() == Peer.KORNIA).findFirst().orElseThrow()));
        robot.clickOn("#peers-draw");
        waitFor(() -> vm.map.framesProperty().get() != null && vm.map.framesProperty().get().secondary() != null
                && vm.map.framesProperty().get().request().secondShows() == ComparisonViewModel.SecondPane.PEER, "the second pane");
        assertEquals(Peer.MONAI, vm.compare.peer.get(), "the first library that can be called");
    }
}
