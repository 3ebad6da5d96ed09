package io.focalscope.loss;

/**
 * What a dataset scan keeps of one batch: per class its labelled pixels and their summed
 * unweighted focal loss and cross-entropy at one γ, and the histogram of {@code -log p_t} that
 * gives the focal loss at other γ. Unweighted, so that weights from the whole dataset's histogram
 * can be applied once every image is counted: {@code Σ α_c S_c}.
 *
 * @param pixels    all pixels, N x H x W
 * @param ignored   pixels whose label is the ignore index
 * @param nonFinite pixels whose logits hold NaN or infinity, left out of every sum
 */
public record ImageLossSums(double gamma, long pixels, long ignored, long nonFinite, long[] counts,
                            double[] focalSum, double[] crossEntropySum, LogPtHistogram histogram) {

    public int classes() {
        return counts.length;
    }

    public long labelledPixels() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /**
     * The sums from an evaluation without weights, reduction sum, and its per-pixel cross-entropy
     * {@code -log p_t}: the general way, which every engine can take.
     */
    static ImageLossSums of(Participation part, LossResult unweighted) {
        int classes = part.classes();
        long[] counts = part.counts().total();
        double[] focal = new double[classes];
        double[] ce = new double[classes];
        for (ClassFigures c : unweighted.perClass()) {
            focal[c.classId()] = c.meanLoss() * c.pixels();
            ce[c.classId()] = c.meanCrossEntropy() * c.pixels();
        }
        LogPtHistogram histogram = new LogPtHistogram(classes);
        float[] u = unweighted.maps().crossEntropy();
        int[] classIndex = part.classIndex();
        for (int p = 0; p < classIndex.length; p++) {
            if (classIndex[p] < classes) {
                histogram.add(classIndex[p], u[p]);
            }
        }
        return new ImageLossSums(unweighted.gamma(), part.pixels(), part.ignored(), part.nonFinite(), counts, focal, ce,
                histogram);
    }
}
