package io.focalscope.ui;

import io.focalscope.ui.controls.Pulses;
import io.focalscope.ui.inspector.InspectorViewModel;
import io.focalscope.ui.settings.AppPreferences;
import io.focalscope.ui.settings.WindowLayout;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The JavaFX application: one inspector window, opened on the demo or on the files given. */
public final class FocalscopeApp extends Application {

    /**
     * What to open at start: the demo (logits null) or these files, and the engine that computes.
     *
     * @param engine   {@code auto}, {@code cpu} or {@code nd4j}
     * @param dataset  a dataset folder or list to scan in the Dataset tab, or null
     * @param settings the loss settings the window starts with, or null for its own
     * @param layer    the map layer the window starts on, or null for its own
     * @param calibration whether the dataset's scan works out calibration (the Dataset tab's option ticked)
     * @param training a training run (a folder with its labels folder, or a list) to follow in the Training tab, or null
     */
    public record Startup(String logits, String labels, io.focalscope.io.LogitsLayout layout, Path image, Path classes,
                          String engine, Path dataset, io.focalscope.loss.LossSettings settings,
                          io.focalscope.render.MapLayer layer, boolean calibration, io.focalscope.dynamics.EpochSource training) {
        public Startup(String logits, String labels, io.focalscope.io.LogitsLayout layout, Path image, Path classes,
                       String engine, Path dataset, io.focalscope.loss.LossSettings settings,
                       io.focalscope.render.MapLayer layer, boolean calibration) {
            this(logits, labels, layout, image, classes, engine, dataset, settings, layer, calibration, null);
        }

        public Startup(String logits, String labels, Path image, Path classes, String engine) {
            this(logits, labels, io.focalscope.io.LogitsLayout.CHANNELS_FIRST, image, classes, engine, null, null, null, false);
        }

        /** The window on the demo, following a training run ({@code open-dynamics}). */
        public static Startup training(io.focalscope.dynamics.EpochSource run, String engine, io.focalscope.loss.LossSettings settings) {
            return new Startup(null, null, io.focalscope.io.LogitsLayout.CHANNELS_FIRST, null, null, engine, null, settings, null, false,
                    run);
        }

        public static Startup demo() {
            return new Startup(null, null, null, null, "auto");
        }
    }

    private static volatile Startup startup = Startup.demo();
    /** The start's file, read since {@link #launch}; null where the application was started otherwise. */
    private static volatile io.focalscope.session.DatasetPrefetch reading;
    /** Why the start's file did not open, while no file has opened since: the launch's answer. */
    private static volatile String startRefusal;
    /** Counted down once JavaFX's toolkit has started: {@link #init} is called after it. */
    private static final java.util.concurrent.CountDownLatch toolkitStarted = new java.util.concurrent.CountDownLatch(1);
    private InspectorViewModel vm;
    private MainView view;

    /**
     * Opens the window and returns when it is closed: with why the start's file did not open, where
     * no file opened after it (the command then fails, as it would have without a window).
     */
    public static java.util.Optional<String> launch(Startup what) {
        startup = what;
        reading = prefetch(what); // while the toolkit starts
        io.focalscope.loss.engines.WarmUp.startPlainInBackground(what.engine()); // the code the file is computed by
        RendererSettings.apply();
        try {
            Application.launch(FocalscopeApp.class);
            return java.util.Optional.ofNullable(startRefusal);
        } catch (RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            if (!(m.contains("DISPLAY") || m.contains("glass") || m.contains("GTK"))) {
                throw e;
            }
            // JavaFX could not reach the display or its toolkit (no X server, no GTK 3): a user's problem to fix
            throw new io.focalscope.io.InputException("cannot open the window: " + e.getMessage()
                    + " (a display and GTK 3 are needed; 'focalscope compute' works without)", e);
        }
    }

    @Override
    public void init() {
        toolkitStarted.countDown();
    }

    @Override
    public void start(Stage stage) {
        AppPreferences prefs = new AppPreferences();
        // before the first control is made, whose class would otherwise load JavaFX's own stylesheet first
        io.focalscope.ui.settings.Theme.applyRemembered(prefs);
        vm = new InspectorViewModel(startup.engine());
        // the menus, the map and the status bar first, the side columns once the map is drawn
        view = new MainView(vm, stage, prefs, MainView.Columns.LATER);
        Scene scene = new Scene(view);
        stage.setScene(scene);
        // a start whose file failed has its columns already (MainView.showError): its next file's map is not a start's
        Pulses.whenLaidOut(scene, () -> view.showsMap() || view.hasColumns(), () -> {
            if (!view.hasColumns()) {
                report("first map drawn"); // a first look at a large file, or its evaluation's map
            }
        });
        // after the evaluation's map, not a first look's: the warm-up and the columns would slow the evaluation
        Pulses.whenLaidOut(scene, () -> view.showsEvaluatedMap() || view.hasColumns(), () -> {
            // the start's file was computed by plain float code; the vector kernel is warmed for the next ones
            vm.warmUpEngine();
            if (view.hasColumns()) {
                return;
            }
            report("whole map drawn"); // after a first look, or at once
            // three pulses on: columns made inside the map's pulse held the map off the screen until
            // they were styled, 1.6-1.8 s later
            Pulses.after(3, () -> {
                view.buildColumns();
                Pulses.whenLaidOut(scene, view::showsOneEvaluation, () -> windowComplete(stage));
            });
        });
        WindowLayout.place(stage, prefs);
        stage.setTitle("focalscope");
        vm.startRefusalProperty().addListener((o, was, why) -> {
            startRefusal = why;
            if (why != null) {
                System.err.println("focalscope: " + why); // a terminal or a script is told too, not only the window
                report("start refused");
                if (quitsWhenStarted()) {
                    stage.close(); // a script timing starts learns of the failure by the exit status
                }
            }
        });
        Startup s = startup;
        if (s.settings() != null) {
            vm.useSettings(s.settings());
        }
        if (s.layer() != null) {
            vm.map.layer.set(s.layer());
        }
        // read since the launch: the worker evaluates it while the window shows
        io.focalscope.session.DatasetPrefetch read = reading != null ? reading : prefetch(s);
        reading = null;
        vm.openAtStart(read.what(), read::dataset, recentFiles(s));
        stage.show();
        // with the columns, which they show in: made at once, they kept the window blank for 3 s
        if (s.dataset() != null) {
            vm.datasets.openHardestWhenScanned(); // the inspector shows the dataset's hardest image, not the demo
            vm.datasets.withCalibration.set(s.calibration());
            view.whenColumnsMade(() -> view.openDataset(s.dataset()));
        }
        if (s.training() != null) {
            vm.training.openLowestWhenDone(); // the inspector shows the image training learnt least, not the demo
            view.whenColumnsMade(() -> view.openTraining(s.training()));
        }
    }

    /**
     * The start's files as File ▸ Open recent reopens them, absolute; none for the demo, and none
     * where a recent entry would open something else: it reopens as files dropped together do
     * (channels-first, an archive's default arrays, logits and labels from the first archive), so
     * not channels-last logits, an archive's array named ({@code run.npz:scores}) or two archives.
     */
    static List<String> recentFiles(Startup s) {
        if (s.logits() == null || s.labels() == null || s.layout() != io.focalscope.io.LogitsLayout.CHANNELS_FIRST) {
            return List.of();
        }
        io.focalscope.io.ArrayFiles.Spec logits = io.focalscope.io.ArrayFiles.Spec.parse(s.logits());
        io.focalscope.io.ArrayFiles.Spec labels = io.focalscope.io.ArrayFiles.Spec.parse(s.labels());
        Path logitsFile = absolute(logits.file());
        Path labelsFile = absolute(labels.file());
        boolean archive = logitsFile.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".npz")
                || labelsFile.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".npz");
        if (logits.arrayName() != null || labels.arrayName() != null || archive && !logitsFile.equals(labelsFile)) {
            return List.of();
        }
        return new io.focalscope.session.DroppedFiles(logitsFile.toString(), labelsFile.toString(),
                s.image() == null ? null : absolute(s.image()), s.classes() == null ? null : absolute(s.classes())).files();
    }

    private static Path absolute(Path p) {
        return p.toAbsolutePath().normalize();
    }

    /** Starts reading the file the window opens on, or the demo. */
    private static io.focalscope.session.DatasetPrefetch prefetch(Startup s) {
        // then the colour key's first painting, on the first map's path after the pane has its size; not
        // before GTK has started: Java2D's first use opens the X display, and beside GTK's own start it
        // hung both, the window never shown, in 2 of about 45 starts of the demo
        Runnable keyWarmUp = () -> {
            try {
                if (toolkitStarted.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
                    io.focalscope.render.ColorbarPainter.warmUp();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        if (s.logits() == null) {
            return io.focalscope.session.DatasetPrefetch.start("the demo", io.focalscope.session.DatasetLoader::demo, keyWarmUp);
        }
        return io.focalscope.session.DatasetPrefetch.start(s.logits(),
                () -> io.focalscope.session.DatasetLoader.load(s.logits(), s.labels(), s.layout(), s.image(), s.classes()), keyWarmUp);
    }

    /**
     * What the first pulse that shows the whole window (the map, and the side columns with the
     * summary and charts of its evaluation) does:
     * <ul>
     * <li>with {@code -Dfocalscope.startupTime=true} (or {@code =exit}) prints to stderr how long after the
     *     JVM started the first map was drawn (a first look at a large file), the whole file's, and then
     *     the whole window (docs/performance.md); with
     *     {@code exit} then closes the window, as Quit does, so that a script can time starts (a start whose
     *     file is refused closes it too, and the command ends with exit status 1);</li>
     * <li>with {@code -Dfocalscope.windowShown=FILE} (the launcher's) creates FILE: the window opened, so the
     *     classes this run loaded are worth keeping in the class-data archive.</li>
     * </ul>
     */
    private static void windowComplete(Stage stage) {
        report("window complete");
        String shown = System.getProperty("focalscope.windowShown");
        if (shown != null) {
            try {
                java.nio.file.Files.writeString(java.nio.file.Path.of(shown), "");
            } catch (java.io.IOException | RuntimeException e) {
                // no archive this time: the window works as it is
            }
        }
        if (quitsWhenStarted()) {
            stage.close();
        }
    }

    /** With {@code -Dfocalscope.startupTime=exit} a start ends the run, whole or refused. */
    private static boolean quitsWhenStarted() {
        return System.getProperty("focalscope.startupTime", "").equals("exit");
    }

    /** With {@code -Dfocalscope.startupTime}, prints that this happened so long after the JVM started. */
    private static void report(String what) {
        String startup = System.getProperty("focalscope.startupTime", "");
        if (startup.equals("true") || startup.equals("exit")) {
            System.err.printf(java.util.Locale.ROOT, "focalscope: %s %d ms after the JVM started%n", what,
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        }
    }

    @Override
    public void stop() {
        if (view != null) {
            view.savePreferences();
        }
        if (vm != null) {
            vm.close();
        }
    }
}
