package io.focalscope.loss.cpu;

import java.util.ArrayList;
import java.util.List;

/**
 * A batch's pixels cut into ranges for the threads: each range lies in one sample (so that sums per
 * sample need no split) and starts on a multiple of the vector length. Results are kept per range
 * and added up in range order, so a figure does not depend on how the threads were scheduled.
 */
record PixelRanges(int samples, int perSample, int[] sample, int[] from, int[] to) {

    /** About 32,768 pixels a range: many ranges for the threads, few enough that per-range sums cost nothing. */
    static final int TARGET = 1 << 15;

    static PixelRanges of(int samples, int perSample, int lanes) {
        int step = Math.max(lanes, TARGET / lanes * lanes);
        List<int[]> ranges = new ArrayList<>();
        for (int n = 0; n < samples; n++) {
            for (int i = 0; i < perSample; i += step) {
                ranges.add(new int[] {n, i, Math.min(perSample, i + step)});
            }
        }
        int k = ranges.size();
        int[] s = new int[k];
        int[] f = new int[k];
        int[] t = new int[k];
        for (int r = 0; r < k; r++) {
            s[r] = ranges.get(r)[0];
            f[r] = ranges.get(r)[1];
            t[r] = ranges.get(r)[2];
        }
        return new PixelRanges(samples, perSample, s, f, t);
    }

    int count() {
        return sample.length;
    }

    /** The first flat pixel {@code n * H * W + i} of range r. */
    int firstPixel(int r) {
        return sample[r] * perSample + from[r];
    }

    /** The flat pixel after range r's last. */
    int endPixel(int r) {
        return sample[r] * perSample + to[r];
    }
}
