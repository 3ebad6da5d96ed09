package io.focalscope.demo;

/** Chamfer (3-4) distance from each pixel to the nearest class boundary, in pixels. */
final class DistanceTransform {

    private DistanceTransform() {
    }

    static float[] toBoundary(int[] labels, int width, int height) {
        float far = width + height;
        float[] d = new float[labels.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                boolean edge = (x > 0 && labels[p - 1] != labels[p]) || (x < width - 1 && labels[p + 1] != labels[p])
                        || (y > 0 && labels[p - width] != labels[p]) || (y < height - 1 && labels[p + width] != labels[p]);
                d[p] = edge ? 0 : far;
            }
        }
        final float straight = 1f;
        final float diagonal = 4f / 3f;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                if (x > 0) d[p] = Math.min(d[p], d[p - 1] + straight);
                if (y > 0) d[p] = Math.min(d[p], d[p - width] + straight);
                if (x > 0 && y > 0) d[p] = Math.min(d[p], d[p - width - 1] + diagonal);
                if (x < width - 1 && y > 0) d[p] = Math.min(d[p], d[p - width + 1] + diagonal);
            }
        }
        for (int y = height - 1; y >= 0; y--) {
            for (int x = width - 1; x >= 0; x--) {
                int p = y * width + x;
                if (x < width - 1) d[p] = Math.min(d[p], d[p + 1] + straight);
                if (y < height - 1) d[p] = Math.min(d[p], d[p + width] + straight);
                if (x < width - 1 && y < height - 1) d[p] = Math.min(d[p], d[p + width + 1] + diagonal);
                if (x > 0 && y < height - 1) d[p] = Math.min(d[p], d[p + width - 1] + diagonal);
            }
        }
        return d;
    }
}
