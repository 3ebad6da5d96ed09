package io.focalscope.ui.controls;

import javafx.scene.control.Label;
import javafx.scene.control.TableColumnBase;
import javafx.scene.control.Tooltip;

/**
 * A table column's title as a label that is never cut short (it keeps its own width, so the column
 * must be given room for it), with a tooltip that explains it where the title alone does not.
 */
public final class ColumnTitles {

    private ColumnTitles() {
    }

    /** Titles the column; {@code tip} may be null. */
    public static void set(TableColumnBase<?, ?> column, String title, String tip) {
        Label label = new Label(title);
        label.setMinWidth(Label.USE_PREF_SIZE);
        if (tip != null) {
            label.setTooltip(new Tooltip(tip));
        }
        column.setGraphic(label);
        column.setText("");
    }
}
