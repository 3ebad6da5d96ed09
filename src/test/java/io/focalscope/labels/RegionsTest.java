package io.focalscope.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegionsTest {

    /** Regions whose losses and sizes often tie (few distinct values), so that the later keys decide. */
    private static List<Region> regions(long seed, int count) {
        Random r = new Random(seed);
        List<Region> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int y = r.nextInt(40);
            int x = r.nextInt(40);
            double loss = r.nextInt(8) == 0 ? Double.NaN : r.nextInt(6) * 0.5;
            out.add(new Region(r.nextInt(2), r.nextInt(3), r.nextInt(3), 1 + r.nextInt(4), new int[] {y, x, y + 1, x + 1}, 0.1, loss));
        }
        // -0 and 0, which Double.compare orders
        out.add(new Region(0, 0, 1, 2, new int[] {0, 0, 0, 1}, 0.1, -0.0));
        out.add(new Region(0, 0, 1, 2, new int[] {0, 2, 0, 3}, 0.1, 0.0));
        return out;
    }

    /** The same regions (the same objects) in the same order as sorting them all; with NaN losses first, as Double.compare has them. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 50, 399, 402, 1000})
    void theCostliestAreTheFirstOfTheWholeOrder(int keep) {
        for (long seed = 1; seed <= 20; seed++) {
            List<Region> all = regions(seed, 400);
            List<Region> sorted = new ArrayList<>(all);
            sorted.sort(Regions.ORDER);
            List<Region> want = sorted.subList(0, Math.min(keep, sorted.size()));
            assertEquals(want, Regions.costliest(new ArrayList<>(all), keep), "seed " + seed + ", keep " + keep);
        }
    }

    /**
     * The regions of random flags on a batch of 2 against an independent union-find of the 8-connected
     * pixels sharing (given, predicted): dense flags reach every border and corner, and no region
     * crosses from one sample into the next.
     */
    @Test
    void regionsAreTheComponentsOfAUnionFind() {
        for (long seed = 1; seed <= 40; seed++) {
            Random r = new Random(seed);
            int n = 2;
            int h = 1 + r.nextInt(9);
            int w = 1 + r.nextInt(9);
            int pixels = n * h * w;
            int[] label = new int[pixels];
            int[] predicted = new int[pixels];
            double[] self = new double[pixels];
            boolean[] flagged = new boolean[pixels];
            float[] loss = new float[pixels];
            for (int p = 0; p < pixels; p++) {
                label[p] = r.nextInt(2);
                predicted[p] = 2 + r.nextInt(2);
                self[p] = r.nextDouble();
                flagged[p] = r.nextInt(4) != 0;
                loss[p] = flagged[p] ? r.nextInt(100) / 8f : 0;
            }
            PixelConfidence c = new PixelConfidence(label, self, predicted, new double[pixels], new double[pixels], 4, n, h, w);
            List<String> got = new ArrayList<>();
            for (Region g : Regions.of(c, flagged, loss, Integer.MAX_VALUE).first()) {
                got.add(describe(g.sample(), g.given(), g.predicted(), g.pixels(), g.box(), g.meanSelfConfidence(), g.loss()));
            }
            assertEquals(unionFind(c, flagged, loss), sorted(got), "seed " + seed + ", " + h + " x " + w);
        }
    }

    private static List<String> unionFind(PixelConfidence c, boolean[] flagged, float[] loss) {
        int h = c.height();
        int w = c.width();
        int[] parent = new int[flagged.length];
        Arrays.setAll(parent, p -> p);
        for (int p = 0; p < flagged.length; p++) {
            int y = p % (h * w) / w;
            int x = p % w;
            for (int q = 0; q < flagged.length; q++) {
                int qy = q % (h * w) / w;
                int qx = q % w;
                boolean near = p / (h * w) == q / (h * w) && Math.abs(qy - y) <= 1 && Math.abs(qx - x) <= 1;
                if (near && flagged[p] && flagged[q] && c.label()[p] == c.label()[q] && c.predicted()[p] == c.predicted()[q]) {
                    parent[root(parent, p)] = root(parent, q);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (int rootPixel = 0; rootPixel < flagged.length; rootPixel++) {
            if (!flagged[rootPixel] || root(parent, rootPixel) != rootPixel) {
                continue;
            }
            int[] box = {h, w, -1, -1};
            long count = 0;
            double self = 0;
            double sum = 0;
            for (int p = 0; p < flagged.length; p++) {
                if (flagged[p] && root(parent, p) == rootPixel) {
                    int y = p % (h * w) / w;
                    int x = p % w;
                    box = new int[] {Math.min(box[0], y), Math.min(box[1], x), Math.max(box[2], y), Math.max(box[3], x)};
                    count++;
                    self += c.selfConfidence()[p];
                    sum += loss[p];
                }
            }
            out.add(describe(rootPixel / (h * w), c.label()[rootPixel], c.predicted()[rootPixel], count, box, self / count, sum));
        }
        return sorted(out);
    }

    private static int root(int[] parent, int p) {
        while (parent[p] != p) {
            p = parent[p];
        }
        return p;
    }

    private static String describe(int sample, int given, int predicted, long pixels, int[] box, double meanSelf, double loss) {
        return String.format(java.util.Locale.ROOT, "sample %d %d->%d %d px box %s self %.9f loss %.6f", sample, given, predicted, pixels,
                Arrays.toString(box), meanSelf, loss);
    }

    private static List<String> sorted(List<String> list) {
        List<String> out = new ArrayList<>(list);
        out.sort(null);
        return out;
    }
}
