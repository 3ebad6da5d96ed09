package io.focalscope.dynamics;

import io.focalscope.dataset.Parallel;
import io.focalscope.dataset.ScanFailure;
import io.focalscope.dataset.Threads;
import io.focalscope.io.FloatArrays;
import io.focalscope.io.InputException;
import io.focalscope.loss.FocalLossEngine;
import io.focalscope.loss.LossSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The one route from every front end (the command line's {@code dynamics}, the window's Training
 * tab) to the engine for a training run: each image is followed through its epochs on its own
 * ({@link ImageDynamics}), several images at once, and only its trajectory is kept (its maps are
 * handed on and dropped), so memory holds about {@code threads} images' pixel histories whatever
 * the number of images or epochs. A file that cannot be read fails its image only.
 */
public final class DynamicsRun {

    /** Told after each epoch of each image. */
    public interface Progress {
        void epochDone(int done, int total);
    }

    /** What a run gathered: the images followed, in the run's order, and the failures. */
    public record Totals(List<ImageTrajectory> images, List<ScanFailure> failed) {
    }

    private DynamicsRun() {
    }

    /**
     * @param maps      given each image's trajectory with its maps as soon as it is done (on the
     *                  thread that did it), or null for no maps; it throws {@link RunAborted} to end the run
     * @param cancelled asked before each image; once true the run stops with a CancellationException
     */
    public static Totals run(EpochRun run, FocalLossEngine engine, LossSettings settings, HardThresholds thresholds, int threads,
                             Consumer<ImageTrajectory> maps, Progress progress, BooleanSupplier cancelled) {
        ImageDynamics.requireSoftmax(settings);
        Threads.useful(threads);
        List<TrackedImage> images = run.images();
        List<ImageTrajectory> done = new ArrayList<>();
        List<ScanFailure> failed = new ArrayList<>(run.failed());
        int total = images.size() * run.epochs().size();
        AtomicInteger epochs = new AtomicInteger();
        int workers = engine.id().equals("nd4j") ? 1 : threads;
        ThreadLocal<FloatArrays> arrays = ThreadLocal.withInitial(FloatArrays::reusing);
        Parallel.forEach(images.size(), workers, "focalscope-dynamics", index -> {
            if (cancelled.getAsBoolean()) {
                return;
            }
            TrackedImage image = images.get(index);
            try {
                ImageTrajectory t = ImageDynamics.of(index, image, engine, settings, thresholds, maps != null, arrays.get(),
                        () -> progress.epochDone(epochs.incrementAndGet(), total));
                if (maps != null) {
                    maps.accept(t);
                }
                synchronized (done) {
                    done.add(t.withoutMaps());
                }
            } catch (RunAborted e) {
                throw e;
            } catch (InputException e) {
                fail(failed, new ScanFailure(fileOf(image, e.getMessage()), e.getMessage()));
            } catch (CancellationException e) {
                throw e;
            } catch (RuntimeException e) {
                fail(failed, new ScanFailure(image.epochs().get(0).logits(), image.epochs().get(0).logits()
                        + ": internal error while following it: " + e));
            } catch (OutOfMemoryError e) {
                fail(failed, new ScanFailure(image.epochs().get(0).logits(), image.epochs().get(0).logits() + ": not enough memory to"
                        + " follow it beside the images followed at the same time; run with fewer --threads or raise FOCALSCOPE_HEAP"));
            }
        });
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("dynamics cancelled");
        }
        done.sort(Comparator.comparingInt(ImageTrajectory::index));
        failed.sort(Comparator.comparing(ScanFailure::file));
        return new Totals(List.copyOf(done), List.copyOf(failed));
    }

    private static void fail(List<ScanFailure> failed, ScanFailure f) {
        synchronized (failed) {
            failed.add(f);
        }
    }

    /** The file a message names, where it begins with one of the image's files; else its first logits. */
    public static String fileOf(TrackedImage image, String message) {
        for (var f : image.epochs()) {
            for (String file : List.of(f.logits(), f.labels())) {
                if (message.startsWith(file + ":")) {
                    return file;
                }
            }
        }
        return image.epochs().get(0).logits();
    }
}
