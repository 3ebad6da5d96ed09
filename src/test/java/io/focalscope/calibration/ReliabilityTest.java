package io.focalscope.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
            h.add(0.25, 0.75, i < 2 ? 1 : 0);
        }
        assertEquals(0.25, h.adaptiveEce(2), 1e-15);
    }
}
