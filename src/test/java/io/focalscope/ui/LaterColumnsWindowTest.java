package io.focalscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.focalscope.loss.Activation;
import io.focalscope.loss.LossSettings;
import io.focalscope.loss.Reduction;
import io.focalscope.loss.WeightScheme;
import io.focalscope.ui.inspector.InspectorViewModel;
import io.focalscope.ui.settings.AppPreferences;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.chart.XYChart;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.TitledPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.CheckBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/**
 * A start's window makes its side columns once the first map is drawn ({@link MainView.Columns#LATER}):
 * they must then show what columns made with the window show, control by control (those on screen
 * at the start: a side tab's content is made when the tab is first shown, after the columns).
 */
class LaterColumnsWindowTest extends WindowTest {

    private Stage later;
    private InspectorViewModel laterVm;
    private MainView laterView;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @org.junit.jupiter.api.AfterEach
    void closeLater(FxRobot robot) {
        if (laterVm != null) {
            laterVm.close();
        }
        if (later != null) {
            robot.interact(later::close);
        }
    }

    @Test
    void columnsMadeAfterTheFirstMapShowWhatColumnsMadeWithTheWindowShow(FxRobot robot) throws Exception {
        compareWith(robot, null);
    }

    /** Settings from the command line ({@code open --activation sigmoid --alpha 0.6 --gamma 3.5 --enet-c 1.2}) reach the controls too. */
    @Test
    void settingsGivenAtTheStartReachColumnsMadeLater(FxRobot robot) throws Exception {
        compareWith(robot, new LossSettings(3.5, new WeightScheme.Enet(1.2), 255, Reduction.MEAN, false, Activation.SIGMOID, 0.6));
    }

    /** A start whose file cannot be read draws no map: the message comes, and the window is made whole for the next file. */
    @Test
    void aStartWhoseFileCannotBeReadGetsItsColumnsWithTheMessage(FxRobot robot, @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path logits = tmp.resolve("logits.npy");
        java.nio.file.Files.writeString(logits, "not numpy");
        openLater(robot, () -> laterVm.open(logits.toString(), logits.toString(), null, null));
        waitFor(() -> robot.lookup(".dialog-pane").tryQuery().isPresent(), "the error dialog");
        javafx.scene.control.DialogPane dialog = robot.lookup(".dialog-pane").queryAs(javafx.scene.control.DialogPane.class);
        assertEquals(logits + ": not a .npy, .npz or PNG file (it starts with bytes 6e 6f 74 20 6e 75 6d 70)", dialog.getContentText());
        assertTrue(laterView.hasColumns(), "the columns made with the message");
        assertFalse(laterView.left.getChildren().isEmpty() || laterView.right.getChildren().isEmpty(), "and in place");
        robot.interact(() -> ((Stage) dialog.getScene().getWindow()).close());
        assertTrue(robot.from(laterView).lookup(".map-pane .label").match((javafx.scene.control.Label l) -> MainView.NO_FILE.equals(l.getText()))
                .tryQuery().isPresent(), "the empty map says how to open a file");
    }

    /**
     * FLSD-53's γ is per pixel (NaN in its figures): the whole window is still recognised as showing
     * one evaluation, which a start waits for to time itself and to keep its class-data archive.
     */
    @Test
    void flsd53StartsComeToTheWholeWindow(FxRobot robot) throws Exception {
        compareWith(robot, new LossSettings(new io.focalscope.loss.LossTerm.Flsd53(), new WeightScheme.None(), 255, Reduction.MEAN,
                true, Activation.SOFTMAX, null, false));
    }

    private void compareWith(FxRobot robot, LossSettings settings) throws Exception {
        robot.interact(() -> {
            vm = new InspectorViewModel();
            view = new MainView(vm, stage, new AppPreferences());
            stage.setScene(new Scene(view, 1280, 800));
            stage.sizeToScene();
            if (settings != null) {
                vm.useSettings(settings); // before the window shows, as a start does
            }
            stage.show();
            vm.openDemo();
        });
        openLater(robot, () -> {
            if (settings != null) {
                laterVm.useSettings(settings);
            }
            laterVm.openDemo();
        });
        waitFor(laterView::showsMap, "the first map, without columns");
        assertFalse(laterView.hasColumns(), "no columns before they are asked for");
        assertTrue(laterView.left.getChildren().isEmpty() && laterView.right.getChildren().isEmpty(), "the side columns empty");
        robot.interact(laterView::buildColumns);
        waitFor(() -> view.showsOneEvaluation() && laterView.showsOneEvaluation(), "both windows showing their evaluation whole");
        assertEquals(describeShown(view.left), describeShown(laterView.left), "the settings column");
        assertEquals(describeShown(view.right), describeShown(laterView.right), "the figures column");
        // the columns' widths as remembered (or the defaults), not the least widths the empty columns were laid out at
        assertEquals(view.left.getWidth(), laterView.left.getWidth(), 1.5, "the settings column's width");
        assertEquals(view.right.getWidth(), laterView.right.getWidth(), 1.5, "the figures column's width");
        assertTrue(laterView.left.getWidth() > laterView.left.getMinWidth() + 20, "wider than the least width: " + laterView.left.getWidth());
        // on γ's slider; with FLSD-53, whose γ is per pixel, on the term's drop-down
        String keyboard = laterView.controls.gammaSlider.isDisabled() ? "loss-term" : "gamma-slider";
        for (Stage s : List.of(stage, later)) {
            assertEquals(keyboard, s.getScene().getFocusOwner() == null ? null : s.getScene().getFocusOwner().getId(), "the keyboard's control");
        }
    }

    /**
     * Opens a window as a start makes it: columns made later, the settings and the file given before
     * they are, and sized by its stage (the size of the other window), not its scene.
     */
    private void openLater(FxRobot robot, Runnable opening) {
        robot.interact(() -> {
            later = new Stage();
            laterVm = new InspectorViewModel();
            laterView = new MainView(laterVm, later, new AppPreferences(), MainView.Columns.LATER);
            later.setScene(new Scene(laterView));
            later.setWidth(stage.getWidth() > 0 ? stage.getWidth() : 1280);
            later.setHeight(stage.getHeight() > 0 ? stage.getHeight() : 800);
            opening.run();
            later.show();
        });
    }

    /** What a column shows, but the time an evaluation took (the backend's line), which differs from run to run. */
    private static List<String> describeShown(Node column) {
        return describe(column).stream().map(line -> line.replaceAll("[0-9.]+ ms", "… ms")).toList();
    }

    /** What each control in a column shows, a line a node, in the order of the scene graph. */
    private static List<String> describe(Node root) {
        List<String> lines = new ArrayList<>();
        describe(root, lines);
        assertTrue(lines.size() > 50, "a column of controls: " + lines.size());
        return lines;
    }

    private static void describe(Node n, List<String> lines) {
        StringBuilder b = new StringBuilder(n.getClass().getSimpleName());
        if (n.getId() != null) {
            b.append('#').append(n.getId());
        }
        b.append(n.isVisible() ? "" : " hidden").append(n.isDisabled() ? " disabled" : "");
        if (n instanceof Labeled l) {
            b.append(" '").append(l.getText()).append('\'');
        }
        if (n instanceof TextInputControl t) {
            b.append(" '").append(t.getText()).append('\'');
        }
        if (n instanceof ComboBoxBase<?> c) {
            b.append(" value ").append(c.getValue());
        }
        if (n instanceof ToggleButton t) {
            b.append(t.isSelected() ? " selected" : "");
        }
        if (n instanceof CheckBox c) {
            b.append(c.isSelected() ? " ticked" : "");
        }
        if (n instanceof Slider s) {
            b.append(" at ").append(s.getValue()).append(" of ").append(s.getMin()).append("..").append(s.getMax());
        }
        if (n instanceof ListView<?> l) {
            b.append(" items ").append(l.getItems());
        }
        if (n instanceof TableView<?> t) {
            b.append(" rows ").append(t.getItems());
        }
        if (n instanceof XYChart<?, ?> c) {
            b.append(" title ").append(c.getTitle());
            for (XYChart.Series<?, ?> s : c.getData()) {
                b.append(" series ").append(s.getName());
                for (XYChart.Data<?, ?> d : s.getData()) {
                    b.append(' ').append(d.getXValue()).append('=').append(d.getYValue());
                }
            }
        }
        if (n instanceof TitledPane t) {
            b.append(t.isExpanded() ? " open" : " folded");
        }
        lines.add(b.toString());
        if (n instanceof TabPane tabs) {
            for (Tab t : tabs.getTabs()) {
                lines.add("tab '" + t.getText() + "'" + (t.isSelected() ? " selected" : "") + (t.isDisabled() ? " disabled" : ""));
                if (t.getContent() != null) {
                    describe(t.getContent(), lines);
                }
            }
        } else if (n instanceof ScrollPane s) {
            if (s.getContent() != null) {
                describe(s.getContent(), lines);
            }
        } else if (n instanceof TitledPane t) {
            if (t.getContent() != null) {
                describe(t.getContent(), lines);
            }
        } else if (n instanceof Parent p && !(n instanceof javafx.scene.control.Control c && c.getSkin() == null)) {
            for (Node child : p.getChildrenUnmodifiable()) {
                describe(child, lines);
            }
        }
    }
}
