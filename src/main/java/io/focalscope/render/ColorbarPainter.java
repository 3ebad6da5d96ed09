package io.focalscope.render;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Draws the key beside a map: for value layers a colorbar with ticks, unit, under/over ends and
 * the colours of ignored and non-finite pixels; for class layers the class colours. The window and
 * the PNG export both use it, so an exported view looks as the window showed it.
 */
public final class ColorbarPainter {

    public static final int WIDTH = 132;

    private ColorbarPainter() {
    }

    /**
     * Paints text and a bar as a key does, into an image then dropped: the first key of a process
     * took 60-250 ms more than the next ones (Java2D loading its fonts and loops), at the start on
     * the first map's path. The window's start runs this on its reading thread, beside the toolkit's start.
     */
    public static void warmUp() {
        BufferedImage img = new BufferedImage(WIDTH, 64, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            prepare(g, 64, false);
            String text = "Focal loss, log scale nats γ₂ = 2 (1 − p_t)^γ 1.0e-04 ≤ 0.001 ignored not finite";
            wrap(g, text, WIDTH - 8).forEach(line -> g.drawString(line, 4, 12));
            for (int y = 16; y < 64; y++) {
                g.setColor(new Color(0x10000 * (y * 4) + 0x2040));
                g.fillRect(4, y, 16, 1);
            }
        } finally {
            g.dispose();
        }
    }

    /** The key as an image of {@link #WIDTH} x {@code height}, on a light or dark background. */
    public static BufferedImage paint(MapData d, ViewState v, Range range, int height, boolean dark) {
        return paint(d, v, range, height, dark, KeyScope.OWN);
    }

    /** @param scope what else the key serves: the map at a second γ, or a library's loss on one colour scale */
    public static BufferedImage paint(MapData d, ViewState v, Range range, int height, boolean dark, KeyScope scope) {
        BufferedImage img = new BufferedImage(WIDTH, Math.max(1, height), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            Color ink = prepare(g, height, dark);
            int below = header(g, d, v, scope);
            if (v.layer().isCategorical()) {
                paintClasses(g, d, v, below, height, ink);
            } else {
                paintBar(g, v, range, below, height, ink);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** A key's canvas: antialiased text, its background filled, the ink and font set; returns the ink. */
    private static Color prepare(Graphics2D g, int height, boolean dark) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(dark ? new Color(0x1e1f24) : new Color(0xf6f8fa));
        g.fillRect(0, 0, WIDTH, height);
        Color ink = dark ? new Color(0xe6e6e6) : new Color(0x24292f);
        g.setColor(ink);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        return ink;
    }

    /**
     * The layer's title (wrapped onto a second line where it is long), the scale and unit for a value
     * layer, and what the map was computed with (γ, form, weights, sample), so that an exported
     * view says what it shows. Returns the baseline below it.
     */
    private static int header(Graphics2D g, MapData d, ViewState v, KeyScope scope) {
        List<String> text = headerLines(d, v, scope);
        List<String> lines = new java.util.ArrayList<>(wrap(g, text.get(0), WIDTH - 10));
        lines.addAll(text.subList(1, text.size()));
        int y = 14;
        for (String line : lines) {
            drawFitted(g, line, 6, y, WIDTH - 10);
            y += 13;
        }
        return y - 13;
    }

    /** The bar's least height: room for three ticks 40 px apart, so that their labels never overlap. */
    public static final int MIN_BAR = 120;
    /** Below the header: the gap over the bar, and the room under it for its end triangle. */
    private static final int ABOVE_BAR = 9;
    private static final int BELOW_BAR = 14;
    /** The value legend under the bar: four entries, and a fifth where classes are hidden. */
    private static final int LEGEND = 74;
    private static final int LEGEND_WITH_HIDDEN = 89;
    /** A class key's rows, and the most a small picture is made high for (the rest are "+ N more"). */
    private static final int CLASS_ROW = 14;
    private static final int CLASS_ROWS_KEPT = 12;

    /**
     * The least height at which the key shows whole for this view: its header (a long title on two
     * lines), the bar at {@link #MIN_BAR} and the four entries of its legend, or a class key's first
     * {@value #CLASS_ROWS_KEPT} classes; a picture of a small map is made this high (the map at its
     * top) rather than the key cut.
     */
    public static int minimumHeight(MapData d, ViewState v) {
        int header = 14 + 13 * headerLines(d, v, KeyScope.OWN).size(); // the title's second line included
        if (v.layer().isCategorical()) {
            return header + 16 + flagLines(v.layer()) + CLASS_ROW * Math.min(d.classes().size(), CLASS_ROWS_KEPT) + 50;
        }
        return header + ABOVE_BAR + MIN_BAR + (v.hiddenClasses().isEmpty() ? LEGEND : LEGEND_WITH_HIDDEN) + BELOW_BAR;
    }

    /** The room a layer that flags pixels takes above the classes to say how it draws them. */
    private static int flagLines(MapLayer layer) {
        return switch (layer) {
            case LABEL_ISSUES -> 32;
            case CONFIDENT_WRONG, HARD_STABLE -> 46;
            default -> 0;
        };
    }

    /** The header's lines, before the title is wrapped: what the key's map shows and was computed with. */
    static List<String> headerLines(MapData d, ViewState v, KeyScope scope) {
        String title = scope.library() == null ? v.layer().title() : v.layer().title() + ", ours and " + scope.library() + "'s";
        List<String> lines = new java.util.ArrayList<>(List.of(title));
        if (!v.layer().isCategorical()) {
            // the unit on a line of its own: beside the scale, "mean p_t" and "fraction of epochs" were cut to "mean …"
            lines.add(v.scale() + " scale");
            if (!v.layer().unit().isEmpty()) {
                lines.add(v.layer().unit());
            }
        }
        if (!(d.result().term() instanceof io.focalscope.loss.LossTerm.Focal)) {
            // focal loss, the default, goes without saying; another term is named with what it takes
            io.focalscope.loss.LossTerm t = d.result().term();
            lines.add(t.title() + (t.parametersText().isEmpty() ? "" : ", " + t.parametersText()));
        }
        lines.add(gammas(d, v, scope.secondGamma()));
        // sigmoid has one form; its α says what weighs the targets
        lines.add((d.result().activation() == io.focalscope.loss.Activation.SIGMOID
                ? "sigmoid, α " + (d.result().alpha() == null ? "none" : d.result().alpha()) : v.form().toString())
                + ", " + d.result().reduction());
        lines.add("weights " + d.result().weightScheme());
        if (d.samples() > 1) {
            lines.add("sample " + v.sample() + " of 0.." + (d.samples() - 1));
        }
        return lines;
    }

    private static String gammas(MapData d, ViewState v, boolean bothGammas) {
        if (!d.result().term().variesGamma()) {
            return d.result().term().gammaText("γ");
        }
        String symbol = d.result().term() instanceof io.focalscope.loss.LossTerm.Asl ? "γ- " : "γ ";
        String first = Ticks.label(d.result().gamma());
        if (d.second() == null) {
            return symbol + first;
        }
        String second = Ticks.label(d.second().gamma());
        return v.layer() == MapLayer.GAMMA_CHANGE ? "γ " + first + " → γ₂ " + second
                : bothGammas ? "γ " + first + " | γ₂ " + second : "γ " + first;
    }

    /** The text on one line, or on two, broken at the last space that lets the first fit. */
    private static List<String> wrap(Graphics2D g, String text, int maxWidth) {
        FontMetrics fm = g.getFontMetrics();
        if (fm.stringWidth(text) <= maxWidth) {
            return List.of(text);
        }
        for (int cut = text.lastIndexOf(' '); cut > 0; cut = text.lastIndexOf(' ', cut - 1)) {
            if (fm.stringWidth(text.substring(0, cut)) <= maxWidth) {
                return List.of(text.substring(0, cut), text.substring(cut + 1));
            }
        }
        return List.of(text);
    }

    private static void paintBar(Graphics2D g, ViewState v, Range range, int below, int height, Color ink) {
        FontMetrics fm = g.getFontMetrics();
        int top = below + ABOVE_BAR;
        boolean hidden = !v.hiddenClasses().isEmpty();
        int legend = hidden ? LEGEND_WITH_HIDDEN : LEGEND;
        int barX = 14;
        int barW = 16;
        int barH = Math.max(20, height - top - legend - BELOW_BAR);
        for (int yy = 0; yy < barH; yy++) {
            double t = 1 - yy / (double) (barH - 1);
            g.setColor(new Color(v.colormap().color(t)));
            g.drawLine(barX, top + yy, barX + barW, top + yy);
        }
        // over and under ends as small triangles, as matplotlib's extend='both'
        g.setColor(new Color(v.colormap().overColor()));
        g.fillPolygon(new int[] {barX, barX + barW, barX + barW / 2}, new int[] {top - 1, top - 1, top - 8}, 3);
        g.setColor(new Color(v.colormap().underColor()));
        int bottom = top + barH;
        g.fillPolygon(new int[] {barX, barX + barW, barX + barW / 2}, new int[] {bottom, bottom, bottom + 7}, 3);
        g.setColor(ink);
        g.drawRect(barX, top, barW, barH - 1);
        List<Double> ticks = Ticks.distinctLabels(Ticks.of(range.lo(), range.hi(), v.scale(), Math.max(2, barH / 70)));
        for (double tick : ticks) {
            double t = v.scale().position(tick, range.lo(), range.hi());
            int y = top + (int) Math.round((1 - t) * (barH - 1));
            g.drawLine(barX + barW, y, barX + barW + 4, y);
            g.drawString(Ticks.label(tick), barX + barW + 7, y + fm.getAscent() / 2 - 1);
        }
        int ly = bottom + 16;
        for (Swatch s : valueLegend(v, range)) {
            swatch(g, 6, ly, s.argb(), ink, s.text());
            ly += 15;
        }
        if (hidden) {
            hiddenSwatch(g, 6, ly, ink, v.hiddenClasses().size());
        }
    }

    /** A colour of the key and what it means. */
    record Swatch(int argb, String text) {
    }

    /**
     * What a value layer's key names below the bar: the colours of values over and under the
     * range (with its ends), of ignored pixels and of pixels with no finite value.
     */
    static List<Swatch> valueLegend(ViewState v, Range range) {
        return List.of(new Swatch(v.colormap().overColor(), "over " + Ticks.label(range.hi())),
                new Swatch(v.colormap().underColor(), "under " + Ticks.label(range.lo())),
                new Swatch(MapRenderer.IGNORED_LIGHT, "ignored"), new Swatch(MapRenderer.NON_FINITE, "not finite"));
    }

    /** Pixels of hidden classes show the picture under the map, or nothing: an empty swatch. */
    private static void hiddenSwatch(Graphics2D g, int x, int y, Color ink, int classes) {
        g.setColor(ink);
        g.drawRect(x, y - 9, 10, 10);
        g.drawLine(x, y + 1, x + 10, y - 9);
        drawFitted(g, classes + (classes == 1 ? " class hidden" : " classes hidden"), x + 15, y, WIDTH - x - 19);
    }

    private static void paintClasses(Graphics2D g, MapData d, ViewState v, int below, int height, Color ink) {
        int y = below + 16;
        if (v.layer() == MapLayer.ERROR) {
            swatch(g, 6, y, MapRenderer.ERROR, ink, "prediction ≠ label");
            swatch(g, 6, y + 15, MapRenderer.CORRECT, ink, "prediction = label");
            swatch(g, 6, y + 30, MapRenderer.IGNORED_LIGHT, ink, "ignored");
            swatch(g, 6, y + 45, MapRenderer.NON_FINITE, ink, "not finite");
            return;
        }
        if (v.layer() == MapLayer.LABEL_ISSUES) {
            // the flags take the predicted class's colour, the rest its label's faded: the classes' key below serves both
            drawFitted(g, d.issues() == null ? "not searched yet" : "flagged: predicted", 6, y, WIDTH - 10);
            drawFitted(g, "others: label, faded", 6, y + 14, WIDTH - 10);
            y += flagLines(v.layer());
        }
        if (v.layer() == MapLayer.CONFIDENT_WRONG) {
            drawFitted(g, d.confidence() == null ? "no confidence (softmax only)"
                    : "max p > " + Ticks.label(v.confidentThreshold()) + " and", 6, y, WIDTH - 10);
            drawFitted(g, "wrong: predicted", 6, y + 14, WIDTH - 10);
            drawFitted(g, "others: label, faded", 6, y + 28, WIDTH - 10);
            y += flagLines(v.layer());
        }
        if (v.layer() == MapLayer.HARD_STABLE) {
            drawFitted(g, d.dataMaps() == null ? "no data maps yet" : "hard and stable:", 6, y, WIDTH - 10);
            drawFitted(g, d.dataMaps() == null ? "labels, faded" : "predicted", 6, y + 14, WIDTH - 10);
            drawFitted(g, d.dataMaps() == null ? "" : "others: label, faded", 6, y + 28, WIDTH - 10);
            y += flagLines(v.layer());
        }
        int rows = (height - y - 20 - (v.hiddenClasses().isEmpty() ? 0 : CLASS_ROW)) / CLASS_ROW;
        int shown = 0;
        for (int c = 0; c < d.classes().size() && shown < rows; c++) {
            if (!v.hiddenClasses().contains(c)) {
                swatch(g, 6, y + 14 * shown++, 0xff000000 | d.classes().color(c), ink, classLabel(d.classes(), c));
            }
        }
        int left = d.classes().size() - v.hiddenClasses().size() - shown;
        if (left > 0) {
            g.drawString("+ " + left + " more", 6, y + 14 * shown + 10);
        }
        swatch(g, 6, height - 30, MapRenderer.IGNORED_LIGHT, ink, "ignored");
        swatch(g, 6, height - 16, MapRenderer.NON_FINITE, ink, "not finite");
        if (!v.hiddenClasses().isEmpty()) {
            hiddenSwatch(g, 6, height - 44, ink, v.hiddenClasses().size());
        }
    }

    private static void swatch(Graphics2D g, int x, int y, int argb, Color ink, String text) {
        g.setColor(new Color(argb));
        g.fillRect(x, y - 9, 10, 10);
        g.setColor(ink);
        g.drawRect(x, y - 9, 10, 10);
        drawFitted(g, text, x + 15, y, WIDTH - x - 19);
    }

    /** A class's line in the key: its number and name, or its number once where that is its name ("0", not "0 0"). */
    static String classLabel(io.focalscope.classes.ClassSet classes, int c) {
        String name = classes.name(c);
        return name.equals(String.valueOf(c)) ? name : c + " " + name;
    }

    private static void drawFitted(Graphics2D g, String text, int x, int y, int maxWidth) {
        FontMetrics fm = g.getFontMetrics();
        String s = text;
        while (s.length() > 1 && fm.stringWidth(s) > maxWidth) {
            s = s.substring(0, s.length() - 2) + "…";
        }
        g.drawString(s, x, y);
    }
}
