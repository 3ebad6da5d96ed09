package io.focalscope.calibration;

/**
 * The ignore index as arithmetic, not a branch. The JIT compiles a branch that its profile never saw
 * taken as a trap: where an image's first ignored pixels come late (a void border at the bottom), the
 * pass's compiled code went back to the interpreter there and was compiled again, cold, mid-pass.
 */
final class IgnoreTest {

    private final int index;
    /** 1 where there is an ignore index, else 0. */
    private final int present;

    IgnoreTest(Integer ignoreIndex) {
        index = ignoreIndex == null ? 0 : ignoreIndex;
        present = ignoreIndex == null ? 0 : 1;
    }

    /** 1 where label y is the ignore index, else 0. */
    int ignored(int y) {
        int d = y ^ index;
        return (((d | -d) >>> 31) ^ 1) & present;
    }

    /**
     * The places j < len of the pixels from {@code p0} whose label is not the ignore index, in order,
     * into {@code places}; their count.
     */
    int labelled(int[] labels, int p0, int len, int[] places) {
        int n = 0;
        for (int j = 0; j < len; j++) {
            places[n] = j;
            n += ignored(labels[p0 + j]) ^ 1;
        }
        return n;
    }
}
