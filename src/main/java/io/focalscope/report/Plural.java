package io.focalscope.report;

import java.util.Locale;

/** A count and its noun, in the singular for one: "1 image", "3 images", "12,000 pixels". */
public final class Plural {

    private Plural() {
    }

    /** The count, grouped in thousands, and the noun; {@code plural} where it is not the singular plus "s". */
    public static String of(long n, String singular, String plural) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? singular : plural);
    }

    /** The same for a noun whose plural adds "s". */
    public static String of(long n, String singular) {
        return of(n, singular, singular + "s");
    }
}
