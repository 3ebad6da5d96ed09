package io.focalscope.loss;

import java.util.Arrays;

/**
 * Each element's weight as the kernels take it: per class, the α of its positive elements (with
 * softmax every element is) and of its negative ones ({@code w_c α} and {@code w_c (1 - α)} with
 * sigmoid), with one more slot, 0, for elements left out.
 *
 * @param sum the weights of all elements summed: what {@code weighted-mean} divides by
 */
public record Weighting(float[] positive, float[] negative, double sum) {

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
            // softmax: every element positive; sigmoid: the channel's positives and the rest of its kept elements
            sum += activation == Activation.SIGMOID ? w[c] * (pos * positives[c] + neg * (terms[c] - positives[c]))
                    : w[c] * terms[c];
        }
        return new Weighting(positive, negative, sum);
    }

    public boolean sameAs(Weighting o) {
        return o != null && Arrays.equals(positive, o.positive) && Arrays.equals(negative, o.negative);
    }
}
