package io.focalscope.loss;

/**
 * What a dataset scan keeps of one batch: per class its terms and their summed loss (the part class
 * weights multiply and the part added unweighted, Poly-1's) and cross-entropy at one setting of the
 * term, without class weights, and the histogram of {@code -log p_t} that gives the loss at other γ.
 * Unweighted, so that weights from the whole dataset's histogram can be applied once every image is
 * counted: {@code Σ_c (w_c S_c + B_c)}.
 *
 * <p>Softmax: a term is a labelled pixel, {@code counts} are labelled pixels per class and the
 * histogram has a row per class. Sigmoid: a term is a kept (pixel, channel) element, already
 * weighted by its α_t; {@code counts} are the positive targets per class, and the histogram has a
 * row per class for positive targets and then one per class for negative ones.
 *
 * @param pixels      all pixels, N x H x W
 * @param labelled    pixels with at least one term
 * @param ignored     pixels whose label is the ignore index
 * @param nonFinite   pixels whose logits hold NaN or infinity, left out of every sum
 * @param terms       the terms of the loss (the denominator of mean)
 * @param allTerms    what mean-all divides by: N·H·W (softmax), N·C·H·W (sigmoid)
 * @param classTerms  per class its terms (softmax: its pixels; sigmoid: its channel's kept elements)
 * @param focalSum    per class the summed part of the term that class weights multiply (with sigmoid's α_t)
 * @param addedSum    per class the summed part added unweighted (0 but for Poly-1)
 */
public record ImageLossSums(double gamma, long pixels, long labelled, long ignored, long nonFinite, long terms, long allTerms,
                            long[] counts, long[] classTerms, double[] focalSum, double[] addedSum, double[] crossEntropySum,
                            LogPtHistogram histogram) implements java.io.Serializable {

    public int classes() {
        return counts.length;
    }

    /** The same sums without the histogram, which a scan adds into the dataset's and need not keep per image. */
    public ImageLossSums withoutHistogram() {
        return new ImageLossSums(gamma, pixels, labelled, ignored, nonFinite, terms, allTerms, counts, classTerms, focalSum,
                addedSum, crossEntropySum, null);
    }

    /** Softmax sums: a term per labelled pixel. */
    public static ImageLossSums softmax(double gamma, long pixels, long ignored, long nonFinite, long[] counts, double[] focalSum,
                                        double[] addedSum, double[] crossEntropySum, LogPtHistogram histogram) {
        long labelled = 0;
        for (long n : counts) {
            labelled += n;
        }
        return new ImageLossSums(gamma, pixels, labelled, ignored, nonFinite, labelled, pixels, counts, counts, focalSum,
                addedSum, crossEntropySum, histogram);
    }
}
