package io.focalscope.ui.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.cli.FocalscopeCli;
import io.focalscope.loss.LossResult;
import io.focalscope.ui.map.MapViewModel;
import io.focalscope.ui.task.ImmediateTaskExecutor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: one demo, one setting. Without a display (the tests run headless) {@code focalscope}
 * prints the demo's figures: the same loss, weights and class names as the window opens it with.
 */
class DemoSettingsTest {

    @Test
    void theNoDisplayPrintoutAndTheWindowShowTheDemoAlike() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, FocalscopeCli.run(new String[0], new PrintWriter(out), new PrintWriter(err)), err.toString());
        String text = out.toString();

        LossResult r;
        try (InspectorViewModel vm = new InspectorViewModel("cpu", new ImmediateTaskExecutor())) {
            vm.map.paneSizes.set(new MapViewModel.PaneSizes(256, 128, 0, 0, 128));
            vm.openDemo();
            r = vm.evaluationProperty().get().result();
            assertTrue(text.contains("weights " + r.weightScheme() + ","), text);
            // the class names the window shows, numbered as the table numbers them
            assertTrue(text.contains("0 " + vm.map.classes.get().name(0) + ", 1 " + vm.map.classes.get().name(1) + ","), text);
            assertEquals("road", vm.map.classes.get().name(0));
        }
        Matcher loss = Pattern.compile("onehot ([0-9.eE+-]+)").matcher(text);
        assertTrue(loss.find(), text);
        assertEquals(r.lossOnehot(), Double.parseDouble(loss.group(1)), 1e-7 * r.lossOnehot(), "the same loss figure");
    }
}
