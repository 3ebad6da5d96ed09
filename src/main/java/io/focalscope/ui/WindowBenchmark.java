package io.focalscope.ui;

import io.focalscope.ui.inspector.InspectorViewModel;
import io.focalscope.ui.settings.AppPreferences;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * {@code focalscope bench --window}: the real window on given files, γ moved step by step as a
 * dragged slider moves it, each step timed from setting γ to the first pulse whose scene shows the
 * new map, summary and charts. A step is taken just after a pulse, so "on screen at the next 60 Hz
 * pulse" reads as about 16.7 ms. A probe thread measures how long the JavaFX thread stays busy in
 * one go while γ moves.
 */
public final class WindowBenchmark {

    /**
     * @param warmUpSteps untimed steps first (the JIT compiles the kernels and the drawing code)
     * @param tab         the chart tab shown while γ moves, or null for the window's own choice
     * @param settings    the loss settings the window opens with (the activation, the term), or null for its own
     */
    public record Options(int steps, int warmUpSteps, int windowWidth, int windowHeight, String engine, String tab,
                          io.focalscope.loss.LossSettings settings) {
        public Options(int steps, int warmUpSteps, int windowWidth, int windowHeight, String engine, String tab) {
            this(steps, warmUpSteps, windowWidth, windowHeight, engine, tab, null);
        }
    }

    /** Milliseconds, and the process's peak resident memory. */
    public record Figures(double openMs, double gammaFrameMsP50, double gammaFrameMsP95, double gammaFrameMsMax,
                          double longestPulseMs, int steps, String backend) {
    }

    /** How long one step may take before the benchmark gives up on it. */
    private static final long STEP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Options options;
    private final String logits;
    private final String labels;
    private final CompletableFuture<Figures> done = new CompletableFuture<>();
    private InspectorViewModel vm;
    private MainView view;
    private Stage stage;
    private long openStart;
    private double openMs = Double.NaN;
    private int step = -1;
    private double stepGamma = Double.NaN;
    private long stepStart;
    private final List<Double> frameMs = new ArrayList<>();
    private final BusyProbe probe = new BusyProbe();


    private WindowBenchmark(Options options, Path logits, Path labels) {
        this.options = options;
        this.logits = logits.toString();
        this.labels = labels.toString();
    }

    /** Opens the window on the files, moves γ, closes the window and returns the figures. */
    public static Figures run(Options options, Path logits, Path labels) throws InterruptedException {
        io.focalscope.loss.engines.WarmUp.startPlainInBackground(options.engine()); // as the app does at its launch
        boolean started = startToolkit();
        WindowBenchmark bench = new WindowBenchmark(options, logits, labels);
        try {
            Platform.runLater(bench::open);
            return bench.done.get(10, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("bench --window: no result after 10 minutes");
        } finally {
            bench.probe.stop();
            CountDownLatch closed = new CountDownLatch(1);
            Platform.runLater(() -> {
                bench.close();
                closed.countDown();
            });
            closed.await(30, TimeUnit.SECONDS);
            if (started) {
                Platform.exit();
            }
        }
    }

    /** Starts JavaFX unless it runs already (as under TestFX); returns whether this call started it. */
    private static boolean startToolkit() throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(1);
        RendererSettings.apply();
        try {
            Platform.startup(ready::countDown);
        } catch (IllegalStateException alreadyRunning) {
            return false;
        }
        ready.await();
        Platform.setImplicitExit(false);
        return true;
    }

    private void open() {
        try {
            stage = new Stage();
            vm = new InspectorViewModel(options.engine());
            view = new MainView(vm, stage, new AppPreferences());
            Scene scene = new Scene(view, options.windowWidth(), options.windowHeight());
            scene.addPostLayoutPulseListener(this::pulse);

            stage.setScene(scene);
            stage.setTitle("focalscope bench --window");
            stage.show();
            if (options.tab() != null) {
                view.charts.select(options.tab());
            }
            if (options.settings() != null) {
                vm.useSettings(options.settings());
            }
            openStart = System.nanoTime();
            vm.open(logits, labels, null, null);
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    /** After each pulse's layout: the open, then each step, is done once the scene shows it. */
    private void pulse() {
        if (done.isDone()) {
            return;
        }
        long now = System.nanoTime();
        if (Double.isNaN(openMs)) {
            if (view.showsGamma(vm.loss.gamma.get())) {
                openMs = (now - openStart) / 1e6;
                vm.warmUpEngine(); // as the app does after its first map
                view.controls.gammaSlider.setValueChanging(true);
                Platform.runLater(this::nextStep);
            }
            return;
        }
        if (step < 0 || Double.isNaN(stepGamma)) {
            return;
        }
        if (view.showsGamma(stepGamma)) {
            if (step >= options.warmUpSteps()) {
                frameMs.add((now - stepStart) / 1e6);
            }
            stepGamma = Double.NaN;
            Platform.runLater(this::nextStep); // right after this pulse, as a mouse event would come
        } else if (now - stepStart > STEP_TIMEOUT_NANOS) {
            done.completeExceptionally(new IllegalStateException("bench --window: γ = " + stepGamma + " was not shown within 30 s"));
        }
    }

    private void nextStep() {
        step++;
        if (step == options.warmUpSteps()) {
            probe.start();
        }
        if (step == options.warmUpSteps() + options.steps()) {
            probe.stop();
            view.controls.gammaSlider.setValueChanging(false);
            done.complete(figures());
            return;
        }
        stepGamma = gammaAt(step);
        stepStart = System.nanoTime();
        view.controls.gammaSlider.setValue(stepGamma);
    }

    /** A slow drag back and forth between γ = 0.5 and 4.5 in steps of 0.05, starting at 2. */
    static double gammaAt(int step) {
        int period = 160;
        int k = (step + 30) % period;
        int up = k <= period / 2 ? k : period - k;
        return Math.round((0.5 + up * 0.05) * 100) / 100.0;
    }

    private Figures figures() {
        double[] ms = frameMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Figures(openMs, percentile(ms, 0.50), percentile(ms, 0.95), ms.length == 0 ? Double.NaN : ms[ms.length - 1],
                probe.longestMs(), ms.length, vm.engineDescription());
    }

    /** The nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private void close() {
        if (vm != null) {
            vm.close();
        }
        if (stage != null) {
            stage.close();
        }
        if (!done.isDone()) {
            done.completeExceptionally(new IllegalStateException("bench --window: the window closed"));
        }
    }

    /**
     * Posts a probe to the JavaFX thread as soon as the last one ran and records how long each
     * waited: the longest wait is the longest time the thread was busy in one go (to about 1 ms).
     */
    private static final class BusyProbe {
        private final AtomicLong longestNanos = new AtomicLong();
        private volatile boolean running;
        private Thread thread;

        void start() {
            running = true;
            thread = new Thread(() -> {
                while (running) {
                    CountDownLatch ran = new CountDownLatch(1);
                    long posted = System.nanoTime();
                    Platform.runLater(() -> {
                        longestNanos.accumulateAndGet(System.nanoTime() - posted, Math::max);
                        ran.countDown();
                    });
                    try {
                        ran.await();
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "focalscope-bench-probe");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running = false;
        }

        double longestMs() {
            return longestNanos.get() / 1e6;
        }
    }
}
