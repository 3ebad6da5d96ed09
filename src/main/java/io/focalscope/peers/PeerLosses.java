package io.focalscope.peers;

import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.SigmoidBatch;
import java.util.EnumMap;
import java.util.Map;

/**
 * What each {@link Peer} returns for one batch at γ: its value and its per-pixel map (each pixel's
 * contribution summed over the channels, before the library's denominator). Computed in double
 * from the logits, one pass per peer; written by hand because these are other libraries'
 * formulas, quirks included, which no library here computes.
 */
public final class PeerLosses {

    /** One peer's figures. */
    public record Value(Peer peer, double value, String call, String differs, float[] map) {
    }

    private PeerLosses() {
    }

    /**
     * @throws InputException for labels that are not a class index map of at least two classes
     */
    public static Map<Peer, Value> of(SegmentationBatch b, double gamma, Integer ignoreIndex) {
        Map<Peer, Value> out = new EnumMap<>(Peer.class);
        for (Peer p : Peer.values()) {
            out.put(p, one(p, b, gamma, ignoreIndex));
        }
        return out;
    }

    /** One library's figures. */
    public static Value one(Peer p, SegmentationBatch b, double gamma, Integer ignoreIndex) {
        if (b.labelMasks() || b.classes() < 2) {
            throw InputException.of(b.labelsSource(), "--peers compares the libraries on a class index map with at least"
                    + " two classes (logits [N,C,H,W], labels [N,H,W])");
        }
        float[] map = new float[b.pixels()];
        double sum = 0;
        long labelled = 0;
        for (int px = 0; px < map.length; px++) {
            int y = b.labels()[px];
            boolean ignored = ignoreIndex != null && y == ignoreIndex;
            if (!ignored && (y < 0 || y >= b.classes())) {
                throw InputException.of(b.labelsSource(), "label " + y + " is outside the " + b.classes() + " classes");
            }
            labelled += ignored ? 0 : 1;
            double v = pixel(p, b, px, ignored ? -1 : y, gamma);
            map[px] = (float) v;
            sum += v;
        }
        long all = (long) b.pixels() * b.classes();
        double denominator = switch (p) {
            case KORNIA, MONAI, MONAI_SOFTMAX, MMSEG -> all;
            case SMP, TORCHVISION -> (double) labelled * b.classes();
            case KERAS -> b.pixels();
        };
        return new Value(p, sum / denominator, p.call(gamma, ignoreIndex), p.differs(), map);
    }

    /** A pixel's contribution, summed over its channels; y is its class, or -1 where ignored. */
    static double pixel(Peer p, SegmentationBatch b, int px, int y, double gamma) {
        int classes = b.classes();
        int hw = b.height() * b.width();
        int base = px / hw * classes * hw + px % hw;
        float[] z = b.logits();
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, z[base + c * hw]);
        }
        double sumExp = 0;
        for (int c = 0; c < classes; c++) {
            sumExp += Math.exp(z[base + c * hw] - max);
        }
        double logSum = Math.log(sumExp) + max;
        double total = 0;
        for (int c = 0; c < classes; c++) {
            double x = z[base + c * hw];
            double logp = x - logSum;
            double prob = Math.exp(logp);
            int t = y == c ? 1 : 0;
            total += switch (p) {
                // softmax, one-hot with 1e-6 on every other class, ignored pixels masked out
                case KORNIA -> y < 0 ? 0 : -Math.pow(1 - prob, gamma) * logp * (t == 1 ? 1.0 : 1e-6);
                // softmax, the target's term only, ignored pixels are zero rows
                case MONAI_SOFTMAX -> t == 0 ? 0 : -Math.pow(1 - prob, gamma) * logp;
                // sigmoid on every pixel, an ignored one a negative in every channel
                case MONAI -> sigmoidTerm(x, t, gamma, 1);
                case SMP -> y < 0 ? 0 : sigmoidTerm(x, t, gamma, 1);
                case MMSEG -> y < 0 ? 0 : sigmoidTerm(x, t, gamma, 0.5);
                case TORCHVISION -> y < 0 ? 0 : sigmoidTerm(x, t, gamma, t == 1 ? 0.25 : 0.75);
                // p clipped to [1e-7, 1 - 1e-7]; α 0.25 on the target's term
                case KERAS -> {
                    double clipped = Math.max(1e-7, Math.min(1 - 1e-7, prob));
                    yield t == 0 ? 0 : Math.pow(1 - clipped, gamma) * 0.25 * -Math.log(clipped);
                }
            };
        }
        return total;
    }

    /** {@code a (1 - p_t)^γ BCE(x, t)}, with the cross-entropy by softplus. */
    private static double sigmoidTerm(double x, int t, double gamma, double a) {
        double softplusX = SigmoidBatch.softplus(x);
        double u = t == 1 ? softplusX - x : softplusX;
        return a * Math.exp(-gamma * (t == 1 ? softplusX : softplusX - x)) * u;
    }
}
