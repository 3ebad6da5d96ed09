package io.focalscope.ui.settings;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;

/** The light or dark theme (AtlantaFX's Primer), remembered between runs. */
public final class Theme {

    /** Whether the theme is dark. */
    public final BooleanProperty dark = new SimpleBooleanProperty();
    private final AppPreferences prefs;

    public Theme(AppPreferences prefs) {
        this.prefs = prefs;
    }

    /** Takes the remembered theme and applies it; from then on each change is applied and remembered. */
    public void restore() {
        dark.set(prefs.darkTheme());
        dark.addListener((o, a, b) -> apply());
        apply();
    }

    private void apply() {
        Application.setUserAgentStylesheet(stylesheet(dark.get()));
        prefs.darkTheme(dark.get());
    }

    /**
     * Sets the remembered theme's stylesheet before the window's first control is made: the first
     * control's class otherwise loads JavaFX's own Modena stylesheet, which the theme then replaces.
     */
    public static void applyRemembered(AppPreferences prefs) {
        Application.setUserAgentStylesheet(stylesheet(prefs.darkTheme()));
    }

    private static String stylesheet(boolean dark) {
        return dark ? new PrimerDark().getUserAgentStylesheetBSS() : new PrimerLight().getUserAgentStylesheetBSS();
    }
}
