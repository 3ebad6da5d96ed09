package io.focalscope.loss;

import java.util.Arrays;

/**
 * Labelled pixels per class, over the whole batch and per sample; ignored pixels and pixels with
 * non-finite logits are left out.
 */
public record ClassCounts(long[] total, long[][] perSample) {

    public ClassCounts {
        total = total.clone();
        perSample = Arrays.stream(perSample).map(long[]::clone).toArray(long[][]::new);
    }

    /** Counts from per-sample histograms {@code [N][C]}. */
    static ClassCounts of(long[][] perSample) {
        int classes = perSample.length == 0 ? 0 : perSample[0].length;
        long[] total = new long[classes];
        for (long[] s : perSample) {
            for (int c = 0; c < classes; c++) {
                total[c] += s[c];
            }
        }
        return new ClassCounts(total, perSample);
    }

    @Override
    public long[] total() {
        return total.clone();
    }

    public long[] sample(int n) {
        return perSample[n].clone();
    }

    public int classes() {
        return total.length;
    }

    public int samples() {
        return perSample.length;
    }

    public long count(int c) {
        return total[c];
    }

    public long labelledPixels() {
        return Arrays.stream(total).sum();
    }

    public int presentClasses() {
        return (int) Arrays.stream(total).filter(n -> n > 0).count();
    }
}
