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
        Application.setUserAgentStylesheet(dark.get() ? new PrimerDark().getUserAgentStylesheetBSS()
                : new PrimerLight().getUserAgentStylesheetBSS());
        prefs.darkTheme(dark.get());
    }
}
