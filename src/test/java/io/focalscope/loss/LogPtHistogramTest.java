package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The loss at any γ from the histogram of -log p_t, against the exact sum over the pixels. */
class LogPtHistogramTest {

    @Property(tries = 60)
    void theLossAtAnyGammaIsWithinOneInAThousandOfTheExactSum(@ForAll @IntRange(min = 1, max = 100_000) int seed,
                                                             @ForAll @DoubleRange(min = 0, max = 5) double gamma) {
        java.util.Random random = new java.util.Random(seed);
        LogPtHistogram h = new LogPtHistogram(3);
        double[] exact = new double[3];
        for (int i = 0; i < 20_000; i++) {
            int c = random.nextInt(3);
            // u = -log p_t over 14 decades, from confident pixels (1e-9) to confidently wrong ones (1e5)
            float u = (float) Math.pow(10, -9 + 14 * random.nextDouble());
            h.add(c, u);
            exact[c] += u * Math.pow(-Math.expm1(-(double) u), gamma);
        }
        for (int c = 0; c < 3; c++) {
            assertEquals(exact[c], h.termSum(c, ElementTerm.focal(gamma), 1), 1e-3 * exact[c], "class " + c + " at γ " + gamma);
        }
    }

    @Test
    void atGammaZeroTheSumIsExactAndZeroLossesCount() {
        LogPtHistogram h = new LogPtHistogram(1);
        h.add(0, 0f);
        h.add(0, 1e-30f);
        h.add(0, 0.75f);
        h.add(0, 3e7f);
        assertEquals(4, h.count(0));
        assertEquals(0.75 + 3e7 + 1e-30, h.termSum(0, ElementTerm.focal(0), 1), 1e-9);
        // u = 3e7 lies above the last octave: its loss there is u itself
        assertEquals(3e7 + 0.75 * Math.pow(-Math.expm1(-0.75), 2), h.termSum(0, ElementTerm.focal(2), 1), 1e-6);
    }
}
