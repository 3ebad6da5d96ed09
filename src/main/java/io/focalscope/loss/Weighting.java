package io.focalscope.loss;

import java.util.Arrays;

/**
 * Each element's weight as the kernels take it: per class, the α of its positive elements (with
 * softmax every element is) and of its negative ones ({@code w_c α} and {@code w_c (1 - α)} with
 * sigmoid), with one more slot, 0, for elements left out.
 *
 * @param sum        the weights of all elements summed: what {@code weighted-mean} divides by
 * @param sampleSums the same per sample, for each sample's own {@code weighted-mean}
 */
public record Weighting(float[] positive, float[] negative, double sum, double[] sampleSums) {

    /** The weighting of a batch's elements under class weights and, with sigmoid, α (null for none). */
    public static Weighting of(double[] w, Activation activation, Double alpha, Participation part) {
        int classes = w.length;
        float[] positive = new float[classes + 1];
        float[] negative = new float[classes + 1];
        double pos = activation == Activation.SIGMOID && alpha != null ? alpha : 1;
        double neg = activation == Activation.SIGMOID && alpha != null ? 1 - alpha : 1;
        double sum = 0;
        long[] positives = part.counts().total();
        long[] terms = part.elements().perClass();
        for (int c = 0; c < classes; c++) {
            positive[c] = (float) (w[c] * pos);
            negative[c] = (float) (w[c] * neg);
            sum += weightOf(w[c], pos, neg, activation, positives[c], terms[c]);
        }
        double[] sampleSums = new double[part.counts().samples()];
        for (int n = 0; n < sampleSums.length; n++) {
            long[] samplePositives = part.counts().sample(n);
            long[] sampleTerms = part.elements().perSampleClass()[n];
            for (int c = 0; c < classes; c++) {
                sampleSums[n] += weightOf(w[c], pos, neg, activation, samplePositives[c], sampleTerms[c]);
            }
        }
        return new Weighting(positive, negative, sum, sampleSums);
    }

    /** The summed weight of a class's elements: softmax, every element positive; sigmoid, its positives and the rest. */
    private static double weightOf(double w, double pos, double neg, Activation activation, long positives, long terms) {
        return activation == Activation.SIGMOID ? w * (pos * positives + neg * (terms - positives)) : w * terms;
    }

    public boolean sameAs(Weighting o) {
        return o != null && Arrays.equals(positive, o.positive) && Arrays.equals(negative, o.negative);
    }
}
