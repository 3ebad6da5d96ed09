package io.focalscope.ui.map;

import io.focalscope.classes.ClassSet;
import io.focalscope.ui.settings.Controls;
import java.util.List;
import java.util.stream.IntStream;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;

/**
 * The classes with their colours, each shown or hidden by its box; Show all, Hide all, and a
 * double click (or the row's menu) for one class alone. It has the left column's lower part to
 * itself, so that it is on screen without scrolling past the controls.
 */
public final class ClassListPane extends VBox {

    public final ListView<Integer> list = new ListView<>();
    private final MapViewModel map;

    public ClassListPane(MapViewModel map) {
        this.map = map;
        setSpacing(4);
        setPadding(new Insets(0, 10, 8, 10));
        list.setId("classes");
        list.setMinHeight(72);
        VBox.setVgrow(list, Priority.ALWAYS);
        list.setCellFactory(l -> new ClassCell());
        // one Tab stop for the list, not one for each row's box: the arrows move through the rows (the
        // list scrolls to the one they reach; Tab into a box below the view did not) and Space shows
        // or hides it
        // once a press: a held Space would toggle (and redraw the map) at the key's repeat rate
        boolean[] spaceDown = new boolean[1];
        list.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            Integer c = list.getFocusModel().getFocusedItem();
            if (e.getCode() == javafx.scene.input.KeyCode.SPACE && c != null && !e.isShortcutDown() && !e.isShiftDown() && !e.isAltDown()) {
                if (!spaceDown[0]) {
                    map.toggleHidden(c);
                }
                spaceDown[0] = true;
                e.consume();
            }
        });
        list.addEventFilter(javafx.scene.input.KeyEvent.KEY_RELEASED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.SPACE) {
                spaceDown[0] = false;
            }
        });
        showClasses(map.classes.get()); // made after a file opened (a start's window)
        map.classes.addListener((o, a, b) -> showClasses(b));
        Button all = new Button("Show all");
        all.setId("show-all-classes");
        all.setOnAction(e -> map.hiddenClasses.clear());
        Button none = new Button("Hide all");
        none.setId("hide-all-classes");
        none.setOnAction(e -> map.hideAll());
        getChildren().addAll(Controls.heading("Classes"), list, new HBox(6, all, none));
        // no smaller than the heading, two rows and the buttons: the split above it gives way instead
        // (at 0 the buttons were drawn under the status bar in windows up to 1280 x 720)
    }

    /** A class with its colour and a check box that shows or hides it. */
    private final class ClassCell extends ListCell<Integer> {
        private final CheckBox box = new CheckBox();
        private final Rectangle swatch = new Rectangle(12, 12);

        ClassCell() {
            box.setFocusTraversable(false);
            swatch.getStyleClass().add("class-swatch");
            setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && getItem() != null) {
                    map.showOnly(getItem());
                }
            });
            MenuItem only = new MenuItem("Show only this class");
            only.setOnAction(e -> {
                if (getItem() != null) {
                    map.showOnly(getItem());
                }
            });
            setContextMenu(new ContextMenu(only));
            setTooltip(new Tooltip("Double-click: this class alone"));
            box.setOnAction(e -> {
                if (getItem() != null) {
                    // the row clicked becomes the keyboard's: Space then toggles it, not the row focused before
                    getListView().getFocusModel().focus(getIndex());
                    getListView().requestFocus();
                    if (box.isSelected()) {
                        map.hiddenClasses.remove(getItem());
                    } else {
                        map.hiddenClasses.add(getItem());
                    }
                }
            });
            map.hiddenClasses.addListener((javafx.collections.SetChangeListener<Integer>) c -> {
                if (getItem() != null) {
                    box.setSelected(!map.hiddenClasses.contains(getItem()));
                }
            });
        }

        @Override
        protected void updateItem(Integer c, boolean empty) {
            super.updateItem(c, empty);
            ClassSet set = map.classes.get();
            if (empty || c == null || set == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            int rgb = set.color(c);
            swatch.setFill(Color.rgb((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff));
            // numbered classes are named by their number: "class 3", not "3  3"
            box.setText(set.name(c).equals(String.valueOf(c)) ? "class " + c : c + "  " + set.name(c));
            box.setSelected(!map.hiddenClasses.contains(c));
            HBox g = new HBox(6, swatch, box);
            g.setAlignment(Pos.CENTER_LEFT);
            setGraphic(g);
            setText(null);
        }
    }

    private void showClasses(io.focalscope.classes.ClassSet classes) {
        list.getItems().setAll(classes == null ? List.of() : IntStream.range(0, classes.size()).boxed().toList());
    }
}
