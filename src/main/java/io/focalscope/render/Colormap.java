package io.focalscope.render;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Matplotlib's colormaps as 256-entry tables (exported by tools/export_colormaps.py), with the
 * colours this app draws for values under and over the chosen range.
 */
public enum Colormap {
    VIRIDIS("viridis", 0x2040ff, 0xff2020),
    INFERNO("inferno", 0x2040ff, 0x20ff60),
    MAGMA("magma", 0x2040ff, 0x20ff60),
    TURBO("turbo", 0x000000, 0xffffff),
    GRAY("gray", 0x2040ff, 0xff2020),
    /** Diverging: blue below the middle, red above; the γ₂ / γ₁ layer's, with "no change" at its centre. */
    RDBU_R("RdBu_r", 0x000000, 0x20ff60);

    private final String id;
    private final int under;
    private final int over;
    private volatile int[] table;

    Colormap(String id, int under, int over) {
        this.id = id;
        this.under = under;
        this.over = over;
    }

    public String id() {
        return id;
    }

    /** Opaque ARGB of the colour at position t in [0, 1]. */
    public int color(double t) {
        int[] lut = table();
        int i = (int) Math.round(Math.max(0, Math.min(1, t)) * 255);
        return lut[i];
    }

    /** The 256 opaque ARGB entries. */
    public int[] table() {
        int[] t = table;
        if (t == null) {
            t = load(id.toLowerCase(java.util.Locale.ROOT));
            table = t;
        }
        return t;
    }

    public int underColor() {
        return 0xff000000 | under;
    }

    public int overColor() {
        return 0xff000000 | over;
    }

    public static Colormap parse(String text) {
        for (Colormap c : values()) {
            if (c.id.equalsIgnoreCase(text)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown colormap '" + text + "': expected viridis, inferno, magma, turbo, gray or RdBu_r");
    }

    @Override
    public String toString() {
        return id;
    }

    private static int[] load(String id) {
        int[] lut = new int[256];
        try (InputStream in = Colormap.class.getResourceAsStream(id + ".txt");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            int i = 0;
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    lut[i++] = 0xff000000 | Integer.parseInt(line.trim(), 16);
                }
            }
            if (i != 256) {
                throw new IllegalStateException("colormap " + id + " has " + i + " entries");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lut;
    }
}
