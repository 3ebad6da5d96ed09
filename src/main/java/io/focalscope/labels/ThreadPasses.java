package io.focalscope.labels;

import io.focalscope.dataset.ImageFiles;
import io.focalscope.dataset.Parallel;
import io.focalscope.dataset.ScanFailure;
import io.focalscope.io.InputException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A search's passes on this machine: a few images at once on threads, each read once ({@link Confidences}). */
final class ThreadPasses implements SearchPasses {

    private final List<ImageFiles> images;
    private final Confidences source;
    private final int threads;
    private final LabelIssueSearch.Progress progress;
    private final ScanFailure[] failures;
    private final boolean[] read;

    ThreadPasses(List<ImageFiles> images, Confidences source, int threads, LabelIssueSearch.Progress progress) {
        this.images = images;
        this.source = source;
        this.threads = threads;
        this.progress = progress;
        this.failures = new ScanFailure[images.size()];
        this.read = new boolean[images.size()];
    }

    @Override
    public <T extends Serializable> List<T> map(int pass, Step<T> step) {
        return run(pass, (i, searched, full) -> step.apply(i, searched), false);
    }

    @Override
    public <T extends Serializable> List<T> mapWithFull(int pass, FinalStep<T> step) {
        return run(pass, step, true);
    }

    /** @param full whether the step takes the pixels' own figures too (only pooled are they other figures) */
    private <T extends Serializable> List<T> run(int pass, FinalStep<T> step, boolean full) {
        List<T> out = new ArrayList<>(java.util.Collections.nCopies(images.size(), null));
        forEach(pass, i -> {
            PixelConfidence searched = figures(i);
            T t = step.apply(i, searched, full && source.pooled() ? source.full(i) : searched);
            synchronized (out) {
                out.set(i, t);
            }
        });
        return out;
    }

    @Override
    public long[] sum(int pass, int length, Count count) {
        long[] total = new long[length];
        forEach(pass, i -> {
            long[] mine = new long[length];
            count.addTo(mine, figures(i));
            synchronized (total) {
                Arrays.setAll(total, k -> total[k] + mine[k]);
            }
        });
        return total;
    }

    @Override
    public ScanFailure failure(int image) {
        return failures[image];
    }

    @Override
    public void fail(int image, ScanFailure why) {
        failures[image] = why;
        source.forget(image);
    }

    private PixelConfidence figures(int i) {
        boolean again = read[i];
        read[i] = true;
        return again ? source.again(i) : source.first(i);
    }

    private void forEach(int pass, java.util.function.IntConsumer work) {
        AtomicInteger done = new AtomicInteger();
        Parallel.forEach(images.size(), threads, "focalscope-label-issues", i -> {
            if (failures[i] == null) {
                try {
                    work.accept(i);
                } catch (SearchAborted e) {
                    throw e;
                } catch (InputException e) {
                    fail(i, ScanFailure.of(images.get(i), e.getMessage()));
                } catch (OutOfMemoryError e) {
                    fail(i, new ScanFailure(images.get(i).logits(), images.get(i).logits()
                            + ": not enough memory to read it beside the images read at the same time; use fewer --threads"
                            + " or raise FOCALSCOPE_HEAP"));
                }
            }
            progress.done(pass, done.incrementAndGet(), images.size());
        });
    }
}
