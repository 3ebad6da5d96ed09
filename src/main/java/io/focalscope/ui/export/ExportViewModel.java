package io.focalscope.ui.export;

import io.focalscope.classes.ClassSet;
import io.focalscope.io.InputException;
import io.focalscope.io.NpyWriter;
import io.focalscope.loss.LossResult;
import io.focalscope.render.Frame;
import io.focalscope.render.MapData;
import io.focalscope.render.MapRenderer;
import io.focalscope.render.PaneGeometry;
import io.focalscope.render.Ticks;
import io.focalscope.render.ViewImage;
import io.focalscope.render.ViewState;
import io.focalscope.report.ClassFiguresCsv;
import io.focalscope.report.ResultJson;
import io.focalscope.session.Dataset;
import io.focalscope.ui.evaluation.Evaluation;
import io.focalscope.ui.map.FrameRequest;
import io.focalscope.ui.map.MapViewModel;
import io.focalscope.ui.map.Viewport;
import io.focalscope.ui.task.BackgroundTask;
import io.focalscope.ui.task.TaskExecutor;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The exports: the view as PNG, the shown layer as {@code .npy}, the class figures as CSV and the
 * summary as JSON, each written on the worker from results that no longer change, with a file name
 * that says what it holds and a notice that says where it went.
 */
public final class ExportViewModel {

    private final TaskExecutor executor;
    private final Supplier<Dataset> dataset;
    private final Supplier<Evaluation> evaluation;
    /** An evaluation's exact result (a preview's evaluated again), on the worker. */
    private final Function<Evaluation, LossResult> exact;
    private final MapViewModel map;
    private final Consumer<String> errors;
    private final Consumer<String> notices;

    public ExportViewModel(TaskExecutor executor, Supplier<Dataset> dataset, Supplier<Evaluation> evaluation,
                    Function<Evaluation, LossResult> exact, MapViewModel map,
                    Consumer<String> errors, Consumer<String> notices) {
        this.executor = executor;
        this.dataset = dataset;
        this.evaluation = evaluation;
        this.exact = exact;
        this.map = map;
        this.errors = errors;
        this.notices = notices;
    }

    /**
     * A file name for an export: the data's name, the shown layer (for a map or view), γ and, in a
     * batch, the sample, such as {@code demo_focal_gamma2.png}.
     */
    public String exportName(boolean withLayer, String extension) {
        return exportName(withLayer, "", extension);
    }

    /** The same with what sets the export apart from another of the same map, such as {@code _1to1}: demo_focal_gamma2_1to1.png. */
    public String exportName(boolean withLayer, String what, String extension) {
        Dataset d = dataset.get();
        String stem = d == null ? "focalscope" : d.title().split("[ (+]")[0].replaceAll("\\.(npz|npy|png)$", "")
                .replaceAll("[^A-Za-z0-9._-]", "_");
        ViewState v = map.viewStateBinding().get();
        Evaluation e = evaluation.get();
        double gamma = e == null ? 2 : e.result().gamma();
        return (stem.isEmpty() ? "focalscope" : stem) + (withLayer ? "_" + v.layer().id() : "")
                + "_gamma" + Ticks.label(gamma)
                + (d != null && d.batch().samples() > 1 ? "_sample" + v.sample() : "") + what + "." + extension;
    }

    /** The primary pane as shown, map and key, without the empty margin around a fitted map. */
    public void exportView(Path file) {
        FrameRequest.Frames shown = map.framesProperty().get();
        if (shown == null) {
            return;
        }
        Frame f = shown.primary();
        PaneGeometry g = f.geometry();
        int[] area = Viewport.mapArea(g, f.data().width(), f.data().height());
        double x = g.originX() + area[0] / g.zoom();
        double y = g.originY() + area[1] / g.zoom();
        Evaluation e = evaluation.get();
        export(file, () -> {
            BufferedImage image = ViewImage.compose(exactData(f.data(), e), f.view(), g.zoom(), x, y, area[2], area[3], g.dark());
            ViewImage.writePng(image, file);
        });
    }

    /** The shown map whole at 1:1 (one image pixel per map pixel), on the shown colours and range, with its key. */
    public void exportWholeMap(Path file) {
        FrameRequest.Frames shown = map.framesProperty().get();
        if (shown == null) {
            return;
        }
        Frame f = shown.primary();
        Evaluation e = evaluation.get();
        export(file, () -> ViewImage.writePng(ViewImage.compose(exactData(f.data(), e), f.view(), 1, 0, 0, f.data().width(),
                f.data().height(), f.geometry().dark()), file));
    }

    /** The shown layer of every sample, float32 [N, H, W]. */
    public void exportMap(Path file) {
        MapData d = map.dataProperty().get();
        if (d == null) {
            return;
        }
        ViewState v = map.viewStateBinding().get();
        Evaluation e = evaluation.get();
        export(file, () -> {
            MapData exactData = exactData(d, e);
            int n = d.pixelsPerSample();
            float[] all = new float[d.samples() * n];
            for (int s = 0; s < d.samples(); s++) {
                System.arraycopy(MapRenderer.values(exactData, v.withSample(s)), 0, all, s * n, n);
            }
            NpyWriter.writeFloat32(file, new int[] {d.samples(), d.height(), d.width()}, all);
        });
    }

    public void exportClassFigures(Path file) {
        Evaluation e = evaluation.get();
        ClassSet names = map.classes.get();
        if (e != null) {
            export(file, () -> writeText(file, ClassFiguresCsv.format(exact.apply(e), names)));
        }
    }

    public void exportSummary(Path file) {
        Evaluation e = evaluation.get();
        if (e != null) {
            export(file, () -> writeText(file, ResultJson.format(exact.apply(e))));
        }
    }

    /**
     * The map data to export: as shown, or where it shows a preview (γ was moving), the same with the
     * exact evaluation in its place, so that no file holds a preview's figures. Runs on the worker.
     */
    private MapData exactData(MapData d, Evaluation e) {
        if (e == null || d.result().maps().ramp() == null || e.result() != d.result()) {
            return d;
        }
        return new MapData(exact.apply(e), d.second(), d.labels(), d.image(), d.classes(), d.issues(), d.confidence(), d.dataMaps());
    }

    /** Writes on the worker; a failure comes back as the writer's message, success as a notice. */
    private void export(Path file, Runnable write) {
        executor.execute(BackgroundTask.running(write)
                .onSuccess(v -> notices.accept("Saved " + file))
                .onFailure(e -> errors.accept(e instanceof InputException ? e.getMessage() : "Could not write " + file + ": " + e)));
    }

    /** Through a temporary file moved into place, as every output: a stopped write leaves the old file whole. */
    private static void writeText(Path file, String text) {
        io.focalscope.io.OutputFiles.writeText(file, text);
    }
}
