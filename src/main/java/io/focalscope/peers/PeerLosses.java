package io.focalscope.peers;

import io.focalscope.io.InputException;
import io.focalscope.io.SegmentationBatch;
import io.focalscope.loss.ElementTerm;
import io.focalscope.loss.PixelProbe;
import io.focalscope.loss.SigmoidTargets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * What each {@link Peer} returns for one batch at γ: its value and its per-pixel map (each pixel's
 * contribution summed over the channels, before the library's denominator). Computed in double
 * from the logits, one pass per peer, each library's focal term through {@link ElementTerm}; written
 * by hand because these are other libraries' conventions (which elements, which weights, which
 * clipping), which no library here computes.
 */
public final class PeerLosses {

    /**
     * One peer's figures; where the library cannot be called on these inputs, {@code value} is NaN,
     * {@code map} null and {@code notApplicable} says why (else it is null).
     */
    public record Value(Peer peer, double value, String call, String differs, float[] map, String notApplicable) {

        public Value(Peer peer, double value, String call, String differs, float[] map) {
            this(peer, value, call, differs, map, null);
        }

        public boolean applicable() {
            return notApplicable == null;
        }
    }

    private PeerLosses() {
    }

    /**
     * @throws InputException for labels that are not a class index map of at least two classes
     */
    public static Map<Peer, Value> of(SegmentationBatch b, double gamma, Integer ignoreIndex) {
        Map<Peer, Value> out = new EnumMap<>(Peer.class);
        // each library's pass is independent: side by side on the cores (2.6 s for all six on the demo, one at a time)
        List<Value> values = java.util.Arrays.stream(Peer.values()).parallel().map(p -> one(p, b, gamma, ignoreIndex)).toList();
        for (Value v : values) {
            out.put(v.peer(), v);
        }
        return out;
    }

    /** Pixels per chunk of a pass (see {@link #mapAndSum}). */
    private static final int CHUNK = 1 << 14;

    /** One library's figures. */
    public static Value one(Peer p, SegmentationBatch b, double gamma, Integer ignoreIndex) {
        if (b.labelMasks() || b.classes() < 2) {
            return sigmoid(p, b, gamma, ignoreIndex);
        }
        long labelled = 0;
        for (int px = 0; px < b.pixels(); px++) {
            int y = b.labels()[px];
            boolean ignored = ignoreIndex != null && y == ignoreIndex;
            if (!ignored && (y < 0 || y >= b.classes())) {
                throw InputException.of(b.labelsSource(), "label " + y + " is outside the " + b.classes() + " classes");
            }
            labelled += ignored ? 0 : 1;
        }
        float[] map = new float[b.pixels()];
        double sum = mapAndSum(map, px -> {
            int y = b.labels()[px];
            return pixel(p, b, px, ignoreIndex != null && y == ignoreIndex ? -1 : y, gamma);
        });
        long all = (long) b.pixels() * b.classes();
        double denominator = switch (p) {
            case KORNIA, MONAI, MONAI_SOFTMAX, MMSEG -> all;
            case SMP, TORCHVISION -> (double) labelled * b.classes();
            case KERAS -> b.pixels();
        };
        return new Value(p, sum / denominator, p.call(gamma, ignoreIndex), p.differs(), map);
    }

    /**
     * Binary ({@code [N,1,H,W]} logits, 0/1 labels) and multi-label ({@code [N,C,H,W]} masks) inputs:
     * the sigmoid libraries' binary and multilabel modes, each element's focal term with its α, over
     * each library's elements. A library that cannot be called on the inputs (softmax ones; smp's
     * multilabel mode and mmseg where an element is ignored) says why instead.
     */
    private static Value sigmoid(Peer p, SegmentationBatch b, double gamma, Integer ignoreIndex) {
        boolean multiLabel = b.labelMasks();
        int[] classIndex = SigmoidTargets.classIndex(b, ignoreIndex); // refuses a target that is not 0, 1 or ignored
        SigmoidTargets.Kind kind = SigmoidTargets.kind(b);
        String call = p.sigmoidCall(multiLabel, gamma, ignoreIndex);
        if (call == null) {
            return new Value(p, Double.NaN, p.call(gamma, ignoreIndex), p.differs(), null,
                    "a softmax loss over the classes, with no binary or multi-label mode");
        }
        int classes = b.classes();
        int hw = b.height() * b.width();
        long all = (long) b.pixels() * classes;
        // a label per element (a binary map's per pixel, a mask's per pixel and channel): the ignored ones are left out
        long kept = all - (ignoreIndex == null ? 0 : java.util.Arrays.stream(b.labels()).filter(y -> y == ignoreIndex).count());
        boolean anyIgnored = kept < all;
        if (p == Peer.SMP && multiLabel && anyIgnored) {
            return new Value(p, Double.NaN, call, p.sigmoidDiffers(true), null, "smp's multilabel mode cannot leave elements"
                    + " out: with ignore_index it indexes each channel with the whole [N,C,H,W] mask and fails, without"
                    + " it an ignored element's label would be its target");
        }
        if (p == Peer.MMSEG && anyIgnored) {
            return new Value(p, Double.NaN, call, p.sigmoidDiffers(multiLabel), null, "mmseg cannot leave elements out"
                    + " here: given masks it reads an ignored element's label as its target, given a label map it one-hot"
                    + " encodes it into the C channels (1 on one channel fails)");
        }
        ElementTerm focal = ElementTerm.focal(gamma);
        float[] map = new float[b.pixels()];
        double sum = mapAndSum(map, px -> {
            int base = px / hw * classes * hw + px % hw;
            double pixel = 0;
            for (int c = 0; c < classes; c++) {
                int t = SigmoidTargets.target(b, kind, ignoreIndex, classIndex, px, c);
                if (t < 0 && p != Peer.MONAI) {
                    continue; // left out, where the library leaves it out
                }
                double[] e = PixelProbe.sigmoidElement(b.logits()[base + c * hw], t == 1);
                double alpha = switch (p) {
                    case TORCHVISION -> t == 1 ? 0.25 : 0.75;
                    case MMSEG -> 0.5;
                    default -> 1; // MONAI (an ignored element a negative), smp
                };
                pixel += focal.value(alpha, e[0], e[1]);
            }
            return pixel;
        });
        double denominator = p == Peer.MONAI || p == Peer.MMSEG ? all : kept;
        return new Value(p, sum / denominator, call, p.sigmoidDiffers(multiLabel), map);
    }

    /**
     * Fills the per-pixel map from each pixel's contribution, chunks of pixels on every thread, and
     * returns their sum, each chunk's sum kept and added in order, so no figure depends on the threads.
     */
    private static double mapAndSum(float[] map, java.util.function.IntToDoubleFunction contribution) {
        double[] chunkSums = new double[(map.length + CHUNK - 1) / CHUNK];
        IntStream.range(0, chunkSums.length).parallel().forEach(k -> {
            double s = 0;
            for (int px = k * CHUNK, end = Math.min(map.length, px + CHUNK); px < end; px++) {
                double v = contribution.applyAsDouble(px);
                map[px] = (float) v;
                s += v;
            }
            chunkSums[k] = s;
        });
        double sum = 0;
        for (double s : chunkSums) {
            sum += s;
        }
        return sum;
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
        ElementTerm focal = ElementTerm.focal(gamma);
        double total = 0;
        for (int c = 0; c < classes; c++) {
            double x = z[base + c * hw];
            boolean target = y == c;
            double[] softmax = PixelProbe.softmaxElement(x - logSum); // the focal term at p_c, as if c were the target
            double[] sigmoid = PixelProbe.sigmoidElement(x, target);
            total += switch (p) {
                // softmax, one-hot with 1e-6 on every other class, ignored pixels masked out
                case KORNIA -> y < 0 ? 0 : focal.value(target ? 1.0 : 1e-6, softmax[0], softmax[1]);
                // softmax, the target's term only, ignored pixels are zero rows
                case MONAI_SOFTMAX -> target ? focal.value(1, softmax[0], softmax[1]) : 0;
                // sigmoid on every pixel, an ignored one a negative in every channel
                case MONAI -> focal.value(1, sigmoid[0], sigmoid[1]);
                case SMP -> y < 0 ? 0 : focal.value(1, sigmoid[0], sigmoid[1]);
                case MMSEG -> y < 0 ? 0 : focal.value(0.5, sigmoid[0], sigmoid[1]);
                case TORCHVISION -> y < 0 ? 0 : focal.value(target ? 0.25 : 0.75, sigmoid[0], sigmoid[1]);
                // p clipped to [1e-7, 1 - 1e-7]; α 0.25 on the target's term
                case KERAS -> {
                    double clipped = Math.max(1e-7, Math.min(1 - 1e-7, Math.exp(x - logSum)));
                    yield target ? focal.value(0.25, -Math.log(clipped), Math.log1p(-clipped)) : 0;
                }
            };
        }
        return total;
    }
}
