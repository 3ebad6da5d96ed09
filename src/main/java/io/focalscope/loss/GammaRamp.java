package io.focalscope.loss;

import java.util.stream.IntStream;

/**
 * A term's loss map at any γ from two maps kept while γ moves: the terms the window previews (focal
 * loss, Poly-1) are {@code (1 - p_t)^γ k} per pixel with k free of γ (their value at γ = 0), so
 * {@code log2 loss = log2 k + γ log2(1 - p_t)}: a pixel's colour on a log scale costs one
 * multiply-add, and no map is computed for a γ that only passes by.
 *
 * @param log2Factor   per pixel log2 k, -∞ where the loss is 0 (pixels left out among them)
 * @param log2OneMinus per pixel log2(1 - p_t), 0 where left out
 * @param gamma        the γ this ramp stands at
 */
public record GammaRamp(float[] log2Factor, float[] log2OneMinus, double gamma) {

    /** The same maps at another γ. */
    public GammaRamp at(double g) {
        return new GammaRamp(log2Factor, log2OneMinus, g);
    }

    /** log2 of the loss at pixel p: -∞ where it is 0. */
    public float log2Loss(int p) {
        float k = log2Factor[p];
        // at γ = 0, (1 - p_t)^0 is 1 even where 1 - p_t is 0 (0 x -∞ would be NaN)
        return gamma == 0 ? k : k + (float) gamma * log2OneMinus[p];
    }

    /** The loss at pixel p. */
    public float loss(int p) {
        return (float) Math.pow(2, log2Loss(p));
    }

    /** The whole map (made only when a view asks for every pixel: an export, a derived layer). */
    public float[] map() {
        float[] out = new float[log2Factor.length];
        IntStream.range(0, out.length).parallel().forEach(p -> out[p] = loss(p));
        return out;
    }

    /** The ramp of a map at γ = 0 and the kept 1 - p_t (NaN where left out). */
    static GammaRamp of(float[] atGammaZero, float[] oneMinusPt, double gamma) {
        float[] factor = new float[atGammaZero.length];
        float[] slope = new float[atGammaZero.length];
        double invLn2 = 1 / Math.log(2);
        IntStream.range(0, factor.length).parallel().forEach(p -> {
            factor[p] = (float) (Math.log(atGammaZero[p]) * invLn2);
            float q = oneMinusPt[p];
            slope[p] = Float.isNaN(q) ? 0f : (float) (Math.log(q) * invLn2);
        });
        return new GammaRamp(factor, slope, gamma);
    }
}
