package io.focalscope.calibration;

import java.util.ArrayList;
import java.util.List;

/**
 * Confidences against outcomes in equal-width bins [b/B, (b+1)/B), a confidence of exactly 1 in the
 * last (torchmetrics puts it in a hidden extra slot, its issue #3510): per bin the count, the summed
 * confidence and the summed outcome (1 for a hit). Sums merge exactly, in any grouping, so a
 * dataset's bins are its images' added up.
 */
public final class Reliability implements java.io.Serializable {

    private final double[] count;
    private final double[] confidence;
    private final double[] hits;

    public Reliability(int bins) {
        count = new double[bins];
        confidence = new double[bins];
        hits = new double[bins];
    }

    /** One bin's figures; confidence and accuracy null where it is empty. */
    public record Bin(double lo, double hi, double count, Double confidence, Double accuracy) {
    }

    public int bins() {
        return count.length;
    }

    /** Branch-free (see {@link ConfidenceHistogram#fromEnd}): c = 1 falls into the last bin. */
    static int binOf(double c, int bins) {
        return Math.min(Math.max((int) (c * bins), 0), bins - 1);
    }

    /** @param hit 1 where the prediction is right (or the target is 1), else 0 */
    public void add(double c, double hit) {
        int b = binOf(c, count.length);
        count[b]++;
        confidence[b] += c;
        hits[b] += hit;
    }

    void addBin(int b, double n, double sumConfidence, double sumHits) {
        count[b] += n;
        confidence[b] += sumConfidence;
        hits[b] += sumHits;
    }

    public void merge(Reliability o) {
        for (int b = 0; b < count.length; b++) {
            addBin(b, o.count[b], o.confidence[b], o.hits[b]);
        }
    }

    public double pixels() {
        double n = 0;
        for (double c : count) {
            n += c;
        }
        return n;
    }

    /** Σ |accuracy - confidence| · n_b / n (torchmetrics' norm l1); NaN where empty. */
    public double ece() {
        double n = pixels();
        double sum = 0;
        for (int b = 0; b < count.length; b++) {
            sum += Math.abs(hits[b] - confidence[b]); // n_b |acc_b - conf_b|
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** sqrt(Σ (accuracy - confidence)² · n_b / n) (torchmetrics' norm l2). */
    public double rmsCalibrationError() {
        double n = pixels();
        double sum = 0;
        for (int b = 0; b < count.length; b++) {
            if (count[b] > 0) {
                double gap = (hits[b] - confidence[b]) / count[b];
                sum += gap * gap * count[b];
            }
        }
        return n == 0 ? Double.NaN : Math.sqrt(sum / n);
    }

    /** The largest |accuracy - confidence| over the non-empty bins (norm max). */
    public double mce() {
        double max = pixels() == 0 ? Double.NaN : 0;
        for (int b = 0; b < count.length; b++) {
            if (count[b] > 0) {
                max = Math.max(max, Math.abs(hits[b] - confidence[b]) / count[b]);
            }
        }
        return max;
    }

    /** Mean confidence and accuracy over every pixel. */
    public double meanConfidence() {
        return sum(confidence) / pixels();
    }

    public double accuracy() {
        return sum(hits) / pixels();
    }

    public List<Bin> rows() {
        List<Bin> rows = new ArrayList<>();
        int bins = count.length;
        for (int b = 0; b < bins; b++) {
            boolean empty = count[b] == 0;
            rows.add(new Bin((double) b / bins, (double) (b + 1) / bins, count[b], empty ? null : confidence[b] / count[b],
                    empty ? null : hits[b] / count[b]));
        }
        return rows;
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }
}
