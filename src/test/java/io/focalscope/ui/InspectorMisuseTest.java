package io.focalscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.session.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.DialogPane;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window under misuse: no freeze, no error that is not a user message, the newest request wins. */
class InspectorMisuseTest extends WindowTest {

    /** The worker threads alive before this test's window opened: the others are its own. */
    private java.util.Set<Thread> workersBefore;

    @Start
    void start(Stage stage) {
        workersBefore = workers();
        openWindow(stage);
    }

    private static java.util.Set<Thread> workers() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("focalscope-worker") && t.isAlive())
                .collect(java.util.stream.Collectors.toSet());
    }

    static final Path CASE = Path.of("src/test/resources/reference/cases/cityscapes_like_enet");


    @TempDir
    Path tmp;



    @Test
    void openingAFileWhileComputingEndsOnTheNewFileAndTheLastGamma(FxRobot robot) throws Exception {
        waitFor(() -> vm.evaluationProperty().get() != null, "the demo");
        Dataset demo = vm.datasetProperty().get();
        robot.interact(() -> {
            for (int i = 1; i <= 20; i++) {
                vm.loss.gamma.set(i * 0.2);
            }
            view.open(List.of(CASE.resolve("logits.npy"), CASE.resolve("labels.npy")));
            vm.loss.gamma.set(3.3);
        });
        waitFor(() -> vm.evaluationProperty().get().dataset() != demo && vm.evaluationProperty().get().result().gamma() == 3.3,
                "the new file at γ 3.3");
        assertEquals(48, vm.datasetProperty().get().batch().height());
        assertNoDialog(robot);
    }

    /**
     * 200 γ moves as fast as the robot makes them: each reaches the window (no move waits on a
     * computation), and the window ends on the last one. No clock is read: whether a machine is
     * fast enough is the benchmark's question (bench --window), not this test's.
     */
    @Test
    void draggingGammaFastNeitherFreezesNorFallsBehind(FxRobot robot) throws Exception {
        waitFor(() -> vm.evaluationProperty().get() != null, "the demo");
        Random rng = new Random(1);
        double last = 0;
        for (int move = 0; move < 200; move++) {
            double g = Math.round(rng.nextDouble() * 500) / 100.0;
            robot.interact(() -> view.controls.gammaSlider.setValue(g));
            last = g;
        }
        double wanted = last;
        waitFor(() -> vm.evaluationProperty().get().result().gamma() == wanted, "the last γ " + wanted);
        assertEquals(wanted, vm.loss.gamma.get());
        assertNoDialog(robot);
    }

    @Test
    void closingDuringALoadEndsQuietly(FxRobot robot) throws Exception {
        waitFor(() -> vm.evaluationProperty().get() != null, "the demo");
        java.util.Set<Thread> ours = workers();
        ours.removeAll(workersBefore);
        assertFalse(ours.isEmpty(), "the window has a worker of its own");
        robot.interact(() -> {
            vm.openDemo();
            vm.close();
            stage.close();
        });
        WaitForAsyncUtils.waitForFxEvents();
        // this window's worker ends once its work is done: a worker stuck waiting would stay alive
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ours.stream().anyMatch(Thread::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(ours.stream().anyMatch(Thread::isAlive), "the window's worker has ended: " + ours);
    }

    @Test
    void aFileReplacedOnDiskLeavesTheOpenDataWorking(FxRobot robot) throws Exception {
        Path logits = Files.copy(CASE.resolve("logits.npy"), tmp.resolve("logits.npy"), StandardCopyOption.REPLACE_EXISTING);
        Path labels = Files.copy(CASE.resolve("labels.npy"), tmp.resolve("labels.npy"), StandardCopyOption.REPLACE_EXISTING);
        waitFor(() -> vm.evaluationProperty().get() != null, "the demo");
        robot.interact(() -> view.open(List.of(logits, labels)));
        waitFor(() -> vm.datasetProperty().get().batch().height() == 48 && vm.evaluationProperty().get().dataset() == vm.datasetProperty().get(),
                "the copied case");
        Files.write(logits, "not numpy any more".getBytes());
        robot.interact(() -> vm.loss.gamma.set(4.0));
        waitFor(() -> vm.evaluationProperty().get().result().gamma() == 4.0, "γ 4 on the data in memory");
        var before = vm.evaluationProperty().get();
        var openBefore = vm.datasetProperty().get();
        robot.interact(() -> view.open(List.of(logits, labels)));
        waitFor(() -> robot.lookup(".dialog-pane").tryQuery().isPresent(), "the error dialog");
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertEquals(logits + ": not a .npy, .npz or PNG file (it starts with bytes 6e 6f 74 20 6e 75 6d 70)", dialog.getContentText());
        assertSame(before, vm.evaluationProperty().get(), "the open data stays");
        assertSame(openBefore, vm.datasetProperty().get(), "the open file stays open");
    }

    private static void assertNoDialog(FxRobot robot) {
        robot.lookup(".dialog-pane").queryAll().forEach(d -> {
            String text = ((DialogPane) d).getContentText();
            throw new AssertionError("unexpected dialog: " + text);
        });
    }

}
