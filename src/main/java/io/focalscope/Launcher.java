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
        endWithTheLauncher(System.getProperty("focalscope.launcherPid"));
        FocalscopeCli.main(args);
    }

    /**
     * Ends Java when the launcher script that started it ends first. The script cannot hand its
     * process on to Java (it filters Java's stderr and keeps the class-data archive after), so a
     * script's {@code kill} or a timeout of the launcher's process (Python's {@code subprocess}, a
     * Java {@code Process.destroy()}) ended only the shell, and Java went on computing, or kept its
     * window open, with no one to wait for it.
     */
    static void endWithTheLauncher(String launcherPid) {
        if (launcherPid == null) {
            return;
        }
        try {
            // the handle keeps the process's start time: a later process given the same number is not it
            ProcessHandle.of(Long.parseLong(launcherPid.trim()))
                    .ifPresent(launcher -> launcher.onExit().thenRun(() -> Runtime.getRuntime().halt(143)));
        } catch (NumberFormatException | UnsupportedOperationException | SecurityException e) {
            // no watch: Java ends as before, when its work is done
        }
    }
}
