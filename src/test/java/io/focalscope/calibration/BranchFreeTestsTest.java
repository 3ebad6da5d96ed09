package io.focalscope.calibration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The tests the pass makes without a branch (so that its compiled code is not sent back to the
 * interpreter mid-pass) give what their definitions say, at their edges.
 */
class BranchFreeTestsTest {

    @Test
    void theFineHistogramsBucketsFromEachEnd() {
        assertEquals(0, ConfidenceHistogram.fromEnd(0));
        assertEquals(0, ConfidenceHistogram.fromEnd(Double.MIN_VALUE));
        assertEquals(0, ConfidenceHistogram.fromEnd(Math.nextDown(0x1p-40)));
        assertEquals(1, ConfidenceHistogram.fromEnd(0x1p-40));
        assertEquals(2, ConfidenceHistogram.fromEnd(0x1p-40 * (1 + 0x1p-10)));
        assertEquals(1 + 1024, ConfidenceHistogram.fromEnd(0x1p-39));
        assertEquals(39 * 1024, ConfidenceHistogram.fromEnd(Math.nextDown(0.5))); // the last bucket of the octave below 1/2
        assertEquals(1 + 39 * 1024, ConfidenceHistogram.fromEnd(0.5));
        assertEquals(40 * 1024, ConfidenceHistogram.fromEnd(Math.nextDown(1.0))); // q a rounding over 1/2: the last bucket
        assertEquals(40 * 1024, ConfidenceHistogram.fromEnd(3.0));
    }

    @Test
    void reliabilityBinsClampAtBothEnds() {
        assertEquals(0, Reliability.binOf(0, 15));
        assertEquals(0, Reliability.binOf(-1e-9, 15));
        assertEquals(1, Reliability.binOf(1.0 / 15, 15));
        assertEquals(14, Reliability.binOf(Math.nextDown(1.0), 15));
        assertEquals(14, Reliability.binOf(1.0, 15)); // c = 1 falls into the last bin
    }

    @Test
    void theIgnoreIndexAsArithmetic() {
        IgnoreTest at255 = new IgnoreTest(255);
        assertEquals(1, at255.ignored(255));
        assertEquals(0, at255.ignored(254));
        assertEquals(0, at255.ignored(0));
        assertEquals(0, at255.ignored(255 | Integer.MIN_VALUE));
        IgnoreTest atZero = new IgnoreTest(0);
        assertEquals(1, atZero.ignored(0));
        assertEquals(0, atZero.ignored(Integer.MIN_VALUE));
        IgnoreTest atMinusOne = new IgnoreTest(-1);
        assertEquals(1, atMinusOne.ignored(-1));
        assertEquals(0, atMinusOne.ignored(Integer.MAX_VALUE));
        IgnoreTest none = new IgnoreTest(null);
        assertEquals(0, none.ignored(0));
        assertEquals(0, none.ignored(255));
    }

    @Test
    void theLabelledPlacesOfATile() {
        int[] labels = {7, 7, 255, 3, 255, 0, 1, 255};
        int[] places = new int[8];
        int n = new IgnoreTest(255).labelled(labels, 2, 5, places); // the pixels 2..6
        assertEquals(3, n);
        assertArrayEquals(new int[]{1, 3, 4}, Arrays.copyOf(places, n));
        assertEquals(5, new IgnoreTest(null).labelled(labels, 2, 5, places));
    }
}
