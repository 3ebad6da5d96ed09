package io.focalscope.ui.controls;

import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.Tab;

/**
 * A tab whose content joins the scene when the tab is first selected. A tab pane keeps every tab's
 * content in its scene, so the window's first styling and layout took in the side panel's hidden
 * tools and charts too: with them attached on demand, {@code stage.show()} took 1.54-1.64 s instead
 * of 1.93-2.22 (three runs each), and launch to the first map 4.26-5.32 s (median 4.69) against
 * 4.51-5.57 (median 5.18) in five alternating runs (the demo under Xvfb, two cores). The content is
 * made at once (its view model's bindings run whether or not it shows); only its styling and layout
 * wait.
 */
public final class LazyTab {

    private LazyTab() {
    }

    /** A tab of this title whose content is attached when it is first selected. */
    public static Tab of(String title, Node content) {
        Tab tab = new Tab(title);
        if (tab.isSelected()) {
            tab.setContent(content);
            return tab;
        }
        tab.selectedProperty().addListener(new ChangeListener<Boolean>() {
            @Override
            public void changed(ObservableValue<? extends Boolean> o, Boolean was, Boolean now) {
                if (now) {
                    tab.setContent(content);
                    tab.selectedProperty().removeListener(this);
                }
            }
        });
        return tab;
    }
}
