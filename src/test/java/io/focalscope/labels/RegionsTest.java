package io.focalscope.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
}
