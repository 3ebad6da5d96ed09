package io.focalscope.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The binning against torchmetrics' own docstring values (binary_calibration_error and
 * multiclass_calibration_error, norms l1, l2 and max), and the edges: [lo, hi), a confidence of
 * exactly 1 in the last bin.
 */
class ReliabilityTest {

    @Test
    void binaryDocstringOfTorchmetrics() {
        double[] preds = {0.25, 0.25, 0.55, 0.75, 0.75};
        int[] target = {0, 0, 1, 1, 1};
        Reliability r = new Reliability(2);
        for (int i = 0; i < preds.length; i++) {
            r.add(preds[i], target[i]); // binary: the confidence is P(y = 1), the outcome the target
        }
        assertEquals(0.2900, r.ece(), 5e-5);
        assertEquals(0.2918, r.rmsCalibrationError(), 5e-5);
        assertEquals(0.3167, r.mce(), 5e-5);
    }

    @Test
    void multiclassDocstringOfTorchmetrics() {
        double[][] preds = {{0.25, 0.20, 0.55}, {0.55, 0.05, 0.40}, {0.10, 0.30, 0.60}, {0.90, 0.05, 0.05}};
        int[] target = {0, 1, 2, 0};
        Reliability r = new Reliability(3);
        for (int i = 0; i < preds.length; i++) {
            int arg = 0;
            for (int c = 1; c < 3; c++) {
                arg = preds[i][c] > preds[i][arg] ? c : arg;
            }
            r.add(preds[i][arg], arg == target[i] ? 1 : 0);
        }
        assertEquals(0.2000, r.ece(), 5e-5);
        assertEquals(0.2082, r.rmsCalibrationError(), 5e-5);
        assertEquals(0.2333, r.mce(), 5e-5);
    }

    @Test
    void aBinHoldsItsLowerEdgeAndTheLastHoldsOne() {
        Reliability r = new Reliability(15);
        r.add(1.0, 1);
        r.add(14.0 / 15, 1);
        r.add(Math.nextDown(14.0 / 15), 0);
        assertEquals(2, r.rows().get(14).count());
        assertEquals(1, r.rows().get(13).count());
        assertEquals(3, r.pixels());
    }

    @Test
    void theAdaptiveGroupsShareTiedConfidences() {
        // four pixels of equal confidence 0.75, two right: two groups of two, each 0.5 accurate by sharing
        ConfidenceHistogram h = new ConfidenceHistogram();
        for (int i = 0; i < 4; i++) {
            h.add(0.75, 0.25, i < 2 ? 1 : 0);
        }
        assertEquals(0.25, h.adaptiveEce(2), 1e-15);
    }

    @Test
    void theAdaptiveGroupsTellSmallProbabilitiesApart() {
        // a sigmoid's negatives sit just above 0: 3000 elements with P from 1e-6 to 3e-3, the positives
        // all in one of 15 equal groups (the others' gaps the other way): shared over wide buckets, they
        // would spill into its neighbours and change the sum; against the exact sort
        int n = 3000;
        double[] c = new double[n];
        double[] hit = new double[n];
        ConfidenceHistogram h = new ConfidenceHistogram();
        for (int i = 0; i < n; i++) {
            c[i] = 1e-6 * (i + 1);
            hit[i] = i >= 2650 && i < 2750 ? 1 : 0;
            h.add(c[i], 1 - c[i], hit[i]);
        }
        double exact = 0;
        for (int g = 0; g < 15; g++) {
            int lo = g * n / 15;
            int hi = (g + 1) * n / 15;
            double conf = 0;
            double right = 0;
            for (int i = lo; i < hi; i++) {
                conf += c[i];
                right += hit[i];
            }
            exact += Math.abs(right - conf) / n;
        }
        assertEquals(exact, h.adaptiveEce(15), 1e-6);
    }

    @Test
    void keptKeysMakeACutBucketExact() {
        // 100 pixels within one bucket (c from 0.7110 up by 1e-7), the lower 30 right: two groups of 50.
        // Exact: group 1 is 30 right of 50, group 2 none right; shared in proportion each would get 15.
        ConfidenceHistogram h = new ConfidenceHistogram();
        ConfidenceKeys keys = new ConfidenceKeys(100);
        double[] c = new double[100];
        for (int i = 0; i < 100; i++) {
            c[i] = 0.7110 + 1e-7 * i;
            int p = (i * 37) % 100; // kept in another order than the confidences'
            h.add(c[i], 1 - c[i], i < 30 ? 1 : 0);
            keys.put(p, c[i], 1 - c[i], i < 30);
        }
        assertEquals(ConfidenceHistogram.bucketOf(c[0], 1 - c[0]), ConfidenceHistogram.bucketOf(c[99], 1 - c[99]));
        double low = 0;
        double high = 0;
        for (int i = 0; i < 50; i++) {
            low += c[i];
            high += c[50 + i];
        }
        double exact = (Math.abs(30 - low) + Math.abs(0 - high)) / 100;
        assertEquals(exact, h.adaptiveEce(2, keys), 1e-12);
        assertEquals((Math.abs(15 - low) + Math.abs(15 - high)) / 100, h.adaptiveEce(2), 1e-12);
    }

    @Test
    void keptKeysShareTiedConfidencesAsTheHistogramDoes() {
        ConfidenceHistogram h = new ConfidenceHistogram();
        ConfidenceKeys keys = new ConfidenceKeys(4);
        for (int i = 0; i < 4; i++) {
            h.add(0.75, 0.25, i < 2 ? 1 : 0);
            keys.put(i, 0.75, 0.25, i < 2);
        }
        assertEquals(0.25, h.adaptiveEce(2, keys), 1e-15);
    }

    @Test
    void aKeyFallsInItsPixelsBucket() {
        double[] cs = {0, 1e-13, 0.3, Math.nextDown(0.5), 0.5, 0.75, 1 - 1e-9, 1 - 1e-13, 1};
        for (double c : cs) {
            double q = 1 - c;
            ConfidenceKeys keys = new ConfidenceKeys(1);
            keys.put(0, c, q, true);
            // the pixel kept is found in the bucket the histogram puts it in, and nowhere else
            int[] slot = new int[ConfidenceHistogram.BUCKETS];
            java.util.Arrays.fill(slot, -1);
            slot[ConfidenceHistogram.bucketOf(c, q)] = 0;
            ConfidenceKeys.Sorted[] found = keys.sorted(slot, new int[] {1});
            assertTrue(found != null, "c " + c + " kept in its bucket");
            assertEquals(c, found[0].confidence(1), 1e-15, "c " + c);
            assertEquals(1, found[0].hits(1), "c " + c);
        }
    }

    @Test
    void keysOfOtherPixelsLeaveTheShareInProportion() {
        // keys that do not number the histogram's pixels (not the same pass) are not used
        ConfidenceHistogram h = new ConfidenceHistogram();
        ConfidenceKeys keys = new ConfidenceKeys(3);
        for (int i = 0; i < 4; i++) {
            h.add(0.75 + 1e-9 * i, 0.25 - 1e-9 * i, i < 2 ? 1 : 0);
        }
        for (int i = 0; i < 3; i++) {
            keys.put(i, 0.75 + 1e-9 * i, 0.25 - 1e-9 * i, true);
        }
        assertEquals(h.adaptiveEce(2), h.adaptiveEce(2, keys), 0);
    }

    @Test
    void bucketsFollowTheConfidenceAcrossTheMiddle() {
        int below = ConfidenceHistogram.bucketOf(Math.nextDown(0.5), 1 - Math.nextDown(0.5));
        int half = ConfidenceHistogram.bucketOf(0.5, 0.5);
        int above = ConfidenceHistogram.bucketOf(0.75, 0.25);
        int nearOne = ConfidenceHistogram.bucketOf(1 - 1e-9, 1e-9);
        int one = ConfidenceHistogram.bucketOf(1, 0);
        assertEquals(0, ConfidenceHistogram.bucketOf(0, 1));
        org.junit.jupiter.api.Assertions.assertTrue(0 < below && below < half && half < above && above < nearOne && nearOne < one,
                below + " " + half + " " + above + " " + nearOne + " " + one);
        assertEquals(ConfidenceHistogram.BUCKETS - 1, one);
    }
}
