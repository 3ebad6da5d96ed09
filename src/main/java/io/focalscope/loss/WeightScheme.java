package io.focalscope.loss;

import io.focalscope.io.InputException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How class weights α_c follow from the label histogram n_c (pixels of class c over the batch,
 * ignored pixels left out). A class absent from the labels contributes no term to the loss; its
 * weight is reported as the formula gives it where the formula is finite (enet), else as 0.
 */
public sealed interface WeightScheme extends java.io.Serializable {

    ClassWeights weights(ClassCounts counts);

    /** A short name for display, such as {@code enet(c=1.1)}. */
    String describe();

    /** α_c = 1 for every class. */
    record None() implements WeightScheme {
        @Override
        public ClassWeights weights(ClassCounts counts) {
            double[] w = new double[counts.classes()];
            Arrays.fill(w, 1.0);
            return ClassWeights.of(w);
        }

        @Override
        public String describe() {
            return "none";
        }
    }

    /**
     * ENet weighting as in the source post: {@code α_c = 1 / ln(c + n_c / Σn)}, c = 1.10 by default
     * (the ENet paper uses 1.02). An absent class gets {@code 1 / ln(c)}, the largest weight.
     */
    record Enet(double c) implements WeightScheme {
        public Enet {
            if (!(c > 1.0) || !Double.isFinite(c)) {
                throw new InputException("ENet c must be greater than 1 (ln(c) must be positive), got " + c);
            }
        }

        @Override
        public ClassWeights weights(ClassCounts counts) {
            double total = counts.labelledPixels();
            double[] w = new double[counts.classes()];
            for (int k = 0; k < w.length; k++) {
                w[k] = 1.0 / Math.log(c + counts.count(k) / total);
            }
            return ClassWeights.of(w);
        }

        @Override
        public String describe() {
            return "enet(c=" + c + ")";
        }
    }

    /** Inverse frequency: {@code α_c = Σn / (K n_c)}, K the number of classes present. */
    record Inverse() implements WeightScheme {
        @Override
        public ClassWeights weights(ClassCounts counts) {
            double total = counts.labelledPixels();
            int present = counts.presentClasses();
            double[] w = new double[counts.classes()];
            for (int k = 0; k < w.length; k++) {
                w[k] = counts.count(k) == 0 ? 0.0 : total / (present * (double) counts.count(k));
            }
            return ClassWeights.of(w);
        }

        @Override
        public String describe() {
            return "inverse";
        }
    }

    /**
     * Median frequency balancing (Eigen and Fergus 2015, as in SegNet): {@code f_c = n_c / (pixels
     * of the samples in which c appears)}, {@code α_c = median(f) / f_c}, the median over the
     * classes present.
     */
    record MedianFrequency() implements WeightScheme {
        @Override
        public ClassWeights weights(ClassCounts counts) {
            int classes = counts.classes();
            double[] freq = new double[classes];
            for (int k = 0; k < classes; k++) {
                long pixelsOfSamplesWithK = 0;
                for (int n = 0; n < counts.samples(); n++) {
                    long[] sample = counts.perSample()[n];
                    if (sample[k] > 0) {
                        pixelsOfSamplesWithK += Arrays.stream(sample).sum();
                    }
                }
                freq[k] = counts.count(k) == 0 ? 0.0 : counts.count(k) / (double) pixelsOfSamplesWithK;
            }
            double[] present = Arrays.stream(freq).filter(f -> f > 0).sorted().toArray();
            int m = present.length;
            double median = m % 2 == 1 ? present[m / 2] : (present[m / 2 - 1] + present[m / 2]) / 2;
            double[] w = new double[classes];
            for (int k = 0; k < classes; k++) {
                w[k] = freq[k] == 0 ? 0.0 : median / freq[k];
            }
            return ClassWeights.of(w);
        }

        @Override
        public String describe() {
            return "median";
        }
    }

    /**
     * Effective number of samples (Cui et al. 2019): {@code α_c ∝ (1 - β) / (1 - β^{n_c})},
     * scaled so that the weights of the K classes present sum to K. With pixel counts, β^n
     * underflows to 0 unless β is very close to 1 and the weights come out uniform: that case
     * carries a warning.
     */
    record EffectiveNumber(double beta) implements WeightScheme {
        /** Below this, β^n no longer moves the weight in the 6th digit. */
        static final double SATURATED = 1e-6;

        public EffectiveNumber {
            if (!(beta >= 0.0 && beta < 1.0)) {
                throw new InputException("effective-number β must be in [0, 1), got " + beta);
            }
        }

        @Override
        public ClassWeights weights(ClassCounts counts) {
            double logBeta = Math.log(beta);
            double[] w = new double[counts.classes()];
            double sum = 0;
            long rarest = Long.MAX_VALUE;
            for (int k = 0; k < w.length; k++) {
                long n = counts.count(k);
                if (n > 0) {
                    // 1 - β^n computed as -expm1(n ln β): exact where β^n is close to 1
                    w[k] = (1 - beta) / -Math.expm1(n * logBeta);
                    sum += w[k];
                    rarest = Math.min(rarest, n);
                }
            }
            int present = counts.presentClasses();
            for (int k = 0; k < w.length; k++) {
                w[k] *= present / sum;
            }
            double rarestPower = Math.exp(rarest * logBeta);
            if (present > 1 && rarestPower < SATURATED) {
                // 1 - 1/n keeps β^n near e^-1 for the rarest class; for a rarest class of a few pixels
                // that is no nearer 1 than the β given (0 for one pixel), so the usual 0.999 instead
                String hint = String.format(Locale.ROOT, "%.8f", Math.max(1.0 - 1.0 / rarest, 0.999));
                return new ClassWeights(w, List.of(String.format(Locale.ROOT,
                        "effective-number weights are uniform: β^n underflows for every class "
                                + "(β = %s, rarest class %d pixels, β^n = %.1e); take β closer to 1, such as %s",
                        beta, rarest, rarestPower, hint)));
            }
            return ClassWeights.of(w);
        }

        @Override
        public String describe() {
            return "effective(beta=" + beta + ")";
        }
    }

    /** Weights given one per class, as read from a file. */
    record Explicit(double[] values, String source) implements WeightScheme {
        public Explicit {
            values = values.clone();
            for (int k = 0; k < values.length; k++) {
                if (!Double.isFinite(values[k]) || values[k] < 0) {
                    throw InputException.of(source, "weight " + values[k] + " of class " + k
                            + " is not a finite number >= 0");
                }
                if (values[k] > Float.MAX_VALUE) {
                    throw InputException.of(source, "weight " + values[k] + " of class " + k
                            + " is larger than float32 holds (3.4e38), the precision the losses are computed in");
                }
            }
            if (values.length > 0 && Arrays.stream(values).allMatch(v -> v == 0)) {
                throw InputException.of(source, "every weight is 0, which makes every pixel's loss 0");
            }
        }

        @Override
        public ClassWeights weights(ClassCounts counts) {
            if (values.length != counts.classes()) {
                throw InputException.of(source, "holds " + values.length + " weights but the logits have "
                        + counts.classes() + " classes");
            }
            return ClassWeights.of(values);
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        /** {@code file F}, or for weights a dataset scan gave, the source as it is ({@code dataset DIR, enet(c=1.1)}). */
        @Override
        public String describe() {
            return source.startsWith("dataset ") ? source : "file " + source;
        }
    }
}
