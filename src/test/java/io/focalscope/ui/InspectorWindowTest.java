package io.focalscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.loss.AsWritten;
import io.focalscope.loss.LossResult;
import io.focalscope.render.ColorbarPainter;
import io.focalscope.render.MapLayer;
import io.focalscope.session.Dataset;
import io.focalscope.ui.charts.ChartParts;
import io.focalscope.ui.inspector.InspectorViewModel;
import io.focalscope.ui.inspector.SummaryPane;
import io.focalscope.ui.map.PixelReadout;
import io.focalscope.ui.settings.AppPreferences;
import io.focalscope.ui.settings.WeightChoice;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javafx.scene.Scene;
import javafx.scene.chart.XYChart;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The real window on headless Monocle, driven as a user drives it. */
class InspectorWindowTest extends WindowTest {

    @Start
    void start(Stage stage) {
        openWindow(stage);
    }


    @TempDir
    Path tmp;



    @Test
    void opensOnTheDemo(FxRobot robot) throws Exception {
        waitFor(() -> vm.evaluationProperty().get() != null, "the demo's first evaluation");
        Dataset d = vm.datasetProperty().get();
        assertEquals(19, d.batch().classes(), "Cityscapes-like demo");
        assertEquals(512, d.batch().width());
        assertTrue(stage.getTitle().contains("demo"), stage.getTitle());
        Label loss = robot.lookup("#summary-loss").queryAs(Label.class);
        assertEquals(SummaryPane.format(vm.evaluationProperty().get().result().lossOnehot()), loss.getText());
        assertTrue(view.mapsArea.primary.mapWidth() > 100 && view.mapsArea.primary.mapHeight() > 100, "the map pane has room");
        // a loss map is heavy-tailed: it opens on a log scale
        assertEquals(io.focalscope.render.Scale.LOG, vm.map.viewStateBinding().get().scale());
    }

    /** At 1280 x 720 the status bar (the hover readout), the charts and the colorbar's legend stay in the window. */
    @Test
    void everyPartShowsInASmallWindow(FxRobot robot) throws Exception {
        waitFor(() -> vm.evaluationProperty().get() != null, "the demo");
        resize(robot, 1280, 720);
        waitForMap(); // the map and colorbar are repainted to the new size
        double height = view.getScene().getHeight();
        assertTrue(height <= 720, "scene height " + height);
        for (String id : new String[] {"#readout", "#weight-chart", "#pixel-chart", "#summary-backend"}) {
            javafx.scene.Node node = robot.lookup(id).query();
            double bottom = node.localToScene(node.getBoundsInLocal()).getMaxY();
            assertTrue(bottom <= height + 0.5, id + " ends at " + bottom + " in a scene " + height + " high");
        }
        double mapBottom = view.mapsArea.primary.localToScene(view.mapsArea.primary.getBoundsInLocal()).getMaxY();
        assertTrue(mapBottom <= height + 0.5, "the map pane with its colorbar ends at " + mapBottom);
        // every class named beneath the lower chart's bars (with "25,000" on its value axis it hid every other
        // name), and each class's two bars one above the other
        javafx.scene.chart.XYChart<?, ?> weights = robot.lookup("#weight-chart").queryAs(javafx.scene.chart.XYChart.class);
        javafx.scene.chart.XYChart<?, ?> pixelBars = robot.lookup("#pixel-chart").queryAs(javafx.scene.chart.XYChart.class);
        long named = pixelBars.getXAxis().getTickMarks().stream().filter(javafx.scene.chart.Axis.TickMark::isTextVisible).count();
        assertEquals(19, named, "classes named beneath the pixels' bars");
        for (int c = 0; c < 19; c++) {
            javafx.scene.Node upper = weights.getData().get(0).getData().get(c).getNode();
            javafx.scene.Node lower = pixelBars.getData().get(0).getData().get(c).getNode();
            double upperX = upper.localToScene(upper.getBoundsInLocal()).getCenterX();
            double lowerX = lower.localToScene(lower.getBoundsInLocal()).getCenterX();
            assertEquals(upperX, lowerX, 1.0, "class " + c + "'s bars one above the other");
        }
        // both charts whole in the Weights tab, not the second's names below its scroll area's edge
        javafx.scene.Node pixels = robot.lookup("#pixel-chart").query();
        javafx.scene.Parent up = pixels.getParent();
        while (!(up instanceof javafx.scene.control.ScrollPane)) {
            up = up.getParent();
        }
        javafx.scene.control.ScrollPane scroll = (javafx.scene.control.ScrollPane) up;
        double content = scroll.getContent().getLayoutBounds().getHeight();
        assertTrue(content <= scroll.getViewportBounds().getHeight() + 0.5,
                "the Weights tab's charts take " + content + " px in a view " + scroll.getViewportBounds().getHeight() + " px high");
    }

    /** In the smallest window the Weights tab's charts keep room for their bars (the class names stand on end beneath the lower one). */
    @Test
    void theWeightsChartsKeepRoomForTheirBarsInTheSmallestWindow(FxRobot robot) throws Exception {
        waitForMap();
        resize(robot, 1000, 620);
        for (String id : new String[] {"#weight-chart", "#pixel-chart"}) {
            javafx.scene.layout.Region plot = (javafx.scene.layout.Region) robot.lookup(id).query().lookup(".chart-plot-background");
            assertTrue(plot.getHeight() >= 60, id + ": a plot " + plot.getHeight() + " px high");
        }
    }

    /** Tab's way through the controls shows where it is: on the γ slider too, which the theme leaves unmarked. */
    @Test
    void theKeyboardsPlaceShowsOnTheGammaSlider(FxRobot robot) throws Exception {
        waitForMap();
        javafx.scene.control.Slider slider = view.controls.gammaSlider;
        javafx.scene.Node thumb = slider.lookup(".thumb");
        assertEquals(null, thumb.getEffect(), "no mark before it has the keyboard");
        robot.interact(() -> view.controls.lookup(".combo-box").requestFocus());
        for (int i = 0; i < 8 && !slider.isFocused(); i++) {
            robot.type(javafx.scene.input.KeyCode.TAB);
        }
        assertTrue(slider.isFocused(), "Tab reaches the slider");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(thumb.getEffect() != null, "its thumb is marked");
    }

    /** On the dark theme every class's bar keeps a faint light edge: Cityscapes' car and truck are dark blue. */
    @Test
    void darkClassColoursKeepAnEdgeOnTheDarkTheme(FxRobot robot) throws Exception {
        waitForMap();
        javafx.scene.control.CheckMenuItem dark = (javafx.scene.control.CheckMenuItem) ((javafx.scene.control.MenuBar) view.getTop())
                .getMenus().get(1).getItems().stream().filter(i -> "Dark theme".equals(i.getText())).findFirst().orElseThrow();
        javafx.scene.layout.Region bar = robot.lookup(".chart-bar").queryAs(javafx.scene.layout.Region.class);
        javafx.scene.shape.Rectangle swatch = robot.lookup(".class-swatch").queryAs(javafx.scene.shape.Rectangle.class);
        try {
            assertTrue(bar.getBorder() == null || bar.getBorder().isEmpty(), "no edge on the light theme");
            assertEquals(null, swatch.getStroke(), "no edge on the class list's swatch on the light theme");
            robot.interact(() -> dark.setSelected(true));
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(view.getStyleClass().contains("dark-theme"));
            assertTrue(bar.getBorder() != null && !bar.getBorder().isEmpty(), "an edge on the dark theme");
            assertTrue(swatch.getStroke() != null, "and on the class list's swatch");
            // the theme's precompiled form, whose reading took 45-60 ms cold against 230 ms to parse its CSS
            assertEquals(new atlantafx.base.theme.PrimerDark().getUserAgentStylesheetBSS(), javafx.application.Application.getUserAgentStylesheet());
            javafx.scene.paint.Color menuBar = (javafx.scene.paint.Color) ((javafx.scene.layout.Region) view.getTop()).getBackground()
                    .getFills().get(0).getFill();
            assertTrue(menuBar.getBrightness() < 0.3, "the dark theme's menu bar: " + menuBar);
        } finally {
            robot.interact(() -> dark.setSelected(false)); // the theme is remembered: later tests start light
        }
    }

    /** Show all and Hide all stay above the status bar down to the smallest window, wherever the divider above them is. */
    @Test
    void theClassButtonsShowInSmallWindows(FxRobot robot) throws Exception {
        waitFor(() -> vm.evaluationProperty().get() != null, "the demo");
        for (double[] size : new double[][] {{1280, 720}, {1200, 700}, {1000, 620}}) {
            resize(robot, size[0], size[1]);
            // its divider dragged down as far as it goes (the window's own layout left it as low as 0.8)
            javafx.scene.Parent up = view.classList.getParent();
            while (!(up instanceof javafx.scene.control.SplitPane)) {
                up = up.getParent();
            }
            javafx.scene.control.SplitPane split = (javafx.scene.control.SplitPane) up;
            robot.interact(() -> split.setDividerPositions(0.97));
            WaitForAsyncUtils.waitForFxEvents();
            javafx.scene.Node bar = view.status;
            double barTop = bar.localToScene(bar.getBoundsInLocal()).getMinY();
            for (String id : new String[] {"#show-all-classes", "#hide-all-classes"}) {
                javafx.scene.Node button = robot.lookup(id).query();
                double bottom = button.localToScene(button.getBoundsInLocal()).getMaxY();
                assertTrue(bottom <= barTop + 0.5, id + " ends at " + bottom + ", the status bar starts at " + barTop + " in "
                        + size[0] + " x " + size[1]);
            }
        }
    }

    @Test
    void movingGammaFromZeroToFiveLowersTheShownMeanLoss(FxRobot robot) throws Exception {
        waitFor(() -> vm.evaluationProperty().get() != null, "the demo");
        Label shown = robot.lookup("#summary-loss").queryAs(Label.class);
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step <= 10; step++) {
            double gamma = step * 0.5;
            robot.interact(() -> view.controls.gammaSlider.setValue(gamma));
            waitFor(() -> vm.evaluationProperty().get().result().gamma() == gamma, "γ = " + gamma);
            WaitForAsyncUtils.waitForFxEvents();
            losses.add(Double.parseDouble(shown.getText()));
        }
        for (int i = 1; i < losses.size(); i++) {
            assertTrue(losses.get(i) < losses.get(i - 1), "shown mean loss at step " + i + ": " + losses);
        }
        LossResult zero = vm.evaluationProperty().get().result();
        assertEquals(5.0, zero.gamma());
    }

    /** Issue 18: the readout says its γ, is cleared when the mouse leaves the map and so never shows an old γ's values. */
    @Test
    void theReadoutSaysItsGammaAndIsClearedWhenTheMouseLeavesTheMap(FxRobot robot) throws Exception {
        waitForMap();
        robot.interact(() -> vm.loss.gamma.set(2.5));
        waitFor(() -> vm.evaluationProperty().get().result().gamma() == 2.5, "γ = 2.5");
        waitForMap();
        Hovered at = hover(robot, view.mapsArea.primary, 300, 170);
        assertTrue(at.readout().startsWith("(n=0, y=" + at.y() + ", x=" + at.x() + ") at γ = 2.5  "), at.readout());
        Label readout = robot.lookup("#readout").queryAs(Label.class);
        robot.moveTo(robot.lookup("#summary-backend").queryAs(Label.class));
        waitFor(() -> readout.getText().equals(PixelReadout.HINT), "the readout cleared as the mouse left the map");
        robot.interact(() -> vm.loss.gamma.set(5.0));
        waitFor(() -> vm.evaluationProperty().get().result().gamma() == 5.0, "γ = 5");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(PixelReadout.HINT, readout.getText(), "no values of γ 2.5 at γ 5");
        at = hover(robot, view.mapsArea.primary, 300, 170);
        assertTrue(at.readout().contains(" at γ = 5  "), at.readout());
    }

    @Test
    void hoverReadoutShowsTheEnginesValuesAtThePixel(FxRobot robot) throws Exception {
        waitForMap();
        Hovered at = hover(robot, view.mapsArea.primary, 300, 170);
        String text = at.readout();
        int hx = at.x();
        int hy = at.y();
        LossResult r = vm.evaluationProperty().get().result();
        int flat = at.flat(512);
        for (String part : new String[] {
                "p_t " + PixelReadout.number(r.maps().pt()[flat]),
                "CE " + PixelReadout.number(r.maps().crossEntropy()[flat]),
                "focal " + PixelReadout.number(r.maps().focal()[flat]),
                "α " + PixelReadout.number(r.classWeights()[vm.datasetProperty().get().batch().labels()[flat]]),
                "(1−p_t)^γ " + PixelReadout.number(r.maps().modulation(flat)),
                "as written " + PixelReadout.number(r.maps().asWritten()[flat]),
                "label: " + vm.map.classes.get().name(vm.datasetProperty().get().batch().labels()[flat])}) {
            assertTrue(text.contains(part), "readout '" + text + "' lacks '" + part + "'");
        }
        // a new γ while the mouse rests: the readout says the new figures of the same pixel
        robot.interact(() -> vm.loss.gamma.set(3.5));
        waitFor(() -> vm.evaluationProperty().get().result().gamma() == 3.5, "γ = 3.5");
        WaitForAsyncUtils.waitForFxEvents();
        LossResult now = vm.evaluationProperty().get().result();
        String after = robot.lookup("#readout").queryAs(Label.class).getText();
        assertTrue(after.startsWith("(n=0, y=" + hy + ", x=" + hx + ")"), after);
        assertTrue(after.contains("focal " + PixelReadout.number(now.maps().focal()[flat])), after);
        assertTrue(after.contains("(1−p_t)^γ " + PixelReadout.number(now.maps().modulation(flat))), after);
        // a layer the readout does not name otherwise: its value is read too, at once
        robot.interact(() -> vm.map.layer.set(MapLayer.FOCAL_OVER_CE));
        WaitForAsyncUtils.waitForFxEvents();
        String ratio = robot.lookup("#readout").queryAs(Label.class).getText();
        assertTrue(ratio.contains("Focal / cross-entropy "
                + PixelReadout.number(now.maps().focal()[flat] / now.maps().crossEntropy()[flat])), ratio);
    }

    @Test
    void changingTheWeightSchemeChangesTheBarChart(FxRobot robot) throws Exception {
        waitFor(() -> vm.evaluationProperty().get() != null, "the demo");
        WaitForAsyncUtils.waitForFxEvents();
        double[] before = bars(view.charts.weightChart);
        assertTrue(Arrays.stream(before).allMatch(w -> w == 1.0), Arrays.toString(before));
        robot.interact(() -> view.controls.weights.setValue(WeightChoice.ENET));
        waitFor(() -> vm.evaluationProperty().get().result().weightScheme().startsWith("enet"), "enet weights");
        WaitForAsyncUtils.waitForFxEvents();
        double[] after = bars(view.charts.weightChart);
        assertEquals(19, after.length);
        assertTrue(Arrays.equals(vm.evaluationProperty().get().result().classWeights(), after), Arrays.toString(after));
        assertNotEquals(Arrays.toString(before), Arrays.toString(after));
    }

    @Test
    void exportWritesThePngOfTheMapAsShown(FxRobot robot) throws Exception {
        waitFor(() -> vm.evaluationProperty().get() != null, "the demo");
        WaitForAsyncUtils.waitForFxEvents();
        Path png = tmp.resolve("view.png");
        robot.interact(() -> vm.exports.exportView(png));
        waitFor(() -> readable(png), "the PNG written in the background");
        BufferedImage image = ImageIO.read(png.toFile());
        // the fitted 512 x 256 map fills the pane's width or height; the empty margin is not exported
        double zoom = WaitForAsyncUtils.asyncFx(() -> vm.map.viewport.zoom.get()).get();
        int mapW = (int) Math.min(view.mapsArea.primary.mapWidth(), Math.floor(512 * zoom + 1e-9));
        int mapH = (int) Math.min(view.mapsArea.primary.mapHeight(), Math.floor(256 * zoom + 1e-9));
        assertEquals(mapW + ColorbarPainter.WIDTH, image.getWidth(), 1, "width: the map and the colorbar");
        var shownFrame = view.mapsArea.primary.frame();
        assertEquals(Math.max(mapH, ColorbarPainter.minimumHeight(shownFrame.data(), shownFrame.view())), image.getHeight(), 1,
                "height: the map's, or the key's where that needs more");
        assertTrue(mapW == view.mapsArea.primary.mapWidth() || mapH == view.mapsArea.primary.mapHeight(), "a fitted map fills one side");
    }

    /** At 1:1 the whole map, one image pixel per map pixel, in the colours on screen. */
    @Test
    void exportAtOneToOneWritesTheWholeMap(FxRobot robot) throws Exception {
        waitForMap();
        Path png = tmp.resolve("whole.png");
        robot.interact(() -> vm.exports.exportWholeMap(png));
        waitFor(() -> readable(png), "the PNG written in the background");
        BufferedImage image = ImageIO.read(png.toFile());
        var f = view.mapsArea.primary.frame();
        assertEquals(512 + ColorbarPainter.WIDTH, image.getWidth());
        assertEquals(Math.max(256, ColorbarPainter.minimumHeight(f.data(), f.view())), image.getHeight());
        io.focalscope.render.MapView shown = new io.focalscope.render.MapView(f.data(), f.view());
        int[] expected = shown.draw(1, 0, 0, 512, 256, 0xff000000);
        for (int p : new int[] {0, 300 * 1 + 170 * 512, 512 * 256 - 1}) {
            assertEquals(expected[p] & 0xffffff, image.getRGB(p % 512, p / 512) & 0xffffff, "map pixel " + p);
        }
    }

    @Test
    void exportsTheMapTheClassFiguresAndTheSummary(FxRobot robot) throws Exception {
        waitFor(() -> vm.evaluationProperty().get() != null, "the demo");
        LossResult r = vm.evaluationProperty().get().result();
        Path npy = tmp.resolve("map.npy");
        Path csv = tmp.resolve("classes.csv");
        Path json = tmp.resolve("summary.json");
        robot.interact(() -> {
            vm.exports.exportMap(npy);
            vm.exports.exportClassFigures(csv);
            vm.exports.exportSummary(json);
        });
        waitFor(() -> Files.exists(json) && Files.exists(csv) && Files.exists(npy) && sizeOf(npy) == 128 + 4L * 256 * 512,
                "the three files");
        io.focalscope.io.NdArray map = io.focalscope.io.NpyReader.read(npy);
        assertEquals("(1, 256, 512)", map.shapeText());
        float[] focal = r.maps().focal();
        float[] written = map.toFloats();
        for (int p = 0; p < focal.length; p += 997) {
            assertEquals(vm.datasetProperty().get().batch().labels()[p] == 255 ? Float.NaN : focal[p], written[p], 0f, "pixel " + p);
        }
        List<String> lines = Files.readAllLines(csv);
        assertEquals("class,name,pixels,weight,meanLoss,share,meanCrossEntropy,crossEntropyShare", lines.get(0));
        assertTrue(lines.get(1).startsWith("0,\"road\"," + r.counts()[0] + ","), lines.get(1));
        assertEquals(20, lines.size());
        assertEquals(r.lossOnehot(), com.google.gson.JsonParser.parseString(Files.readString(json)).getAsJsonObject()
                .getAsJsonObject("loss").get("onehot").getAsDouble(), 0.0);
        // each export says where it went, and suggests a name that says what it holds
        waitFor(() -> robot.lookup("#readout").queryAs(Label.class).getText().startsWith("Saved "), "a saved notice");
        assertEquals("demo_focal_gamma2.png", vm.exports.exportName(true, "png"));
        assertEquals("demo_gamma2.json", vm.exports.exportName(false, "json"));
        // written as every output is, through a temporary file moved into place: a folder in the way is named
        Path folder = Files.createDirectory(tmp.resolve("summary-folder.json"));
        robot.interact(() -> vm.exports.exportSummary(folder));
        waitFor(() -> robot.lookup(".dialog-pane").tryQuery().isPresent(), "an error dialog");
        DialogPane pane = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertEquals(folder + ": cannot write: a folder has that name", pane.getContentText());
        robot.interact(() -> ((Stage) pane.getScene().getWindow()).close());
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(), left.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList(), "no temporary file left");
        }
    }

    @Test
    void theAsWrittenLayerShowsThePostsLossAndTheSummaryItsFigures(FxRobot robot) throws Exception {
        waitFor(() -> vm.evaluationProperty().get() != null, "the demo");
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<MapLayer> layer = robot.lookup("#layer").queryAs(javafx.scene.control.ComboBox.class);
        robot.interact(() -> layer.getSelectionModel().select(MapLayer.AS_WRITTEN));
        WaitForAsyncUtils.waitForFxEvents();
        LossResult r = vm.evaluationProperty().get().result();
        AsWritten a = r.asWritten();
        String summary = robot.lookup("#summary-as-written").queryAs(Label.class).getText();
        // the demo's mislabelled patch breaks the post's code: 144 pixels of +inf
        assertEquals(null, a.loss());
        assertTrue(summary.startsWith("not finite, 144 pixels -inf/NaN, rel. error ≤ "), summary);
        // the layer is the post's per-pixel loss: what the export of the shown layer writes
        Path npy = tmp.resolve("as-written.npy");
        robot.interact(() -> vm.exports.exportMap(npy));
        waitFor(() -> sizeOf(npy) == 128 + 4L * 256 * 512, "the map");
        float[] written = io.focalscope.io.NpyReader.read(npy).toFloats();
        float[] post = r.maps().asWritten();
        int[] labels = vm.datasetProperty().get().batch().labels();
        for (int p = 0; p < post.length; p += 991) {
            assertEquals(labels[p] == 255 ? Float.NaN : post[p], written[p], 0f, "pixel " + p);
        }
        int patch = 190 * 512 + 400; // inside the mislabelled patch
        assertEquals(Float.POSITIVE_INFINITY, written[patch]);
    }

    /** An ignore index the labels refuse: the reader's message, and the field names the index the figures use. */
    @Test
    void aRefusedIgnoreIndexLeavesTheFieldOnTheOneInUse(FxRobot robot) throws Exception {
        waitFor(() -> vm.evaluationProperty().get() != null, "the demo");
        javafx.scene.control.TextField field = robot.lookup("#ignore-index").queryAs(javafx.scene.control.TextField.class);
        robot.interact(() -> {
            field.setText("none");
            field.fireEvent(new javafx.event.ActionEvent());
        });
        waitFor(() -> robot.lookup(".dialog-pane").tryQuery().isPresent(), "an error dialog");
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertTrue(dialog.getContentText().contains("label 255 at") && dialog.getContentText().contains("(no ignore index is set)"),
                dialog.getContentText());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("255", field.getText());
        assertEquals(255, vm.evaluationProperty().get().result().ignoreIndex());
    }

    /** Logits picked alone wait for their labels, picked next, instead of an error. */
    @Test
    void logitsAndLabelsMayBePickedOneAfterTheOther(FxRobot robot) throws Exception {
        waitFor(() -> vm.evaluationProperty().get() != null, "the demo");
        Path logits = Path.of("src/test/resources/fixtures/pair_logits.npy");
        Path labels = Path.of("src/test/resources/fixtures/pair_labels.npy");
        robot.interact(() -> view.open(List.of(logits)));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Now open the labels for pair_logits.npy (File ▸ Open, or drop the file on the window)",
                robot.lookup("#readout").queryAs(Label.class).getText());
        assertTrue(robot.lookup(".dialog-pane").tryQuery().isEmpty(), "no error dialog");
        robot.interact(() -> view.open(List.of(labels)));
        waitFor(() -> vm.evaluationProperty().get() != null && vm.evaluationProperty().get().dataset().batch().classes() == 3,
                "the pair");
        assertEquals(logits.toString(), vm.evaluationProperty().get().dataset().batch().logitsSource());
        assertEquals("Opened pair_logits.npy with pair_labels.npy", robot.lookup("#readout").queryAs(Label.class).getText());
        // a file opened in one step next: the status bar no longer speaks of the last one
        robot.interact(() -> view.open(List.of(Path.of("src/test/resources/fixtures/pair_deflated.npz"))));
        waitFor(() -> vm.evaluationProperty().get() != null
                && vm.evaluationProperty().get().dataset().batch().logitsSource().contains("pair_deflated"), "the archive");
        assertEquals(io.focalscope.ui.map.PixelReadout.HINT, robot.lookup("#readout").queryAs(Label.class).getText());
        // remembered as one opening, its names whole (an underscore is no mnemonic there)
        javafx.scene.control.Menu recent = (javafx.scene.control.Menu) ((javafx.scene.control.MenuBar) view.getTop()).getMenus().get(0)
                .getItems().stream().filter(i -> "Open recent".equals(i.getText())).findFirst().orElseThrow();
        waitFor(() -> !recent.getItems().isEmpty(), "File ▸ Open recent");
        javafx.scene.control.MenuItem newest = recent.getItems().get(1); // the archive came after
        assertTrue(newest.getText().startsWith("pair_logits.npy + pair_labels.npy — "), newest.getText());
        assertTrue(!newest.isMnemonicParsing(), "pair_logits would show as pairlogits");
    }

    /** Side by side, both panes share the first's colour range (one colour, one loss), unless asked not to. */
    @Test
    void sideBySideSharesOneColourScale(FxRobot robot) throws Exception {
        waitFor(() -> vm.evaluationProperty().get() != null, "the demo");
        robot.interact(() -> {
            vm.compare.secondGamma.set(0.0);
            vm.compare.sideBySide.set(true);
        });
        waitFor(() -> vm.evaluationProperty().get().second() != null && drawnAsLaidOut(view.mapsArea.primary) && drawnAsLaidOut(view.mapsArea.secondary),
                "both panes drawn side by side");
        assertTrue(view.mapsArea.secondary.isDrawn(), "the second pane shows its map as soon as it opens");
        assertEquals(view.mapsArea.primary.frame().range(), view.mapsArea.secondary.frame().range(), "the same range in both panes");
        robot.interact(() -> vm.compare.separateScales.set(true));
        WaitForAsyncUtils.waitForFxEvents();
        // γ = 0 (cross-entropy) and γ = 2 have different losses, so their own ranges differ
        assertNotEquals(view.mapsArea.primary.frame().range(), view.mapsArea.secondary.frame().range(), "each pane its own range");
    }

    /** The current γ stands out on the loss-vs-γ curve; the p_t histogram is on a log axis. */
    @Test
    void theChartsMarkTheCurrentGammaAndShowEveryBin(FxRobot robot) throws Exception {
        waitFor(() -> vm.evaluationProperty().get() != null && vm.evaluationProperty().get().curve() != null, "the demo's curve");
        robot.interact(() -> view.charts.select("Loss vs γ"));
        @SuppressWarnings("unchecked")
        javafx.scene.chart.LineChart<Number, Number> curve = robot.lookup("#gamma-chart").queryAs(javafx.scene.chart.LineChart.class);
        assertEquals(ChartParts.CURRENT_GAMMA_STYLE, curve.getData().get(1).getData().get(0).getNode().getStyle());
        robot.interact(() -> view.charts.select("p_t"));
        @SuppressWarnings("unchecked")
        javafx.scene.chart.LineChart<Number, Number> pt = robot.lookup("#pt-chart").queryAs(javafx.scene.chart.LineChart.class);
        float[] p = vm.evaluationProperty().get().result().maps().pt();
        long total = 0;
        long firstBin = 0;
        for (float v : p) {
            if (!Float.isNaN(v)) {
                total++;
                firstBin += v < 0.05f ? 1 : 0;
            }
        }
        double shown = pt.getData().get(0).getData().get(0).getYValue().doubleValue();
        assertEquals(Math.log10(firstBin / (double) total), shown, 1e-9, "the lowest bin as a decade");
    }

    /** A double click on a class in the list shows that class alone. */
    @Test
    void aDoubleClickShowsOneClassAlone(FxRobot robot) throws Exception {
        waitFor(() -> vm.evaluationProperty().get() != null, "the demo");
        javafx.scene.control.ListCell<?> road = robot.lookup("#classes .list-cell").queryAs(javafx.scene.control.ListCell.class);
        assertEquals(0, road.getItem());
        // the list sits below the controls' fold, so the double click is sent to the cell itself
        robot.interact(() -> road.fireEvent(new javafx.scene.input.MouseEvent(javafx.scene.input.MouseEvent.MOUSE_CLICKED,
                5, 5, 5, 5, javafx.scene.input.MouseButton.PRIMARY, 2, false, false, false, false, true, false, false,
                true, false, true, null)));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(18, vm.map.hiddenClasses.size());
        assertTrue(!vm.map.hiddenClasses.contains(0), "road stays shown");
        robot.interact(() -> vm.map.hiddenClasses.clear());
    }

    /**
     * The class list is one Tab stop, not one for each row's box: the arrows move through its rows,
     * the list scrolls to the one they reach (a Tab into a box below the view did not), and Space
     * hides and shows that class.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theArrowsReachAClassBelowTheViewAndSpaceHidesIt(FxRobot robot) throws Exception {
        waitForMap();
        javafx.scene.control.ListView<Integer> list = focusClassList(robot);
        for (int i = 0; i < 25 && list.getFocusModel().getFocusedIndex() < 18; i++) {
            robot.type(javafx.scene.input.KeyCode.DOWN);
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(18, list.getFocusModel().getFocusedIndex(), "the arrows reach the last class");
        javafx.geometry.Bounds listBounds = list.localToScene(list.getLayoutBounds());
        javafx.scene.control.ListCell<Integer> bicycle = robot.lookup("#classes .list-cell").queryAllAs(javafx.scene.control.ListCell.class)
                .stream().filter(c -> c.isVisible() && Integer.valueOf(18).equals(c.getItem())).findFirst().orElseThrow();
        javafx.geometry.Bounds row = bicycle.localToScene(bicycle.getLayoutBounds());
        assertTrue(row.getMinY() >= listBounds.getMinY() - 0.5 && row.getMaxY() <= listBounds.getMaxY() + 0.5,
                "the list scrolled to the row: " + row + " in " + listBounds);
        javafx.scene.control.CheckBox box = (javafx.scene.control.CheckBox) bicycle.lookup(".check-box");
        robot.type(javafx.scene.input.KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(java.util.Set.of(18), vm.map.hiddenClasses, "Space hides the class");
        assertTrue(!box.isSelected(), "its box unticked");
        robot.type(javafx.scene.input.KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(java.util.Set.of(), vm.map.hiddenClasses, "and shows it again");
        // a click on another row's box makes that row the keyboard's: Space then toggles it
        javafx.scene.control.ListCell<Integer> motorcycle = robot.lookup("#classes .list-cell").queryAllAs(javafx.scene.control.ListCell.class)
                .stream().filter(c -> c.isVisible() && Integer.valueOf(17).equals(c.getItem())).findFirst().orElseThrow();
        robot.interact(((javafx.scene.control.CheckBox) motorcycle.lookup(".check-box"))::fire);
        assertEquals(java.util.Set.of(17), vm.map.hiddenClasses, "the click hides the motorcycle");
        robot.type(javafx.scene.input.KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(java.util.Set.of(), vm.map.hiddenClasses, "Space shows the row clicked, not the one the arrows reached");
        robot.type(javafx.scene.input.KeyCode.TAB);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("show-all-classes", robot.targetWindow(view.getScene().getWindow()).targetWindow().getScene().getFocusOwner().getId(),
                "Tab leaves the list for Show all");
    }

    /**
     * Where windows cannot be transparent (Xvfb, VNC, an X server without a compositor) a popup goes
     * without the theme's shadow, which was drawn over white: a white frame round the dark theme's
     * drop-downs and menus.
     */
    @Test
    @SuppressWarnings("unchecked")
    void popupsGoWithoutShadowsWhereWindowsCannotBeTransparent(FxRobot robot) throws Exception {
        waitForMap();
        boolean[] transparent = new boolean[1];
        robot.interact(() -> transparent[0] = javafx.application.Platform.isSupported(javafx.application.ConditionalFeature.TRANSPARENT_WINDOW));
        assertEquals(!transparent[0], view.getStyleClass().contains(MainView.OPAQUE_POPUPS), "marked where popups cannot be transparent");
        javafx.scene.control.ComboBox<MapLayer> layers = robot.lookup("#layer").queryAs(javafx.scene.control.ComboBox.class);
        for (boolean opaque : new boolean[] {false, true}) {
            // both ways, whatever this platform can do (Monocle, headless, can)
            robot.interact(() -> {
                view.getStyleClass().remove(MainView.OPAQUE_POPUPS);
                if (opaque) {
                    view.getStyleClass().add(MainView.OPAQUE_POPUPS);
                }
            });
            robot.interact(layers::show);
            try {
                WaitForAsyncUtils.waitForFxEvents();
                javafx.scene.Node popupList = robot.lookup(".combo-box-popup > .list-view").query();
                assertEquals(opaque, popupList.getEffect() == null, opaque ? "no shadow on an opaque popup" : "the theme's shadow");
                javafx.scene.layout.CornerRadii corners = ((javafx.scene.layout.Region) popupList).getBackground().getFills().get(0).getRadii();
                assertEquals(opaque, corners.isUniform() && corners.getTopLeftHorizontalRadius() == 0, "square corners on an opaque popup: " + corners);
            } finally {
                robot.interact(layers::hide);
            }
        }
        robot.interact(() -> {
            view.getStyleClass().remove(MainView.OPAQUE_POPUPS);
            if (!transparent[0]) {
                view.getStyleClass().add(MainView.OPAQUE_POPUPS);
            }
        });
    }

    /** A new window's keyboard starts on γ's slider, not on the first section's header, unmarked, where Space folded the section. */
    @Test
    void aNewWindowsKeyboardStartsOnGammasSlider(FxRobot robot) throws Exception {
        Stage[] fresh = new Stage[1];
        MainView[] shown = new MainView[1];
        InspectorViewModel other = new InspectorViewModel();
        try {
            robot.interact(() -> {
                fresh[0] = new Stage();
                shown[0] = new MainView(other, fresh[0], new AppPreferences());
                fresh[0].setScene(new Scene(shown[0], 1000, 700));
                fresh[0].show();
            });
            waitFor(() -> fresh[0].getScene().getFocusOwner() != null, "a focus owner");
            assertSame(shown[0].controls.gammaSlider, fresh[0].getScene().getFocusOwner());
        } finally {
            robot.interact(() -> fresh[0].close());
            other.close();
        }
    }

    /**
     * The keyboard: Ctrl+Up steps γ from the class list too (the list took it for its own focus
     * moves); Space opens a drop-down; Alt+V opens the View menu; Space folds a section, whose header
     * keeps its mark; the side panel's tabs, reached with Tab, show where the keyboard is.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theKeyboardReachesGammaDropDownsMenusSectionsAndTabs(FxRobot robot) throws Exception {
        waitForMap();
        focusClassList(robot);
        double gamma = vm.loss.gamma.get();
        robot.press(javafx.scene.input.KeyCode.CONTROL).type(javafx.scene.input.KeyCode.UP).release(javafx.scene.input.KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(gamma + 0.1, vm.loss.gamma.get(), 1e-9, "Ctrl+Up steps γ with the class list focused");
        robot.interact(() -> vm.loss.gamma.set(gamma));

        javafx.scene.control.ComboBox<MapLayer> layers = robot.lookup("#layer").queryAs(javafx.scene.control.ComboBox.class);
        robot.interact(layers::requestFocus);
        robot.type(javafx.scene.input.KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        try {
            assertTrue(layers.isShowing(), "Space opens the focused drop-down");
        } finally {
            robot.interact(layers::hide);
        }

        javafx.scene.control.Menu viewMenu = ((javafx.scene.control.MenuBar) view.getTop()).getMenus().get(1);
        robot.interact(() -> view.controls.gammaSlider.requestFocus());
        robot.press(javafx.scene.input.KeyCode.ALT).type(javafx.scene.input.KeyCode.V).release(javafx.scene.input.KeyCode.ALT);
        WaitForAsyncUtils.waitForFxEvents();
        try {
            assertTrue(viewMenu.isShowing(), "Alt+V opens the View menu");
        } finally {
            robot.interact(viewMenu::hide);
        }

        // a section's header keeps its mark as Space folds and unfolds it
        robot.interact(() -> view.controls.gammaSlider.requestFocus());
        javafx.scene.control.TitledPane section = null;
        for (int i = 0; i < 12; i++) {
            robot.type(javafx.scene.input.KeyCode.TAB);
            if (view.getScene().getFocusOwner() instanceof javafx.scene.control.TitledPane t) {
                section = t;
                break;
            }
        }
        assertTrue(section != null, "Tab reaches a section's header");
        boolean expanded = section.isExpanded();
        robot.type(javafx.scene.input.KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(!expanded, section.isExpanded(), "Space folds or unfolds it");
        assertTrue(section.isFocusVisible(), "and the header keeps the keyboard's mark");
        javafx.scene.control.TitledPane folded = section;
        robot.type(javafx.scene.input.KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(expanded, folded.isExpanded());
        assertTrue(folded.isFocusVisible(), "again");

        javafx.scene.control.TabPane side = (javafx.scene.control.TabPane) view.charts;
        javafx.scene.layout.Region selected = (javafx.scene.layout.Region) side.lookupAll(".tab:selected").stream()
                .filter(t -> t.getParent().getParent().getParent() == side).findFirst().orElseThrow(); // not the Charts tab's own
        javafx.scene.layout.Background unfocused = selected.getBackground();
        robot.interact(() -> robot.lookup("#hide-all-classes").query().requestFocus());
        for (int i = 0; i < 6 && !side.isFocused(); i++) {
            robot.type(javafx.scene.input.KeyCode.TAB);
        }
        assertTrue(side.isFocused(), "Tab reaches the side panel's tabs");
        WaitForAsyncUtils.waitForFxEvents();
        assertNotEquals(unfocused, selected.getBackground(), "the selected tab tinted while its tab pane has the keyboard");
    }

    /** The class list, given the keyboard. */
    @SuppressWarnings("unchecked")
    private static javafx.scene.control.ListView<Integer> focusClassList(FxRobot robot) {
        javafx.scene.control.ListView<Integer> list = robot.lookup("#classes").queryAs(javafx.scene.control.ListView.class);
        robot.interact(list::requestFocus);
        return list;
    }

    /** A batch opens on its hardest sample, the one the sample list shows first. */
    @Test
    void aBatchOpensOnItsHardestSample(FxRobot robot) throws Exception {
        waitFor(() -> vm.evaluationProperty().get() != null, "the demo");
        // three samples of 2 classes, 2 x 3 pixels: sample 2's logits contradict its labels, sample 0's agree
        int samples = 3;
        int pixels = 6;
        float[] logits = new float[samples * 2 * pixels];
        int[] labels = new int[samples * pixels];
        for (int n = 0; n < samples; n++) {
            float agreement = n == 0 ? 4f : n == 1 ? 0.5f : -4f;
            for (int p = 0; p < pixels; p++) {
                int y = p % 2;
                labels[n * pixels + p] = y;
                logits[(n * 2 + y) * pixels + p] = agreement;
            }
        }
        Path logitsFile = tmp.resolve("batch_logits.npy");
        Path labelsFile = tmp.resolve("batch_labels.npy");
        io.focalscope.io.NpyWriter.writeFloat32(logitsFile, new int[] {samples, 2, 2, 3}, logits);
        io.focalscope.io.NpyWriter.write(labelsFile, io.focalscope.io.NdArray.ofBytes("labels", new int[] {samples, 2, 3}, labels));
        robot.interact(() -> vm.open(logitsFile.toString(), labelsFile.toString(), null, null));
        waitFor(() -> vm.evaluationProperty().get() != null && vm.evaluationProperty().get().dataset().batch().samples() == 3,
                "the batch");
        assertEquals(2, vm.map.sample.get(), "the sample with the highest mean loss");
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void aBadFileShowsTheReadersMessageAndKeepsTheOpenData(FxRobot robot) throws Exception {
        waitFor(() -> vm.evaluationProperty().get() != null, "the demo");
        var before = vm.evaluationProperty().get();
        Path logits = Path.of("src/test/resources/fixtures/pair_logits.npy");
        byte[] labels = Files.readAllBytes(Path.of("src/test/resources/fixtures/pair_labels.npy"));
        Path bad = Files.write(tmp.resolve("labels.npy"), Arrays.copyOf(labels, labels.length - 3));
        robot.interact(() -> view.open(List.of(logits, bad)));
        waitFor(() -> robot.lookup(".dialog-pane").tryQuery().isPresent(), "an error dialog");
        DialogPane dialog = robot.lookup(".dialog-pane").queryAs(DialogPane.class);
        assertEquals(bad + ": truncated: the header announces 8 bytes of data ((1, 2, 4) uint8) but only 5 follow",
                dialog.getContentText());
        WaitForAsyncUtils.waitForFxEvents();
        assertSame(before, vm.evaluationProperty().get(), "the demo's figures stay");
        assertEquals(19, vm.datasetProperty().get().batch().classes());
    }

    private static boolean readable(Path png) {
        try {
            return Files.exists(png) && ImageIO.read(png.toFile()) != null;
        } catch (IOException | RuntimeException stillBeingWritten) {
            return false;
        }
    }

    private static double[] bars(javafx.scene.chart.BarChart<String, Number> chart) {
        XYChart.Series<String, Number> s = chart.getData().get(0);
        return s.getData().stream().mapToDouble(d -> d.getYValue().doubleValue()).toArray();
    }

}
