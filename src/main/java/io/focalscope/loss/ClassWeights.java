package io.focalscope.loss;

import java.util.List;

/**
 * Per-class weights α_c, and any warnings about how meaningful they are (such as effective-number
 * weights that came out uniform because β^n underflowed).
 */
public record ClassWeights(double[] values, List<String> warnings) {

    public ClassWeights {
        values = values.clone();
        warnings = List.copyOf(warnings);
    }

    public static ClassWeights of(double[] values) {
        return new ClassWeights(values, List.of());
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    public double get(int c) {
        return values[c];
    }

    public int classes() {
        return values.length;
    }
}
