package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.focalscope.io.InputException;
import org.junit.jupiter.api.Test;

/** The ignore index and α as users write them, in a file or a field: a value, or "none". */
class LossSettingsParseTest {

    @Test
    void anIgnoreIndexIsAnIntegerOrNone() {
        assertEquals(255, LossSettings.parseIgnoreIndex(" 255 ", "ignore index"));
        assertEquals(-1, LossSettings.parseIgnoreIndex("-1", "ignore index"));
        assertNull(LossSettings.parseIgnoreIndex("None", "ignore index"));
        InputException e = assertThrows(InputException.class, () -> LossSettings.parseIgnoreIndex("2.5", "--ignore-index"));
        assertEquals("--ignore-index: expected an integer or 'none', got '2.5'", e.getMessage());
    }

    @Test
    void alphaIsANumberOrNone() {
        assertEquals(0.25, LossSettings.parseAlpha("0.25 ", "alpha"));
        assertNull(LossSettings.parseAlpha(" NONE", "alpha"));
        InputException e = assertThrows(InputException.class, () -> LossSettings.parseAlpha("quarter", "--alpha"));
        assertEquals("--alpha: expected a number in [0, 1] or 'none', got 'quarter'", e.getMessage());
    }

    @Test
    void withGammaAndWithoutAsWrittenChangeOnlyThat() {
        LossSettings s = new LossSettings(2, new WeightScheme.Enet(1.1), 255, Reduction.MEAN, true);
        LossSettings g = s.withGamma(3.5);
        assertEquals(3.5, g.term().gamma());
        assertEquals(s.withTerm(g.term()), g);
        LossSettings plain = s.withoutAsWritten();
        assertEquals(false, plain.asWritten());
        assertEquals(new LossSettings(2, new WeightScheme.Enet(1.1), 255, Reduction.MEAN, false), plain);
    }
}
