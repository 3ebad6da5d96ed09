package io.focalscope.ui.settings;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The small pieces the control panes are built of: headings, labelled rows, bound combo boxes and spinners. */
public final class Controls {

    private Controls() {
    }

    public static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("title-4");
        l.setPadding(new Insets(8, 0, 0, 0));
        return l;
    }

    /**
     * A section of the settings column that folds, so that the column fits a small window: its
     * title, whether it opens unfolded, and its rows.
     */
    public static javafx.scene.control.TitledPane section(String title, boolean expanded, String id, Node... rows) {
        VBox content = new VBox(6, rows);
        javafx.scene.control.TitledPane pane = new javafx.scene.control.TitledPane(title, content);
        pane.setExpanded(expanded);
        pane.setId(id);
        pane.setAnimated(false);
        pane.getStyleClass().add("dense"); // AtlantaFX's compact title and padding: the column is narrow
        return pane;
    }

    /** A short word between fields that keeps its width (a narrow column would make it "…"). */
    public static Label word(String text) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    /** The least width of a row's label. */
    static final double ROW_LABEL_WIDTH = 80;

    public static HBox row(String label, Node control) {
        // at least 80 px, so that the rows' controls line up, and never less than its text: the
        // control beside it gives way ("Shown form" was cut to "Shown fo…" in the left column)
        Label l = new Label(label) {
            @Override
            protected double computeMinWidth(double height) {
                return Math.max(ROW_LABEL_WIDTH, computePrefWidth(height));
            }
        };
        HBox box = new HBox(6, l, control);
        box.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(control, Priority.ALWAYS);
        return box;
    }

    /** A label over a control as wide as the panel: for a choice whose names are too long for the space beside a label. */
    public static javafx.scene.layout.VBox stackedRow(String label, javafx.scene.layout.Region control) {
        control.setMaxWidth(Double.MAX_VALUE);
        return new javafx.scene.layout.VBox(2, new Label(label), control);
    }

    public static <T> ComboBox<T> combo(T[] values, ObjectProperty<T> property) {
        ComboBox<T> c = new ComboBox<>();
        c.getItems().setAll(values);
        c.valueProperty().bindBidirectional(property);
        c.setMaxWidth(Double.MAX_VALUE);
        return c;
    }

    /** A slider for γ from 0 to 5 with ticks at the whole numbers. */
    public static Slider gammaSlider(DoubleProperty gamma, String id) {
        Slider s = new Slider(0, 5, gamma.get());
        s.setShowTickLabels(true);
        s.setShowTickMarks(true);
        s.setMajorTickUnit(1);
        s.setBlockIncrement(0.1);
        s.setId(id);
        // moved by hand, γ in hundredths, as the spinner beside it shows γ: dragged, it gave γ = 4.24537
        // under a spinner showing 4.25. A γ set elsewhere (typed, 4.245) moves the thumb as it is.
        boolean[] following = {false};
        Runnable follow = () -> {
            following[0] = true;
            try {
                s.setValue(gamma.get());
            } finally {
                following[0] = false;
            }
        };
        s.valueProperty().addListener((o, was, v) -> {
            if (!following[0]) {
                gamma.set(Math.round(v.doubleValue() * 100) / 100.0);
                if (s.getValue() != gamma.get()) {
                    follow.run(); // rounded to the γ it had: no change of γ to move the thumb
                }
            }
        });
        gamma.addListener((o, was, g) -> follow.run());
        return s;
    }

    /** An editable spinner for γ, 0 to {@link LossSettingsViewModel#MAX_GAMMA} in steps of 0.1. */
    public static Spinner<Double> gammaSpinner(DoubleProperty gamma, String id) {
        Spinner<Double> s = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(0, LossSettingsViewModel.MAX_GAMMA,
                gamma.get(), 0.1));
        s.setEditable(true);
        s.setPrefWidth(90);
        s.setId(id);
        bindSpinner(s, gamma);
        return s;
    }

    /** Keeps a spinner and a double property in step both ways (a spinner's value cannot be bound directly). */
    public static void bindSpinner(Spinner<Double> spinner, DoubleProperty property) {
        spinner.getValueFactory().setValue(property.get());
        spinner.valueProperty().addListener((o, a, b) -> {
            if (b != null && Math.abs(b - property.get()) > 1e-12) {
                property.set(b);
            }
        });
        property.addListener((o, a, b) -> {
            if (Math.abs(b.doubleValue() - spinner.getValue()) > 1e-12) {
                spinner.getValueFactory().setValue(b.doubleValue());
            }
        });
    }

    /**
     * A field that commits a changed text on Enter or when it loses focus; {@code commit} returns
     * false to refuse it, and the field then shows {@code shown} again.
     */
    public static TextField committing(String id, int columns, java.util.function.Predicate<String> commit,
                                java.util.function.Supplier<String> shown) {
        TextField f = new TextField(shown.get());
        f.setId(id);
        f.setPrefColumnCount(columns);
        Runnable apply = () -> {
            if (!f.getText().equals(shown.get()) && !commit.test(f.getText())) {
                f.setText(shown.get());
            }
        };
        f.setOnAction(e -> apply.run());
        f.focusedProperty().addListener((o, was, focused) -> {
            if (!focused) {
                apply.run();
            }
        });
        return f;
    }

    /** A label whose whole text is also its tooltip, for values that may be cut. */
    public static Label withTooltip(Label l) {
        Tooltip whole = new Tooltip();
        whole.textProperty().bind(l.textProperty());
        l.setTooltip(whole);
        return l;
    }

    /** A number as typed, or NaN where it is none. */
    public static double parse(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /**
     * Writes a combo's choices with {@code name} (its list and its button), and again when
     * {@code changes} changes while the value stays.
     */
    static <T> void named(ComboBox<T> box, java.util.function.Function<T, String> name, javafx.beans.Observable changes) {
        javafx.util.Callback<javafx.scene.control.ListView<T>, javafx.scene.control.ListCell<T>> cells = l -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : name.apply(item));
            }
        };
        box.setCellFactory(cells);
        box.setButtonCell(cells.call(null));
        changes.addListener(x -> box.setButtonCell(cells.call(null)));
    }
}
