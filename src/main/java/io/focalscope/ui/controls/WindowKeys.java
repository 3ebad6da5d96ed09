package io.focalscope.ui.controls;

import java.util.Map;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.TitledPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/**
 * Keys that act the same wherever the window's focus is, before the focused control sees them:
 * <ul>
 * <li>the menus' shortcuts (Ctrl+Up and Ctrl+Down step γ, Ctrl+0 fits the map), except in a text
 *     field: a list or table took Ctrl+Up and Ctrl+Down for its own focus moves, so that γ did not
 *     step while the class list had the keyboard;</li>
 * <li>Space or Enter on a closed drop-down opens it, as on most desktops (JavaFX opens it only with
 *     Alt+Down or F4, and Down changes its value unseen);</li>
 * <li>Space or Enter on a section's header folds or unfolds it and leaves its mark: JavaFX's own
 *     handling asks for the focus again, as a click does, which took the keyboard's mark off.</li>
 * </ul>
 */
public final class WindowKeys {

    private WindowKeys() {
    }

    /**
     * Whether the keys go to text being typed (a field, or an editable spinner or drop-down, whose
     * editor has the keyboard): it keeps its own shortcuts, and one it leaves still runs, as before.
     */
    private static boolean typing(Object target) {
        return target instanceof javafx.scene.control.TextInputControl
                || target instanceof javafx.scene.control.Spinner<?> s && s.isEditable()
                || target instanceof ComboBoxBase<?> c && c.isEditable();
    }

    /** Handles these keys for every event that reaches {@code root}'s controls. */
    public static void install(Node root) {
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            Scene scene = root.getScene();
            if (scene != null && e.isShortcutDown() && !typing(e.getTarget())) {
                for (Map.Entry<KeyCombination, Runnable> a : scene.getAccelerators().entrySet()) {
                    if (a.getKey().match(e)) {
                        a.getValue().run();
                        e.consume();
                        return;
                    }
                }
            }
            boolean plain = !e.isShortcutDown() && !e.isAltDown() && !e.isShiftDown();
            boolean press = plain && (e.getCode() == KeyCode.SPACE || e.getCode() == KeyCode.ENTER);
            if (press && e.getTarget() instanceof ComboBoxBase<?> box && !box.isShowing() && !box.isEditable() && !box.isDisabled()) {
                box.show();
                e.consume();
            } else if (press && e.getTarget() instanceof TitledPane section && section.isCollapsible() && !section.isDisabled()) {
                section.setExpanded(!section.isExpanded());
                e.consume();
            }
        });
    }
}
