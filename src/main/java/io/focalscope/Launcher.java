package io.focalscope;

import io.focalscope.cli.FocalscopeCli;

/**
 * The entry point. A plain class (not a JavaFX Application) so that the app starts with JavaFX on
 * the class path as well as on the module path.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        FocalscopeCli.main(args);
    }
}
