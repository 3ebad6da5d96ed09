package io.focalscope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Counts in the singular for one, as a new user found "1 images" and "1 bins" in the output. */
class PluralTest {

    @Test
    void oneIsSingularAndTheRestPlural() {
        assertEquals("1 image", Plural.of(1, "image"));
        assertEquals("0 images", Plural.of(0, "image"));
        assertEquals("12,000 pixels", Plural.of(12_000, "pixel"));
        assertEquals("2 classes", Plural.of(2, "class", "classes"));
    }
}
