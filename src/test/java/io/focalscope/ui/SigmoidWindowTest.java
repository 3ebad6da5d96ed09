package io.focalscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.focalscope.TestFiles;
import io.focalscope.loss.Activation;
import io.focalscope.render.MapLayer;
import io.focalscope.ui.inspector.SummaryPane;
import java.nio.file.Path;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/** The activation choice in the window, on torchvision's one-vs-rest case. */
class SigmoidWindowTest extends WindowTest {

    static final Path CASE = Path.of("src/test/resources/sigmoid/one_vs_rest");

    @Start
    void start(Stage stage) {
        openWindow(stage);
    }

    static double torchvision(boolean alpha, double gamma) {
        for (var e : TestFiles.json(CASE.resolve("expected.json")).getAsJsonArray("settings")) {
            JsonObject o = e.getAsJsonObject();
            if (o.get("alpha").isJsonNull() != alpha && o.get("gamma").getAsDouble() == gamma) {
                return o.get("mean").getAsDouble();
            }
        }
        throw new AssertionError();
    }

    @Test
    @SuppressWarnings("unchecked")
    void choosingSigmoidShowsTorchvisionsLossAndTheReadoutNamesTheChannels(FxRobot robot) throws Exception {
        waitForMap();
        robot.interact(() -> {
            vm.map.layer.set(MapLayer.AS_WRITTEN);
            vm.open(CASE.resolve("logits.npy").toString(), CASE.resolve("labels.npy").toString(), null, null);
        });
        waitFor(() -> vm.evaluationProperty().get() != null && vm.evaluationProperty().get().result().classes() == 5, "the case");
        ComboBox<Activation> activation = robot.lookup("#activation").queryAs(ComboBox.class);
        robot.interact(() -> activation.setValue(Activation.SIGMOID));
        waitFor(() -> vm.evaluationProperty().get().result().activation() == Activation.SIGMOID, "the sigmoid figures");
        waitForMap();
        Label loss = robot.lookup("#summary-loss").queryAs(Label.class);
        double want = torchvision(true, 2.0);
        assertEquals(want, Double.parseDouble(loss.getText()), 1e-5 * want);
        assertEquals(MapLayer.FOCAL, vm.map.layer.get(), "the post's layer is softmax: the map shows the focal loss");
        assertEquals("– (the post's code is softmax)", robot.lookup("#summary-as-written").queryAs(Label.class).getText());
        assertEquals("Positive targets", view.charts.pixelChart.getTitle());

        robot.moveTo(org.testfx.util.WaitForAsyncUtils.asyncFx(() -> view.mapsArea.primary.screenPointOf(3, 4)).get());
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        String readout = robot.lookup("#readout").queryAs(Label.class).getText();
        // the three channels that carry most of the pixel's loss, by their weighted focal terms
        assertTrue(readout.matches(".*\\(n=\\d, y=4, x=3\\).*  channels \\d [0-9.e-]+, \\d [0-9.e-]+, \\d [0-9.e-]+$"), readout);
        // issue 18: the class weight and the α_t applied to the channel shown, both named; no bare "α 1.000"
        assertTrue(readout.matches(".*  w_c 1\\.000, α_t 0\\.(7500|2500)  .*"), readout);
        assertTrue(!readout.contains("  α 1.000"), readout);
        // one row for the sigmoid loss, not the softmax's two forms
        Label formRow = robot.lookup("#summary-nll-title").queryAs(Label.class);
        assertEquals("Sigmoid focal loss", formRow.getText());
        assertTrue(!robot.lookup("#summary-onehot-title").queryAs(Label.class).isVisible(), "no onehot row");
        assertEquals("8.101e-4", SummaryPane.format(0.000810123), "a small loss fits its column");
        assertEquals("0.123457", SummaryPane.format(0.1234567));

        robot.doubleClickOn("#alpha").write("none").type(javafx.scene.input.KeyCode.ENTER);
        waitFor(() -> vm.evaluationProperty().get().result().alpha() == null, "no α");
        double without = torchvision(false, 2.0);
        assertEquals(without, vm.evaluationProperty().get().result().lossOnehot(), 1e-4 * without);
    }
}
