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
     * Ends Java (status 143) when the launcher script that started it ends first. The script cannot hand its
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
            java.util.Optional<ProcessHandle> launcher = ProcessHandle.of(Long.parseLong(launcherPid.trim()));
            if (launcher.isPresent()) {
                launcher.get().onExit().thenRun(Launcher::endNow);
            } else {
                endNow(); // it ended while Java started
            }
        } catch (NumberFormatException | UnsupportedOperationException | SecurityException e) {
            // no watch: Java ends as before, when its work is done
        }
    }

    /**
     * Exits, so that the shutdown hooks run (a label-issues search's temporary folder is removed);
     * halts if they have not finished within 5 s.
     */
    private static void endNow() {
        Thread stop = new Thread(() -> {
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                // halt now
            }
            Runtime.getRuntime().halt(143);
        }, "focalscope-launcher-gone");
        stop.setDaemon(true);
        stop.start();
        System.exit(143);
    }
}
