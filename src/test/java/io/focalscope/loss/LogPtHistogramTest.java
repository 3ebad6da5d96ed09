package io.focalscope.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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

    @Test
    void theOctaveBinsRunFrom2ToTheMinus40UpTo2ToThe24InSixtyFourthsOfAnOctave() {
        assertEquals(0, LogPtHistogram.bin(0f));
        assertEquals(0, LogPtHistogram.bin(Math.nextDown(0x1p-40f)));
        assertEquals(1, LogPtHistogram.bin(0x1p-40f));
        assertEquals(LogPtHistogram.BINS - 2, LogPtHistogram.bin(Math.nextDown(0x1p24f)));
        assertEquals(LogPtHistogram.BINS - 1, LogPtHistogram.bin(0x1p24f));
        assertEquals(1 + 40 * 64, LogPtHistogram.bin(1f));
        assertEquals(1 + 40 * 64, LogPtHistogram.bin(Math.nextDown(1f + 0x1p-6f)));
        assertEquals(2 + 40 * 64, LogPtHistogram.bin(1f + 0x1p-6f));
    }

    @Test
    void eachClassCountsItsOwnPixels() {
        LogPtHistogram h = new LogPtHistogram(3);
        h.add(1, 0.5f);
        h.add(1, 2f);
        h.add(2, 0.5f);
        assertEquals(0, h.count(0));
        assertEquals(2, h.count(1));
        assertEquals(1, h.count(2));
        assertEquals(2.5, h.termSum(1, ElementTerm.CROSS_ENTROPY, 1), 1e-12);
        assertEquals(0.5 * 3, h.termSum(2, ElementTerm.CROSS_ENTROPY, 3), 1e-12);
    }

    @Test
    void histogramsOfTwoPartsAddUpToTheHistogramOfTheWhole() {
        java.util.Random random = new java.util.Random(7);
        LogPtHistogram whole = new LogPtHistogram(2);
        LogPtHistogram first = new LogPtHistogram(2);
        LogPtHistogram second = new LogPtHistogram(2);
        for (int i = 0; i < 1000; i++) {
            int c = random.nextInt(2);
            float u = (float) Math.pow(10, -6 + 8 * random.nextDouble());
            whole.add(c, u);
            (i % 3 == 0 ? first : second).add(c, u);
        }
        first.add(second);
        for (int c = 0; c < 2; c++) {
            assertEquals(whole.count(c), first.count(c));
            assertEquals(whole.termSum(c, ElementTerm.focal(2), 1), first.termSum(c, ElementTerm.focal(2), 1),
                    1e-12 * whole.termSum(c, ElementTerm.focal(2), 1));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> first.add(new LogPtHistogram(3)));
        assertEquals("histograms of 2 and 3 classes", e.getMessage());
    }

    /** Only a term with no γ, no shift and no floor is cross-entropy, summed from the bins' sums of u. */
    @Test
    void anUnmodulatedTermThatShiftsOrFloorsIsNotSummedAsCrossEntropy() {
        ElementTerm shifted = new ElementTerm(0, 0, 0, 0.05, 0, 0);
        ElementTerm floored = new ElementTerm(0, 0, 0, 0, 0, 1e-8);
        LogPtHistogram h = new LogPtHistogram(1);
        double shiftedExact = 0;
        double flooredExact = 0;
        for (float u : new float[] {0.01f, 0.3f, 2f, 25f, 40f}) {
            h.add(0, u);
            shiftedExact += -Math.log(Math.min(Math.exp(-u) + 0.05, 1));
            flooredExact += Math.min(u, -Math.log(1e-8));
        }
        // Σ u is 67.3: -log(p + 0.05) is at most -log 0.05 = 3.0, -log max(p, 1e-8) at most 18.4
        assertEquals(shiftedExact, h.termSum(0, shifted, 1), 1e-9 * shiftedExact);
        assertEquals(flooredExact, h.termSum(0, floored, 1), 1e-9 * flooredExact);
    }
}
