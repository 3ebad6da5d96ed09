package io.focalscope.labels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** The 8-connected regions of an image's flagged pixels, one per (given, predicted) pair that touches. */
final class Regions {

    private Regions() {
    }

    /** How many regions an image has, and the costliest of them in order. */
    record Costliest(int count, List<Region> first) {
    }

    /** The order of the report: the region carrying most loss first, then the largest, then by position. */
    static final Comparator<Region> ORDER = Comparator.comparingDouble(Region::loss).reversed()
            .thenComparing(Comparator.comparingLong(Region::pixels).reversed())
            .thenComparingInt(Region::sample).thenComparingInt(Region::top).thenComparingInt(Region::left);

    /**
     * @param flagged  per pixel of {@code [N, H, W]}
     * @param loss     each pixel's focal loss, or null (every region's loss 0)
     * @param keep     how many of the costliest to return, in {@link #ORDER}
     */
    static Costliest of(PixelConfidence c, boolean[] flagged, float[] loss, int keep) {
        List<Region> all = all(c, flagged, loss);
        return new Costliest(all.size(), costliest(all, keep));
    }

    /**
     * The first {@code keep} of the regions in {@link #ORDER}: only those whose loss is at least the
     * keep-th largest are sorted. Sorting all of them (15,000 an image of a noisy network, most of
     * them single pixels) through the comparator took 15 to 90 ms an image here. The keep-th largest
     * comes from a heap of the largest so far, not from sorting every loss: that sort's compiling
     * alone took 0.17 s of the JIT's time in a 2.2 s run of 12 images.
     */
    static List<Region> costliest(List<Region> all, int keep) {
        if (keep == 0) {
            return List.of();
        }
        List<Region> candidates = all;
        if (all.size() > keep) {
            PriorityQueue<Double> largest = new PriorityQueue<>(keep); // Double's order is Double.compare's, as ORDER's
            for (Region r : all) {
                if (largest.size() < keep) {
                    largest.add(r.loss());
                } else if (Double.compare(r.loss(), largest.peek()) > 0) {
                    largest.poll();
                    largest.add(r.loss());
                }
            }
            double least = largest.peek();
            candidates = new ArrayList<>();
            for (Region r : all) {
                if (Double.compare(r.loss(), least) >= 0) {
                    candidates.add(r);
                }
            }
        }
        candidates.sort(ORDER);
        return candidates.subList(0, Math.min(keep, candidates.size()));
    }

    /** Every region, in the order of their first pixels. */
    private static List<Region> all(PixelConfidence c, boolean[] flagged, float[] loss) {
        Growth growth = new Growth(c, flagged, loss);
        List<Region> out = new ArrayList<>();
        for (int start = 0; start < flagged.length; start++) {
            if (flagged[start] && !growth.seen[start]) {
                out.add(growth.from(start));
            }
        }
        return out;
    }

    /**
     * Grows one region at a call: a method the JIT compiles whole after a few hundred regions, where
     * one loop over the image compiled mid-loop, and again at each border and loop exit its first
     * compiling had not met (five compilings, 0.2 s of the JIT's time in a 2 s run of 12 images).
     */
    private static final class Growth {
        private final boolean[] flagged;
        private final boolean[] seen;
        private final int[] stack;
        private final int[] label;
        private final int[] predicted;
        private final double[] selfConfidence;
        private final float[] loss;
        private final int h;
        private final int w;

        Growth(PixelConfidence c, boolean[] flagged, float[] loss) {
            this.flagged = flagged;
            this.loss = loss;
            seen = new boolean[flagged.length];
            stack = new int[flagged.length];
            label = c.label();
            predicted = c.predicted();
            selfConfidence = c.selfConfidence();
            h = c.height();
            w = c.width();
        }

        Region from(int start) {
            int hw = h * w;
            int given = label[start];
            int guess = predicted[start];
            int sample = start / hw;
            int y0 = h;
            int x0 = w;
            int y1 = -1;
            int x1 = -1;
            long pixels = 0;
            double self = 0;
            double sum = 0;
            int top = 0;
            stack[top++] = start;
            seen[start] = true;
            while (top > 0) {
                int p = stack[--top];
                int y = p % hw / w;
                int x = p % w;
                pixels++;
                self += selfConfidence[p];
                sum += loss == null ? 0 : loss[p];
                y0 = Math.min(y0, y);
                x0 = Math.min(x0, x);
                y1 = Math.max(y1, y);
                x1 = Math.max(x1, x);
                // the 8 neighbours, each coordinate held inside the image: at a border that gives the
                // pixel itself or a neighbour met in the same order anyway (both seen by then), with
                // no test of the border
                for (int dy = -1; dy <= 1; dy++) {
                    int row = sample * hw + Math.min(Math.max(y + dy, 0), h - 1) * w;
                    for (int dx = -1; dx <= 1; dx++) {
                        int q = row + Math.min(Math.max(x + dx, 0), w - 1);
                        if (flagged[q] && !seen[q] && label[q] == given && predicted[q] == guess) {
                            seen[q] = true;
                            stack[top++] = q;
                        }
                    }
                }
            }
            return new Region(sample, given, guess, pixels, new int[] {y0, x0, y1, x1}, self / pixels, sum);
        }
    }
}
