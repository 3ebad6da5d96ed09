package io.focalscope.ui.training;

import io.focalscope.labels.Region;
import io.focalscope.render.MapData;

/**
 * How much of a label-issue region training never learnt: the share of its pixels that stay hard and
 * stable over the epochs. A region is the flagged pixels of its box that share its given and
 * predicted class (boxes of two regions of one pair may overlap; then both count the shared pixels).
 */
public final class RegionHardShare {

    /** The flags and data maps the kept shares were worked out with (a new search or another image brings others). */
    private boolean[] issuesOf;
    private io.focalscope.dynamics.DataMaps mapsOf;
    private final java.util.Map<Region, Double> shares = new java.util.IdentityHashMap<>();

    /**
     * The share of a region, worked out once per region and search (a table cell asks again whenever
     * it is laid out, and a region's box can hold many pixels); null as {@link #of}.
     */
    public Double shareOf(MapData data, Region r) {
        if (data == null || data.dataMaps() == null || data.issues() == null) {
            return null;
        }
        if (data.issues() != issuesOf || data.dataMaps() != mapsOf) {
            shares.clear();
            issuesOf = data.issues();
            mapsOf = data.dataMaps();
        }
        return shares.computeIfAbsent(r, region -> of(data, region));
    }

    /** Whether two map data have other flags or data maps, so that the shares shown may change. */
    public static boolean changed(MapData was, MapData now) {
        return was == null || now == null || was.issues() != now.issues() || was.dataMaps() != now.dataMaps();
    }

    /** The share from 0 to 1, or null where the map has no data maps or the region no pixel. */
    public static Double of(MapData data, Region r) {
        if (data == null || data.dataMaps() == null || data.issues() == null) {
            return null;
        }
        int[] b = r.box();
        int w = data.width();
        int offset = r.sample() * data.pixelsPerSample();
        int[] predicted = data.result().maps().predicted();
        long pixels = 0;
        long hard = 0;
        for (int y = b[0]; y <= b[2]; y++) {
            for (int x = b[1]; x <= b[3]; x++) {
                int p = offset + y * w + x;
                if (data.isFlagged(p) && data.labels()[p] == r.given() && predicted[p] == r.predicted()) {
                    pixels++;
                    if (data.isHardStable(p)) {
                        hard++;
                    }
                }
            }
        }
        return pixels == 0 ? null : (double) hard / pixels;
    }
}
