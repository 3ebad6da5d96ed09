package io.focalscope.loss;

import java.util.ArrayList;
import java.util.List;

/**
 * One sample of a batch reduced on its own: its loss and cross-entropy under the batch's reduction
 * as if the sample were a batch of one. So under {@code sum} the samples' figures add up to the
 * batch's, under {@code mean-all} they average to it; under {@code mean} and {@code weighted-mean}
 * the batch's figure is their average weighted by the samples' elements (or weights), not their
 * plain average.
 *
 * @param sample       its index in the batch
 * @param pixels       its pixels with at least one element (softmax: its labelled pixels)
 * @param loss         its loss of the evaluated term ("onehot" form with softmax); NaN where a mean has no elements
 * @param crossEntropy its cross-entropy under the same weights and reduction
 */
public record SampleFigures(int sample, long pixels, double loss, double crossEntropy) {

    /** Each sample's figures from the per-sample sums of a term's pass and of cross-entropy's. */
    static List<SampleFigures> of(Reduction r, double[] termSums, double[] crossEntropySums, Participation.Elements elements,
                                  Weighting weighting) {
        List<SampleFigures> out = new ArrayList<>(termSums.length);
        for (int n = 0; n < termSums.length; n++) {
            long terms = elements.perSample()[n];
            double weights = weighting.sampleSums()[n];
            long all = elements.allPerSample();
            out.add(new SampleFigures(n, elements.samplePixels()[n], r.reduce(termSums[n], terms, weights, all),
                    r.reduce(crossEntropySums[n], terms, weights, all)));
        }
        return List.copyOf(out);
    }
}
