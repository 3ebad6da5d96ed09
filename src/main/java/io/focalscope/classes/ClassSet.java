package io.focalscope.classes;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Names and colours (0xRRGGBB) of the classes, by class id. */
public record ClassSet(String title, List<String> names, List<Integer> colors) {

    public ClassSet {
        names = List.copyOf(names);
        colors = List.copyOf(colors);
        if (names.size() != colors.size()) {
            throw new IllegalArgumentException(names.size() + " names but " + colors.size() + " colours");
        }
    }

    private static final String NUMBERED = "numbered";

    /** Classes "0", "1", ... in well-separated generated colours. */
    public static ClassSet numbered(int classes) {
        return new ClassSet(NUMBERED, List.of(), List.of()).fitted(classes);
    }

    /**
     * These classes where they are as many as {@code classes}, else numbered ones: another file's
     * names and colours never stand for a dataset's classes (the demo's Cityscapes colours on a
     * 5-class dataset, which its images then showed in other colours).
     */
    public ClassSet orNumbered(int classes) {
        return size() == classes ? this : numbered(classes);
    }

    /** Whether these classes only have numbers, no class file or preset having named them. */
    public boolean isNumbered() {
        return title.equals(NUMBERED);
    }

    public int size() {
        return names.size();
    }

    public String name(int c) {
        return c >= 0 && c < names.size() ? names.get(c) : "class " + c;
    }

    public int color(int c) {
        return c >= 0 && c < colors.size() ? colors.get(c) : generatedColor(c);
    }

    /** This set cut or extended (with numbered classes) to exactly {@code classes} entries. */
    public ClassSet fitted(int classes) {
        List<String> n = new ArrayList<>();
        List<Integer> c = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            n.add(k < names.size() ? names.get(k) : String.valueOf(k));
            c.add(k < colors.size() ? colors.get(k) : generatedColor(k));
        }
        return new ClassSet(title, n, c);
    }

    /**
     * Where this set names fewer classes than the logits have, the warning that {@link #fitted}
     * numbers the rest: {@code classes.json: names 3 classes, the logits have 19: classes 3..18 are
     * numbered}; empty where it names enough.
     *
     * @param source the class file, for the message
     */
    public Optional<String> shortfall(String source, int classes) {
        int named = size();
        if (named >= classes) {
            return Optional.empty();
        }
        String numbered = classes - named == 1 ? "class " + named + " is numbered"
                : "classes " + named + ".." + (classes - 1) + " are numbered";
        return Optional.of(source + ": names " + named + (named == 1 ? " class" : " classes") + ", the logits have "
                + classes + ": " + numbered);
    }

    /** Hues a golden angle apart, so neighbouring ids never look alike. */
    static int generatedColor(int k) {
        float hue = (float) ((k * 0.618033988749895) % 1.0);
        float saturation = 0.55f + 0.35f * ((k * 7) % 3) / 2f;
        float brightness = 0.65f + 0.3f * ((k * 5) % 4) / 3f;
        return java.awt.Color.HSBtoRGB(hue, saturation, brightness) & 0xffffff;
    }
}
