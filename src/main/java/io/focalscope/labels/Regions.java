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

    private static List<Region> all(PixelConfidence c, boolean[] flagged, float[] loss) {
        int h = c.height();
        int w = c.width();
        int hw = h * w;
        boolean[] seen = new boolean[flagged.length];
        int[] stack = new int[flagged.length];
        List<Region> out = new ArrayList<>();
        for (int start = 0; start < flagged.length; start++) {
            if (!flagged[start] || seen[start]) {
                continue;
            }
            int given = c.label()[start];
            int predicted = c.predicted()[start];
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
                self += c.selfConfidence()[p];
                sum += loss == null ? 0 : loss[p];
                y0 = Math.min(y0, y);
                x0 = Math.min(x0, x);
                y1 = Math.max(y1, y);
                x1 = Math.max(x1, x);
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int ny = y + dy;
                        int nx = x + dx;
                        if ((dy != 0 || dx != 0) && ny >= 0 && ny < h && nx >= 0 && nx < w) {
                            int q = sample * hw + ny * w + nx;
                            if (flagged[q] && !seen[q] && c.label()[q] == given && c.predicted()[q] == predicted) {
                                seen[q] = true;
                                stack[top++] = q;
                            }
                        }
                    }
                }
            }
            out.add(new Region(sample, given, predicted, pixels, new int[] {y0, x0, y1, x1}, self / pixels, sum));
        }
        return out;
    }
}
